/*
 * File and block-I/O hypercalls on the registered device backend
 * (rumpuser_dev.h). This file owns the descriptor table, the NetBSD
 * errors, and the rump CPU protocol: every backend call may block, so
 * each is bracketed by unschedule/reschedule; kernel completion
 * callbacks run on one completion thread that holds a rump CPU and its
 * own lwp while calling them (backends may complete from event context).
 */
#include "rumpuser_priv.h"

#include "rumpuser_dev.h"

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include <stdbool.h>

#define MAX_FDS 32

static const struct rumpuser_dev_ops *dev;
static void *dev_ctx;

/* A slot is reserved (used) before the backend's open may block. */
static struct {
	bool used;
	bool writable;
	void *handle; /* NULL while the open is in progress */
	int64_t pos;  /* for RUMPUSER_IOV_NOSEEK */
} fds[MAX_FDS];

struct completion {
	struct completion *next;
	rump_biodone_fn done;
	void *donearg;
	size_t bytes;
	int error; /* NetBSD errno */
};

/* Completed requests; changed from event context too: irq-save around. */
static struct completion *done_head, *done_tail;
static struct waitq done_wait;
static bool completer_started;

int rumpuser_dev_register(const struct rumpuser_dev_ops *ops, void *ctx)
{
	for (int i = 0; i < MAX_FDS; i++)
		if (fds[i].used)
			return RX_EBUSY;
	if (ops != NULL &&
	    (ops->info == NULL || ops->open == NULL || ops->close == NULL || ops->submit == NULL))
		return RX_EINVAL;
	dev = ops;
	dev_ctx = ctx;
	return 0;
}

int rumpuser__dev_present(void) { return dev != NULL; }

static void queue_completion(struct completion *c)
{
	unsigned long flags = plat_irq_save();

	c->next = NULL;
	if (done_tail != NULL)
		done_tail->next = c;
	else
		done_head = c;
	done_tail = c;
	plat_irq_restore(flags);
	waitq_wake_one(&done_wait);
}

static struct completion *dequeue_completion(void)
{
	unsigned long flags = plat_irq_save();
	struct completion *c = done_head;

	if (c != NULL) {
		done_head = c->next;
		if (done_head == NULL)
			done_tail = NULL;
	}
	plat_irq_restore(flags);
	return c;
}

/* Backend callback: any context, so only record and wake. */
static void backend_complete(void *cookie, size_t bytes, int rx_err)
{
	struct completion *c = cookie;

	c->bytes = bytes;
	c->error = rumpuser__bio_errno_from_rx(rx_err);
	queue_completion(c);
}

static void completer_main(void *arg)
{
	(void)arg;
	rumpuser__lwp_unbind();		  /* starts without an lwp */
	if (rumpuser__hyp != NULL) {		  /* a permanent lwp of our own, once */
		rumpuser__hyp->hyp_schedule();
		rumpuser__hyp->hyp_lwproc_newlwp(0);
		rumpuser__hyp->hyp_unschedule();
	}
	for (;;) {
		struct completion *c;
		int unused;

		waitq_prepare(&done_wait, 0);
		c = dequeue_completion();
		if (c == NULL) {
			waitq_finish(&done_wait);
			continue;
		}
		waitq_cancel(&done_wait);
		/* read everything we need before the kernel runs */
		rump_biodone_fn done = c->done;
		void *donearg = c->donearg;
		size_t bytes = c->bytes;
		int error = c->error;
		mem_free(c);
		if (rumpuser__hyp != NULL)
			rumpuser__hyp->hyp_backend_schedule(0, NULL);
		done(donearg, bytes, error);
		if (rumpuser__hyp != NULL)
			rumpuser__hyp->hyp_backend_unschedule(0, &unused, NULL);
	}
}

static int start_completer(void)
{
	int err;

	if (completer_started)
		return 0;
	err = thread_create(NULL, "rumpuser-biodone", completer_main, NULL, 0, 0);
	if (err != 0)
		return rumpuser__errno_from_rx(err);
	completer_started = true;
	return 0;
}

static bool fd_valid(int fd)
{
	return fd >= 0 && fd < MAX_FDS && fds[fd].used && fds[fd].handle != NULL;
}

int rumpuser_getfileinfo(const char *name, uint64_t *sizep, int *typep)
{
	uint64_t size = 0;
	int type = RUMPUSER_FT_OTHER, held, err;

	if (name == NULL)
		return NB_EINVAL;
	if (dev == NULL)
		return NB_ENXIO;
	held = rumpuser__unschedule(NULL);
	err = dev->info(dev_ctx, name, &size, &type);
	rumpuser__reschedule(held, NULL);
	if (err != 0)
		return rumpuser__errno_from_rx(err);
	if (sizep != NULL)
		*sizep = size;
	if (typep != NULL)
		*typep = type;
	return 0;
}

/* Devices exist or not: CREATE is accepted, CREATE|EXCL finds it existing. */
int rumpuser_open(const char *name, int mode, int *fdp)
{
	const int known =
	    RUMPUSER_OPEN_ACCMODE | RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL | RUMPUSER_OPEN_BIO;
	int acc = mode & RUMPUSER_OPEN_ACCMODE, fd, held, err;
	void *handle = NULL;

	if (name == NULL || fdp == NULL || (mode & ~known) != 0 || acc == RUMPUSER_OPEN_ACCMODE)
		return NB_EINVAL;
	if (dev == NULL)
		return NB_ENXIO;
	for (fd = 0; fd < MAX_FDS && fds[fd].used; fd++)
		;
	if (fd == MAX_FDS)
		return NB_EMFILE;
	if ((mode & RUMPUSER_OPEN_BIO) && (err = start_completer()) != 0)
		return err;
	fds[fd].used = true;
	fds[fd].handle = NULL;
	held = rumpuser__unschedule(NULL);
	err = dev->open(dev_ctx, name, acc != RUMPUSER_OPEN_RDONLY, &handle);
	if (err == 0 && (mode & (RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL)) ==
			    (RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL)) {
		dev->close(dev_ctx, handle);
		err = RX_EEXIST;
	}
	rumpuser__reschedule(held, NULL);
	if (err != 0 || handle == NULL) {
		fds[fd].used = false; /* nothing stays reserved: a read-only retry follows */
		return err != 0 ? rumpuser__errno_from_rx(err) : NB_EIO;
	}
	fds[fd].handle = handle;
	fds[fd].writable = acc != RUMPUSER_OPEN_RDONLY;
	fds[fd].pos = 0;
	*fdp = fd;
	return 0;
}

int rumpuser_close(int fd)
{
	void *handle;
	int held, err;

	if (!fd_valid(fd))
		return NB_EBADF;
	handle = fds[fd].handle;
	fds[fd].handle = NULL; /* no new I/O while the backend flushes */
	held = rumpuser__unschedule(NULL);
	err = dev->close(dev_ctx, handle);
	rumpuser__reschedule(held, NULL);
	fds[fd].used = false;
	return rumpuser__errno_from_rx(err);
}

/* Asynchronous: every outcome, even a bad argument, reaches done() once,
 * from the completion thread. */
void rumpuser_bio(int fd, int op, void *data, size_t len, int64_t offset, rump_biodone_fn done,
		  void *donearg)
{
	int dir = op & (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE);
	struct completion *c = mem_alloc(sizeof(*c), 0);
	int held, err = 0;

	if (c == NULL) { /* no record to defer with: tell the kernel now */
		done(donearg, 0, NB_ENOMEM);
		return;
	}
	c->done = done;
	c->donearg = donearg;
	c->bytes = 0;
	if (!fd_valid(fd))
		c->error = NB_EBADF;
	else if ((op & ~(RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC)) != 0 ||
		 (dir != RUMPUSER_BIO_READ && dir != RUMPUSER_BIO_WRITE) || offset < 0 ||
		 (data == NULL && len != 0))
		c->error = NB_EINVAL;
	else if (dir == RUMPUSER_BIO_WRITE && !fds[fd].writable)
		c->error = NB_EROFS;
	else if (!completer_started && (c->error = start_completer()) != 0)
		;
	else {
		held = rumpuser__unschedule(NULL); /* a full ring may make submit wait */
		err = dev->submit(dev_ctx, fds[fd].handle, dir == RUMPUSER_BIO_WRITE,
				  (op & RUMPUSER_BIO_SYNC) != 0, data, len, offset,
				  backend_complete, c);
		rumpuser__reschedule(held, NULL);
		if (err == 0)
			return;
		c->error = rumpuser__bio_errno_from_rx(err);
	}
	if (completer_started) {
		queue_completion(c);
		return;
	}
	err = c->error;
	mem_free(c);
	done(donearg, 0, err);
}

static int iov_transfer(int fd, const struct rumpuser_iovec *iov, size_t iovcnt, int64_t offset,
			size_t *donep, bool write)
{
	int64_t pos;
	size_t total = 0;
	int held, err = 0;

	if (donep == NULL || (iov == NULL && iovcnt != 0) || offset < RUMPUSER_IOV_NOSEEK)
		return NB_EINVAL;
	if (!fd_valid(fd))
		return NB_EBADF;
	if ((write ? (const void *)dev->write : (const void *)dev->read) == NULL)
		return NB_ENOSYS;
	if (write && !fds[fd].writable)
		return NB_EBADF;
	pos = offset == RUMPUSER_IOV_NOSEEK ? fds[fd].pos : offset;
	held = rumpuser__unschedule(NULL);
	for (size_t i = 0; i < iovcnt && err == 0; i++) {
		size_t n = 0;

		if (iov[i].iov_len == 0)
			continue;
		if (write)
			err = dev->write(dev_ctx, fds[fd].handle, iov[i].iov_base, iov[i].iov_len,
					 pos, &n);
		else
			err = dev->read(dev_ctx, fds[fd].handle, iov[i].iov_base, iov[i].iov_len,
					pos, &n);
		if (n > iov[i].iov_len)
			n = iov[i].iov_len; /* never report more than was asked */
		total += n;
		pos += (int64_t)n;
		if (n < iov[i].iov_len)
			break; /* short transfer: stop here */
	}
	rumpuser__reschedule(held, NULL);
	if (offset == RUMPUSER_IOV_NOSEEK)
		fds[fd].pos = pos;
	*donep = total;
	return total > 0 ? 0 : rumpuser__bio_errno_from_rx(err);
}

int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovcnt, int64_t offset,
		     size_t *donep)
{
	return iov_transfer(fd, iov, iovcnt, offset, donep, false);
}

int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov, size_t iovcnt, int64_t offset,
		      size_t *donep)
{
	return iov_transfer(fd, iov, iovcnt, offset, donep, true);
}

int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len)
{
	int held, err;

	(void)start; /* the backend flushes the whole device */
	(void)len;
	if (!(flags & RUMPUSER_SYNCFD_BOTH) ||
	    (flags & ~(RUMPUSER_SYNCFD_BOTH | RUMPUSER_SYNCFD_BARRIER | RUMPUSER_SYNCFD_SYNC)))
		return NB_EINVAL;
	if (!fd_valid(fd))
		return NB_EBADF;
	if (!(flags & RUMPUSER_SYNCFD_WRITE))
		return 0; /* nothing cached on the read side */
	if (dev->flush == NULL)
		return NB_ENOSYS;
	held = rumpuser__unschedule(NULL);
	err = dev->flush(dev_ctx, fds[fd].handle);
	rumpuser__reschedule(held, NULL);
	return rumpuser__errno_from_rx(err);
}
