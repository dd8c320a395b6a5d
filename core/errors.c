/* Descriptions of the platform's error codes (errors.h). */
#include <core/errors.h>

static const char *const descriptions[] = {
    [0] = "success",
    [-RX_ENOMEM] = "out of memory",
    [-RX_EINVAL] = "invalid argument",
    [-RX_ENOENT] = "no such entry",
    [-RX_EAGAIN] = "try again",
    [-RX_ETIMEDOUT] = "timed out",
    [-RX_EIO] = "input/output error",
    [-RX_EROFS] = "read-only device",
    [-RX_EBUSY] = "resource busy",
    [-RX_ENOSPC] = "no space left",
    [-RX_EACCES] = "permission denied",
    [-RX_EEXIST] = "already exists",
    [-RX_E2BIG] = "too long",
    [-RX_ENODEV] = "no such device",
    [-RX_EPROTO] = "protocol error",
    [-RX_ENOSYS] = "not supported",
    [-RX_ESHUTDOWN] = "peer shut down",
    [-RX_EPERM] = "operation not permitted",
    [-RX_ERANGE] = "out of range",
};

const char *rx_strerror(int err)
{
	unsigned i = err <= 0 ? 0u - (unsigned)err : ~0u;

	if (i < sizeof(descriptions) / sizeof(descriptions[0]) && descriptions[i])
		return descriptions[i];
	return "unknown error";
}
