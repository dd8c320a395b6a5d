/*
 * The Xen block front-end as rumpuser's device backend
 * (rumpuser_dev.h). Names: "blk<N>" is the N-th disk found under
 * device/vbd (probe order), anything else a vbd name ("768"). Disks are
 * probed on first use, in thread context (the hypercalls that get here
 * have released their rump CPU, so waiting for xenstore is fine).
 *
 * Buffers go to blkfront as they are: it grants 512-byte aligned ones
 * directly and bounces the others, and counts both per disk
 * (blkfront_get_stats; logged when a disk's handle is closed). A write
 * marked sync is followed by a flush when the backend has a write
 * cache (info.flush); without one a completed write is already
 * durable, so sync asks for nothing more. Completions run in
 * blkfront's thread, which is what rumpuser_dev.h asks for.
 */
#include "rumpuser_xen.h"

#include "rumpuser_priv.h"

#include "rumpuser.h"
#include "rumpuser_dev.h"

#include <blkfront/blkfront.h>
#include <rumpxen/app.h>

#include <core/config.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>

#include <stdbool.h>

#define SUBSYS "rumpuser-blk"

static bool probed;

/* Disks stay open until the guest ends: their counters are logged then. */
static struct exit_hook log_disks_at_exit = {.fn = blkfront_log_open_disks};

static struct blkfront_dev *lookup(const char *name)
{
	if (!probed) {
		/* "blkfront.indirect=0" turns indirect requests off. */
		struct blkfront_options opts = {
		    .no_indirect = !config_get_bool("blkfront.indirect", 1, NULL),
		};
		int n = blkfront_probe(&opts);
		app_at_exit(&log_disks_at_exit);
		if (n < 0)
			log_warn(SUBSYS, "disk probe failed: %s", rx_strerror(n));
		probed = true;
	}
	if (name[0] == 'b' && name[1] == 'l' && name[2] == 'k' && name[3] >= '0' &&
	    name[3] <= '9' && name[4] == '\0')
		return blkfront_get(name[3] - '0');
	return blkfront_find(name);
}

/* The disk called name and what it is; RX_ENOENT when there is none. */
static int lookup_info(const char *name, struct blkfront_dev **dev, struct blkfront_info *info)
{
	*dev = lookup(name);
	if (*dev == NULL)
		return RX_ENOENT;
	blkfront_get_info(*dev, info);
	return 0;
}

static int xb_info(void *ctx, const char *name, uint64_t *size, int *ftype)
{
	struct blkfront_dev *dev;
	struct blkfront_info info;
	int rc = lookup_info(name, &dev, &info);

	(void)ctx;
	if (rc)
		return rc;
	*size = info.capacity;
	*ftype = RUMPUSER_FT_BLK;
	return 0;
}

/* The handle is the disk: blkfront keeps it connected for everyone. */
static int xb_open(void *ctx, const char *name, int writable, void **handle)
{
	struct blkfront_dev *dev;
	struct blkfront_info info;
	int rc = lookup_info(name, &dev, &info);

	(void)ctx;
	if (rc)
		return rc;
	if (writable && info.readonly)
		return RX_EROFS;
	*handle = dev;
	return 0;
}

static int xb_flush(void *ctx, void *handle)
{
	struct blkfront_info info;

	(void)ctx;
	blkfront_get_info(handle, &info);
	if (!info.flush)
		return 0; /* nothing more durable to ask for */
	return blkfront_io(handle, BLKFRONT_FLUSH, 0, NULL, 0);
}

static int xb_close(void *ctx, void *handle)
{
	int err = xb_flush(ctx, handle);
	blkfront_log_stats(handle);
	return err;
}

/* One transfer; lives until the kernel has been told. */
struct xb_req {
	struct blkfront_req req;
	struct blkfront_dev *dev;
	rumpuser_dev_complete_fn complete;
	void *cookie;
	bool flush_after;
	bool flushing;
	size_t bytes;
};

static void xb_done(struct blkfront_req *breq, int status)
{
	struct xb_req *r = (struct xb_req *)breq;

	if (!r->flushing) {
		r->bytes = status == 0 ? breq->len : 0;
		if (status == 0 && r->flush_after) {
			/* durable before reported: chain the flush */
			r->flushing = true;
			r->req = (struct blkfront_req){.op = BLKFRONT_FLUSH, .done = xb_done};
			if ((status = blkfront_submit(r->dev, &r->req)) == 0)
				return;
		}
	}
	rumpuser_dev_complete_fn complete = r->complete;
	void *cookie = r->cookie;
	size_t bytes = status == 0 ? r->bytes : 0;
	mem_free(r);
	complete(cookie, bytes, status);
}

static int xb_submit(void *ctx, void *handle, int write, int sync, void *data, size_t len,
		     int64_t offset, rumpuser_dev_complete_fn complete, void *cookie)
{
	struct blkfront_info info;
	struct xb_req *r;
	int err;

	(void)ctx;
	if (offset < 0)
		return RX_EINVAL;
	r = mem_zalloc(sizeof(*r), 0);
	if (r == NULL)
		return RX_ENOMEM;
	blkfront_get_info(handle, &info);
	r->dev = handle;
	r->complete = complete;
	r->cookie = cookie;
	r->flush_after = write && sync && info.flush;
	r->req.op = write ? BLKFRONT_WRITE : BLKFRONT_READ;
	r->req.offset = (uint64_t)offset;
	r->req.buf = data;
	r->req.len = len;
	r->req.done = xb_done;
	err = blkfront_submit(handle, &r->req);
	if (err != 0) {
		mem_free(r);
		return err;
	}
	return 0;
}

/* Synchronous transfers (iovread/iovwrite) of whole sectors. */
static int xb_rw(void *handle, enum blkfront_op op, void *buf, size_t len, int64_t offset,
		 size_t *done)
{
	struct blkfront_info info;
	int err;

	blkfront_get_info(handle, &info);
	if (offset < 0)
		return RX_EINVAL;
	if ((uint64_t)offset >= info.capacity) {
		*done = 0; /* end of device */
		return 0;
	}
	if (len > info.capacity - (uint64_t)offset)
		len = (size_t)(info.capacity - (uint64_t)offset);
	err = blkfront_io(handle, op, (uint64_t)offset, buf, len);
	*done = err == 0 ? len : 0;
	return err;
}

static int xb_read(void *ctx, void *handle, void *buf, size_t len, int64_t offset, size_t *done)
{
	(void)ctx;
	return xb_rw(handle, BLKFRONT_READ, buf, len, offset, done);
}

static int xb_write(void *ctx, void *handle, const void *buf, size_t len, int64_t offset,
		    size_t *done)
{
	(void)ctx;
	return xb_rw(handle, BLKFRONT_WRITE, (void *)buf, len, offset, done);
}

static const struct rumpuser_dev_ops xen_blk_ops = {
    .info = xb_info,
    .open = xb_open,
    .close = xb_close,
    .submit = xb_submit,
    .read = xb_read,
    .write = xb_write,
    .flush = xb_flush,
};

int rumpuser__xen_blk_register(void)
{
	if (rumpuser__dev_present())
		return RX_EBUSY; /* the application chose its own */
	return rumpuser_dev_register(&xen_blk_ops, NULL);
}
