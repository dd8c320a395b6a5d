/* The hypercall benchmark as a Linux process. */
#include "hypercall_bench.h"

#include "plat_linux.h"

#include <stdio.h>

int main(void)
{
	if (plat_linux_init(256u << 20) != 0) {
		fprintf(stderr, "hypercall-bench: no host heap\n");
		return 1;
	}
	return hypercall_bench_run(1) == 0 ? 0 : 1;
}
