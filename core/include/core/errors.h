/*
 * The platform's error codes. Every function of the core and of xen/
 * returns 0 (or a non-negative result) on success and one of these
 * negative values on failure. Translation to other numberings (NetBSD
 * errno for the rump kernel, POSIX errno for applications) happens at
 * the boundary of the layer that needs it, in one table there.
 */
#ifndef CORE_ERRORS_H
#define CORE_ERRORS_H

enum rx_error {
	RX_OK = 0,
	RX_ENOMEM = -1,     /* out of memory */
	RX_EINVAL = -2,     /* bad argument or malformed input */
	RX_ENOENT = -3,     /* no such key, path or device */
	RX_EAGAIN = -4,     /* try again (e.g. xenstore transaction conflict) */
	RX_ETIMEDOUT = -5,  /* deadline passed */
	RX_EIO = -6,        /* device or backend error */
	RX_EROFS = -7,      /* read-only device */
	RX_EBUSY = -8,      /* resource in use */
	RX_ENOSPC = -9,     /* a fixed-size table or ring is full */
	RX_EACCES = -10,    /* permission denied */
	RX_EEXIST = -11,    /* already exists */
	RX_E2BIG = -12,     /* value or message too long */
	RX_ENODEV = -13,    /* device missing or gone */
	RX_EPROTO = -14,    /* peer broke the protocol (malformed reply) */
	RX_ENOSYS = -15,    /* not supported */
	RX_ESHUTDOWN = -16, /* backend disconnected */
	RX_EPERM = -17,     /* operation not permitted */
	RX_ERANGE = -18,    /* value out of range */
};

/* A short fixed description of an rx_error ("out of memory"). */
const char *rx_strerror(int err);

#endif
