/* The hypercall benchmark as a guest program (argument: scale divisor,
 * default 20 - emulated CPUs are slow). */
#include "hypercall_bench.h"

#include <core/log.h>

int main(int argc, char **argv)
{
	int scale = 0;

	for (const char *p = argc > 1 ? argv[1] : "20"; *p >= '0' && *p <= '9'; p++)
		scale = scale * 10 + (*p - '0');
	if (hypercall_bench_run(scale) != 0) {
		console_printf("hypercall-bench: set-up failed\n");
		return 1;
	}
	console_printf("hypercall-bench: done\n");
	return 0;
}
