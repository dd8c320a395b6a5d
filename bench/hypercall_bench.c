/*
 * Ops/s of the rumpuser primitives the kernel leans on hardest. Runs on
 * the conformance suite's fake kernel, so every wrapped wait pays for
 * real upcalls and a real CPU hand-over, as it would under a kernel.
 */
#include "hypercall_bench.h"

#include "fake_kernel.h"

#include <core/log.h>
#include <core/plat.h>

static void report(const char *what, long ops, uint64_t ns)
{
	unsigned long long rate = ns != 0 ? (unsigned long long)ops * 1000000000ull / ns : 0;

	console_printf("hypercall-bench: %-34s %10llu ops/s  (%ld ops, %llu ns/op)\n", what, rate,
		       ops, ns / (unsigned long long)(ops != 0 ? ops : 1));
}

static void bench_mutex(long n)
{
	struct rumpuser_mtx *m;
	uint64_t t0;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	t0 = plat_monotonic_ns();
	for (long i = 0; i < n; i++) {
		rumpuser_mutex_enter(m);
		rumpuser_mutex_exit(m);
	}
	report("mutex enter+exit (uncontended)", n, plat_monotonic_ns() - t0);
	rumpuser_mutex_destroy(m);
}

/* Two kernel threads bounce a token: one round trip = two wakeups. */
struct pingpong {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int turn; /* 0: main's turn, 1: partner's */
	long rounds;
};

static void partner_fn(struct lwp *l, void *arg)
{
	struct pingpong *p = arg;

	(void)l;
	rumpuser_mutex_enter(p->m);
	for (long i = 0; i < p->rounds; i++) {
		while (p->turn != 1)
			rumpuser_cv_wait(p->cv, p->m);
		p->turn = 0;
		rumpuser_cv_signal(p->cv);
	}
	rumpuser_mutex_exit(p->m);
}

static void bench_cv(long n)
{
	struct pingpong p = {.rounds = n};
	void *cookie;
	uint64_t t0;

	rumpuser_mutex_init(&p.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&p.cv);
	if (fk_spawn(partner_fn, &p, "partner", &cookie) != 0) {
		console_printf("hypercall-bench: cv round trip: cannot create a thread\n");
		return;
	}
	t0 = plat_monotonic_ns();
	rumpuser_mutex_enter(p.m);
	for (long i = 0; i < n; i++) {
		p.turn = 1;
		rumpuser_cv_signal(p.cv);
		while (p.turn != 0)
			rumpuser_cv_wait(p.cv, p.m);
	}
	rumpuser_mutex_exit(p.m);
	report("cv signal/wait round trip", n, plat_monotonic_ns() - t0);
	rumpuser_thread_join(cookie);
	rumpuser_cv_destroy(p.cv);
	rumpuser_mutex_destroy(p.m);
}

static void *exit_at_once(void *arg)
{
	(void)arg;
	rumpuser_thread_exit();
}

static void bench_threads(long n)
{
	uint64_t t0 = plat_monotonic_ns();
	void *cookie;

	for (long i = 0; i < n; i++) {
		if (rumpuser_thread_create(exit_at_once, NULL, "bench", 1, -1, -1, &cookie) != 0 ||
		    rumpuser_thread_join(cookie) != 0) {
			console_printf("hypercall-bench: thread create+join failed at %ld\n", i);
			return;
		}
	}
	report("thread create+join", n, plat_monotonic_ns() - t0);
}

static void bench_malloc(long n, size_t size, const char *what)
{
	uint64_t t0 = plat_monotonic_ns();
	void *p;

	for (long i = 0; i < n; i++) {
		if (rumpuser_malloc(size, 0, &p) != 0) {
			console_printf("hypercall-bench: %s: out of memory\n", what);
			return;
		}
		*(volatile char *)p = 1;
		rumpuser_free(p, size);
	}
	report(what, n, plat_monotonic_ns() - t0);
}

int hypercall_bench_run(int scale)
{
	struct lwp *self;

	if (scale < 1)
		scale = 1;
	if (fk_init() != 0)
		return -1;
	self = fk_enter_kernel();
	bench_mutex(10000000 / scale);
	bench_cv(200000 / scale);
	bench_threads(50000 / scale);
	bench_malloc(2000000 / scale, 64, "malloc+free 64 B");
	bench_malloc(1000000 / scale, 4096, "malloc+free 4 KiB");
	fk_leave_kernel(self);
	return 0;
}
