/*
 * The storage device interface under rumpuser's file and block-I/O
 * hypercalls (rumpuser_open/close/getfileinfo/bio/iovread/iovwrite/
 * syncfd). A backend (the Xen block front-end, or a test device)
 * registers one table of operations; rumpuser owns descriptors, the
 * errno translation and the rump CPU protocol around every call.
 *
 * Contract for a backend:
 *  - every operation returns 0 or a negative rx_error (core/errors.h);
 *    RX_ENOENT for a name it does not know, RX_EROFS for a write open of
 *    a read-only device (having released anything it reserved),
 *    RX_ERANGE for a transfer outside the device (the kernel sees
 *    EINVAL);
 *  - every operation runs in thread context without a rump CPU and may
 *    block;
 *  - submit() starts a transfer and returns; the backend later calls
 *    complete(cookie, bytes, rx_error) exactly once, from any context
 *    including an event handler (rumpuser defers the kernel's callback
 *    to a thread that holds a rump CPU). If submit() returns an error,
 *    complete() must not be called.
 *  - read/write/flush may be NULL (then the hypercalls answer ENOSYS).
 */
#ifndef RUMPUSER_DEV_H
#define RUMPUSER_DEV_H

#include <stddef.h>
#include <stdint.h>

typedef void (*rumpuser_dev_complete_fn)(void *cookie, size_t bytes_done, int rx_err);

struct rumpuser_dev_ops {
	/* Size in bytes and RUMPUSER_FT_* type of `name`, without opening. */
	int (*info)(void *ctx, const char *name, uint64_t *size, int *ftype);
	int (*open)(void *ctx, const char *name, int writable, void **handle);
	int (*close)(void *ctx, void *handle);
	int (*submit)(void *ctx, void *handle, int write, int sync, void *data, size_t len,
		      int64_t offset, rumpuser_dev_complete_fn complete, void *cookie);
	int (*read)(void *ctx, void *handle, void *buf, size_t len, int64_t offset, size_t *done);
	int (*write)(void *ctx, void *handle, const void *buf, size_t len, int64_t offset,
		     size_t *done);
	int (*flush)(void *ctx, void *handle);
};

/*
 * Install the backend (one at a time; NULL removes it). Returns
 * RX_EBUSY while descriptors of the current backend are open, RX_EINVAL
 * if a mandatory operation (info, open, close, submit) is missing.
 */
int rumpuser_dev_register(const struct rumpuser_dev_ops *ops, void *ctx);

#endif
