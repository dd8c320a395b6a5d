/* NetBSD errno values as the demo reports them. */
#include <sys/types.h>
#include <stdint.h>

#include <rump/rumpdefs.h>
#include <rumpuser_plat.h>

#include "demo.h"

int demo_errno(void)
{
	int e = rumpuser_thread_errno();

	return e > 0 ? -e : -RUMP_EIO;
}

const char *demo_strerror(int err)
{
	static const struct {
		int err;
		const char *text;
	} names[] = {
		{ RUMP_ENOENT, "no such file or device (ENOENT)" },
		{ RUMP_EIO, "input/output error (EIO)" },
		{ RUMP_ENXIO, "device not configured (ENXIO)" },
		{ RUMP_ENOMEM, "out of memory (ENOMEM)" },
		{ RUMP_EBUSY, "busy (EBUSY)" },
		{ RUMP_EEXIST, "already exists (EEXIST)" },
		{ RUMP_ENODEV, "no such device (ENODEV)" },
		{ RUMP_ENOTDIR, "not a directory (ENOTDIR)" },
		{ RUMP_EINVAL, "invalid argument (EINVAL)" },
		{ RUMP_EFBIG, "file too large (EFBIG)" },
		{ RUMP_ENOSPC, "no space left (ENOSPC)" },
		{ RUMP_EROFS, "read-only file system (EROFS)" },
		{ RUMP_EAGAIN, "try again (EAGAIN)" },
		{ RUMP_EADDRINUSE, "address in use (EADDRINUSE)" },
		{ RUMP_ENETUNREACH, "network unreachable (ENETUNREACH)" },
		{ RUMP_ETIMEDOUT, "timed out (ETIMEDOUT)" },
		{ RUMP_ECONNREFUSED, "connection refused (ECONNREFUSED)" },
		{ RUMP_ENAMETOOLONG, "name too long (ENAMETOOLONG)" },
		{ RUMP_EHOSTUNREACH, "host unreachable (EHOSTUNREACH)" },
		{ RUMP_EFTYPE, "wrong file type or format (EFTYPE)" },
	};

	if (err < 0)
		err = -err;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].text;
	return "error (see NetBSD errno numbers)";
}
