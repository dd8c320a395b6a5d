/* Hypercall primitive benchmark, shared by the host and guest mains. */
#ifndef BENCH_HYPERCALL_BENCH_H
#define BENCH_HYPERCALL_BENCH_H

/* Runs every measurement, printing one line each ("NAME: X ops/s").
 * scale divides the iteration counts (1 on the host; more under
 * emulation). Returns 0, or -1 when set-up failed. */
int hypercall_bench_run(int scale);

#endif
