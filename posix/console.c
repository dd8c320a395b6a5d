/* write and writev: fds 1 and 2 go to the platform's console; no other
 * descriptor exists yet. */
#include "posix_internal.h"

static bool is_console(long fd) { return (fd == 1 || fd == 2) && posix_ops.console_write; }

static long console_write(int fd, const void *buf, size_t len)
{
	if (len > LX_MAX_RW_COUNT)
		len = LX_MAX_RW_COUNT;
	long r = posix_ops.console_write(fd, buf, len);
	/* More than asked for would corrupt the caller's accounting. */
	if (r > (long)len)
		return -LX_EIO;
	return r;
}

long posix_sys_write(const struct posix_args *args)
{
	long fd = args->a[0];
	const void *buf = (const void *)args->a[1];
	size_t len = (size_t)args->a[2];

	if (!is_console(fd))
		return -LX_EBADF;
	if (len == 0)
		return 0;
	int err = posix_check_buf(buf, len);
	if (err)
		return err;
	return console_write((int)fd, buf, len);
}

/* Segments in order; a short or failed write ends the call with what
 * was written so far (the error only when nothing was). */
long posix_sys_writev(const struct posix_args *args)
{
	long fd = args->a[0];
	const struct lx_iovec *iov = (const struct lx_iovec *)args->a[1];
	long iovcnt = args->a[2];
	size_t total;

	if (!is_console(fd))
		return -LX_EBADF;
	int err = posix_check_iov(iov, iovcnt, &total);
	if (err)
		return err;
	long done = 0;
	for (long i = 0; i < iovcnt && done < LX_MAX_RW_COUNT; i++) {
		size_t len = iov[i].iov_len;
		if (len == 0)
			continue;
		if (len > (size_t)(LX_MAX_RW_COUNT - done))
			len = (size_t)(LX_MAX_RW_COUNT - done);
		long r = console_write((int)fd, iov[i].iov_base, len);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((size_t)r < len)
			break;
	}
	return done;
}
