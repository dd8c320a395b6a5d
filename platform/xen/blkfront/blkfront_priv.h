/*
 * blkfront internals shared by its files. Calls go one way:
 *   blkfront.c (disks, open, the backend leaving, close)
 *     -> blkfront_connect.c (handshake, ring, grants, event channel)
 *     -> blkfront_io.c (requests and completions)
 *       -> blkfront_bounce.c (bounce buffers)
 *
 * Context rules: all state below is touched only in thread context (the
 * submitting threads, the disk's I/O thread and the thread following its
 * backend's state, which fails outstanding requests when the backend
 * goes away); threads are cooperative, so code that does not block runs
 * atomically.
 * The event handler only wakes io_wq.
 */
#ifndef RXEN_BLKFRONT_PRIV_H
#define RXEN_BLKFRONT_PRIV_H

#include <blkfront/blkfront.h>
#include <runtime/evtchn.h>
#include <runtime/gnttab.h>
#include <xenbus/xenbus.h>
#include <xenstore/xenstore.h>

/* Barriers the ring macros expect: x86 keeps loads and stores in order
 * except a store followed by a load, which mb() covers. */
#ifndef xen_mb
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>

#define BLK_RING_SIZE __CONST_RING_SIZE(blkif, 4096)
#define BLK_SECTOR 512u
/* Our cap on segments of an indirect request (one indirect page). */
#define BLK_MAX_INDIRECT_SEGS 32u
#define BLK_GREF_NONE 0u /* never a usable reference (entry 0 is reserved) */

/* One ring request in flight. */
struct blk_slot {
	struct blkfront_req *req; /* NULL when free */
	unsigned nr_grefs;
	grant_ref_t grefs[BLK_MAX_INDIRECT_SEGS + 1]; /* data pages, then the indirect page */
	struct blkif_request_segment *indirect;	      /* page for indirect segments */
};

struct blkfront_dev {
	struct xenbus_dev xb;
	char name[BLKFRONT_NAME_MAX];
	struct blkif_front_ring ring;
	struct blkif_sring *sring;
	grant_ref_t ring_ref;
	struct blkfront_options opts; /* as given at open */
	evtchn_port_t port;
	bool port_bound;

	uint64_t sectors; /* 512-byte units */
	uint32_t sector_size;
	bool readonly;
	bool feat_flush, feat_barrier;
	unsigned max_segs; /* per ring request: 11, or indirect */

	bool connected; /* the handshake completed: a backend leaving is a fault */
	bool closing;	/* blkfront_close started: refuse new requests */
	bool dead;	/* backend gone: refuse new requests */
	bool stopping;	/* threads must exit */

	struct blk_slot slots[BLK_RING_SIZE];
	unsigned inflight;    /* slots in use */
	struct waitq io_wq;   /* the I/O thread: responses arrived */
	struct waitq slot_wq; /* submitters: a slot was freed */
	struct waitq idle_wq; /* close: inflight dropped to 0 */
	struct thread *io_thread;
	struct xenbus_follower backend; /* the backend's state */
	struct blkfront_stats stats;
};

/* blkfront_connect.c */
/* The handshake, with dev->xb filled and dev->backend followed: 0 once
 * both sides are Connected, or an error (logged for bad backend keys). */
int blk_connect(struct blkfront_dev *dev);
/* Free what blk_connect set up and dev itself; pages the backend may
 * still map are kept. */
void blk_release(struct blkfront_dev *dev);

/* blkfront_io.c */
void blk_io_thread(void *arg);
void blk_event(evtchn_port_t port, void *arg);
/* Complete every in-flight slot whose grants can be revoked with err;
 * returns how many are still held by the backend. */
unsigned blk_fail_inflight(struct blkfront_dev *dev, int err);

/* blkfront_bounce.c */
/* Set req->bounce (a copy of buf for a write) when buf is misaligned:
 * 0, or RX_ENOMEM. */
int blk_bounce_start(struct blkfront_req *req);
/* Copy a successful read back to buf and free the bounce buffer. */
void blk_bounce_finish(struct blkfront_req *req, int status);

#endif
