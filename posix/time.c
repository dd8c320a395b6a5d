/* clock_gettime: Linux clock ids onto the platform's clocks. */
#include "posix_internal.h"

#define NS_PER_S 1000000000ull

bool posix_clock_from_linux(long id, enum posix_clock *clock)
{
	switch (id) {
	case LX_CLOCK_REALTIME:
	case LX_CLOCK_REALTIME_COARSE:
	case LX_CLOCK_REALTIME_ALARM:
	case LX_CLOCK_TAI: /* TAI = UTC until something sets the offset */
		*clock = POSIX_CLOCK_REALTIME;
		return true;
	case LX_CLOCK_MONOTONIC:
	case LX_CLOCK_MONOTONIC_RAW:
	case LX_CLOCK_MONOTONIC_COARSE:
	case LX_CLOCK_BOOTTIME: /* the guest is never suspended */
	case LX_CLOCK_BOOTTIME_ALARM:
		*clock = POSIX_CLOCK_MONOTONIC;
		return true;
	case LX_CLOCK_PROCESS_CPUTIME_ID:
		*clock = POSIX_CLOCK_PROCESS_CPU;
		return true;
	case LX_CLOCK_THREAD_CPUTIME_ID:
		*clock = POSIX_CLOCK_THREAD_CPU;
		return true;
	default:
		/* Includes negative ids: CPU clocks of other processes. */
		return false;
	}
}

long posix_sys_clock_gettime(const struct posix_args *args)
{
	struct lx_timespec *ts = (struct lx_timespec *)args->a[1];
	enum posix_clock clock;
	uint64_t ns;

	if (!posix_clock_from_linux(args->a[0], &clock))
		return -LX_EINVAL;
	if (posix_check_buf(ts, sizeof(*ts)))
		return -LX_EFAULT;
	if (!posix_ops.clock_ns)
		return -LX_ENOSYS;
	int err = posix_ops.clock_ns(clock, &ns);
	if (err)
		return err;
	ts->tv_sec = (int64_t)(ns / NS_PER_S);
	ts->tv_nsec = (int64_t)(ns % NS_PER_S);
	return 0;
}
