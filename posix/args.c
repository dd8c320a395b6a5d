/* Argument checks shared by the handlers. In one address space the only
 * pointer errors to catch are NULL and ranges that wrap around. */
#include <stdint.h>

#include "posix_internal.h"

int posix_check_buf(const void *p, size_t len)
{
	if (len == 0)
		return 0;
	if (!p || (uintptr_t)p + len - 1 < (uintptr_t)p)
		return -LX_EFAULT;
	return 0;
}

int posix_check_iov(const struct lx_iovec *iov, long iovcnt, size_t *total)
{
	size_t sum = 0;

	*total = 0;
	if (iovcnt < 0 || iovcnt > LX_UIO_MAXIOV)
		return -LX_EINVAL;
	if (iovcnt == 0)
		return 0;
	if (posix_check_buf(iov, (size_t)iovcnt * sizeof(*iov)))
		return -LX_EFAULT;
	for (long i = 0; i < iovcnt; i++) {
		size_t len = iov[i].iov_len;
		/* Linux: a total that does not fit ssize_t is EINVAL. */
		if (len > (size_t)INTPTR_MAX - sum)
			return -LX_EINVAL;
		if (posix_check_buf(iov[i].iov_base, len))
			return -LX_EFAULT;
		sum += len;
	}
	*total = sum;
	return 0;
}
