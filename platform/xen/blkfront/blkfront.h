/*
 * blkfront: virtual disks (device/vbd/<n>) served by a backend domain.
 *
 * Units: offsets and lengths are in bytes and must be multiples of the
 * disk's sector_size. Any length is accepted; large ones are split into
 * as many ring requests as needed.
 *
 * Buffers: a 512-byte aligned buffer is zero-copy (the backend is given
 * the caller's own pages: each 512-byte sector then sits inside one
 * page). Any other buffer is bounced: blkfront copies it through an
 * aligned buffer of its own (RX_ENOMEM when that cannot be had). The
 * stats below count both kinds.
 *
 * Flush: blkback advertises feature-flush-cache (or feature-barrier)
 * when it connects, only when its storage has a volatile write cache;
 * info.flush says whether it did. Without it, completed writes are
 * already durable and BLKFRONT_FLUSH is refused with RX_ENOSYS.
 *
 * Context: thread context for everything. A completion callback runs
 * in the disk's I/O thread (never in the event upcall). It may block
 * briefly (take a lock, wake someone), but must not wait for requests
 * of the same disk (blkfront_io, or blkfront_submit while the ring may
 * be full): that thread is the one that completes them.
 *
 * Errors: RX_EINVAL (offset or length not in whole sectors, zero
 * length, no buffer or unknown op), RX_ENOMEM (no bounce buffer), RX_ERANGE
 * (beyond the end of the disk), RX_EROFS (write to a read-only disk),
 * RX_ENOSYS (flush on a backend without flush or barrier support),
 * RX_EIO (the backend reported a failure), RX_ESHUTDOWN (the disk is
 * closing or its backend went away: every request still outstanding
 * then completes with this), RX_ENODEV (no such disk).
 */
#ifndef RXEN_BLKFRONT_H
#define RXEN_BLKFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <core/sched.h>

#define BLKFRONT_MAX_DISKS 8
#define BLKFRONT_NAME_MAX 16

struct blkfront_dev;

struct blkfront_info {
	char name[BLKFRONT_NAME_MAX]; /* the vbd's name under device/vbd ("768") */
	uint64_t capacity;	      /* bytes */
	uint32_t sector_size;	      /* logical sector, bytes (I/O granularity) */
	bool readonly;		      /* mode=r or VDISK_READONLY */
	bool flush;		      /* flushes reach stable storage (flush or barrier) */
	unsigned max_request_bytes;   /* one ring request (indirect or not) */
};

/* How a disk is driven; all-zero is the default. */
struct blkfront_options {
	/* Use no indirect requests even when the backend offers them
	 * (they cost a page per ring slot). */
	bool no_indirect;
};

/*
 * Find every device/vbd/<n> and connect it with opts (NULL: defaults). Returns how many disks are
 * connected now (0 when there are none). A disk that fails to connect
 * is logged and left out; the others still come up.
 */
int blkfront_probe(const struct blkfront_options *opts);
int blkfront_count(void);
/* The index-th connected disk (probe order), or NULL. */
struct blkfront_dev *blkfront_get(int index);
/* A connected disk by vbd number ("51712") or by the name xl gives it
 * ("xvda"), or NULL. */
struct blkfront_dev *blkfront_find(const char *name);

/* The vbd number of an xl disk name: xvda..xvdp are 202 << 8 | d << 4,
 * later disks (xvdq.., xvdaa..) 1 << 28 | d << 8. 0, or RX_EINVAL for
 * anything else (partitions such as xvda1 included). Pure. */
int blkfront_vbd_from_name(const char *name, unsigned long *vbd);
/* Whether vbd_name (a decimal vbd number) is the disk xl calls name. */
int blkfront_name_matches(const char *vbd_name, const char *name);

/* Connect one disk by name with opts (NULL: defaults); probe does this
 * for all. */
int blkfront_open(const char *name, const struct blkfront_options *opts, struct blkfront_dev **out);
/*
 * Disconnect: refuse new requests, wait for outstanding ones (failing
 * them with RX_ESHUTDOWN if the backend does not answer within the
 * xenbus timeout), go through Closing to Closed with the backend and
 * release ring, grants and threads. dev is invalid afterwards.
 */
int blkfront_close(struct blkfront_dev *dev);

void blkfront_get_info(const struct blkfront_dev *dev, struct blkfront_info *out);

enum blkfront_op { BLKFRONT_READ = 0, BLKFRONT_WRITE = 1, BLKFRONT_FLUSH = 2 };

struct blkfront_req;
typedef void (*blkfront_done_t)(struct blkfront_req *req, int status);

/* An I/O request. The caller fills the first block and keeps the
 * struct and the buffer untouched until done() has been called. */
struct blkfront_req {
	enum blkfront_op op;
	uint64_t offset; /* bytes (ignored for FLUSH) */
	void *buf;	 /* (ignored for FLUSH) */
	size_t len;	 /* bytes (0 for FLUSH) */
	blkfront_done_t done;
	void *arg; /* for the caller */

	/* private to blkfront */
	void *bounce;	   /* blkfront's aligned copy of buf, or NULL (zero-copy) */
	size_t next_off;   /* bytes already handed to the ring */
	unsigned inflight; /* ring requests not answered yet */
	bool submitting;
	int status;
};

/*
 * Queue req. 0: done(req, status) will be called exactly once (possibly
 * before blkfront_submit returns); status is 0 or the first error of
 * the ring requests it was split into. Negative: nothing was queued
 * and done will not be called. Blocks while the ring is full.
 */
int blkfront_submit(struct blkfront_dev *dev, struct blkfront_req *req);

/* Submit and wait: 0 or an error as above. There is no deadline: a
 * backend that goes away ends the wait with RX_ESHUTDOWN. */
int blkfront_io(struct blkfront_dev *dev, enum blkfront_op op, uint64_t offset, void *buf,
		size_t len);

/* Per disk, since it connected. */
struct blkfront_stats {
	uint64_t requests;	/* blkfront_submit calls accepted */
	uint64_t ring_requests; /* ring slots used */
	uint64_t indirect;	/* of which indirect */
	uint64_t errors;	/* ring requests that failed */
	uint64_t flushes;	/* accepted requests that were flushes */
	uint64_t zero_copy;	/* accepted reads/writes on the caller's pages */
	uint64_t bounced;	/* accepted reads/writes copied through a bounce buffer */
	uint64_t bounced_bytes; /* their bytes */
};
void blkfront_get_stats(const struct blkfront_dev *dev, struct blkfront_stats *out);
/* Log the stats at info level (one line). blkfront_close does it, and
 * so does the application's exit for every disk still open. */
void blkfront_log_stats(const struct blkfront_dev *dev);
/* blkfront_log_stats for every disk still open (for an exit hook: the
 * closed ones logged theirs when they closed). */
void blkfront_log_open_disks(void);

#endif
