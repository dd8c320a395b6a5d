/*
 * rump_init() time in the guest: the rump kernel alone (librump), timed
 * with the platform's monotonic clock. Prints one figure line; the
 * bench script boots it several times and takes the median.
 */
#include <sys/types.h>
#include <stdint.h>
#include <stdio.h>

#include <core/plat.h>

#include <rump/rump.h>

int main(void)
{
	uint64_t t0 = plat_monotonic_ns();
	int rc = rump_init();
	uint64_t t1 = plat_monotonic_ns();

	if (rc != 0) {
		printf("rump_init failed: %d\n", rc);
		return 1;
	}
	printf("rump_init_us %lu\n", (unsigned long)((t1 - t0) / 1000u));
	return 0;
}
