/* getrandom: the platform's random generator. */
#include "posix_internal.h"

#define KNOWN_FLAGS (LX_GRND_NONBLOCK | LX_GRND_RANDOM | LX_GRND_INSECURE)

long posix_sys_getrandom(const struct posix_args *args)
{
	void *buf = (void *)args->a[0];
	size_t len = (size_t)args->a[1];
	unsigned long flags = (unsigned long)args->a[2];

	/* Linux refuses unknown flags and INSECURE together with RANDOM. */
	if ((flags & ~(unsigned long)KNOWN_FLAGS) ||
	    (flags & (LX_GRND_RANDOM | LX_GRND_INSECURE)) == (LX_GRND_RANDOM | LX_GRND_INSECURE))
		return -LX_EINVAL;
	if (len == 0)
		return 0;
	int err = posix_check_buf(buf, len);
	if (err)
		return err;
	if (!posix_ops.random)
		return -LX_ENOSYS;
	if (len > LX_MAX_RW_COUNT)
		len = LX_MAX_RW_COUNT;
	/* INSECURE never waits, like NONBLOCK. */
	err = posix_ops.random(buf, len, (flags & (LX_GRND_NONBLOCK | LX_GRND_INSECURE)) != 0);
	return err ? err : (long)len;
}
