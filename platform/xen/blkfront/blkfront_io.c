/*
 * blkfront requests: splitting a caller's request into ring requests
 * (direct segments, or indirect pages when the backend offers them),
 * granting the caller's pages, and completing from the disk's I/O
 * thread. See blkfront_priv.h for the context rules.
 *
 * A caller's request completes when every ring request it was split
 * into has been answered and no more are being issued (submitting is
 * false); req->status keeps the first error.
 */
#include "blkfront_priv.h"

#include <runtime/mm.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/sched.h>

#define SUBSYS "blkfront"

void blk_event(evtchn_port_t port, void *arg)
{
	struct blkfront_dev *dev = arg;
	(void)port;
	waitq_wake_all(&dev->io_wq);
}

/* Revoke what the slot still holds; false if the backend still maps a
 * page (that grant stays and is retried on the next attempt). */
static bool slot_release_grants(struct blkfront_dev *dev, struct blk_slot *s)
{
	bool all = true;
	for (unsigned i = 0; i < s->nr_grefs; i++) {
		if (s->grefs[i] == BLK_GREF_NONE)
			continue;
		int rc = gnttab_revoke(s->grefs[i]);
		if (rc == 0 || rc == RX_EINVAL) {
			s->grefs[i] = BLK_GREF_NONE;
		} else {
			log_warn(SUBSYS, "%s: grant %u still in use by the backend", dev->name,
				 s->grefs[i]);
			all = false;
		}
	}
	return all;
}

static void finish_req_if_done(struct blkfront_req *req)
{
	if (req->inflight == 0 && !req->submitting) {
		blk_bounce_finish(req, req->status);
		req->done(req, req->status);
	}
}

static void slot_complete(struct blkfront_dev *dev, struct blk_slot *s, int status)
{
	struct blkfront_req *req = s->req;

	s->req = NULL;
	s->nr_grefs = 0;
	dev->inflight--;
	if (status) {
		dev->stats.errors++;
		if (req->status == 0)
			req->status = status;
	}
	req->inflight--;
	waitq_wake_all(&dev->slot_wq);
	if (dev->inflight == 0)
		waitq_wake_all(&dev->idle_wq);
	finish_req_if_done(req);
}

unsigned blk_fail_inflight(struct blkfront_dev *dev, int err)
{
	unsigned held = 0;
	for (unsigned i = 0; i < BLK_RING_SIZE; i++) {
		struct blk_slot *s = &dev->slots[i];
		if (!s->req)
			continue;
		/* The caller may reuse its buffer once done() runs: only when
		 * the backend can no longer reach it. */
		if (slot_release_grants(dev, s))
			slot_complete(dev, s, err);
		else
			held++;
	}
	return held;
}

static int status_of(int16_t st)
{
	if (st == BLKIF_RSP_OKAY)
		return 0;
	if (st == BLKIF_RSP_EOPNOTSUPP)
		return RX_ENOSYS;
	return RX_EIO;
}

static void handle_response(struct blkfront_dev *dev, const struct blkif_response *rsp)
{
	if (rsp->id >= BLK_RING_SIZE || !dev->slots[rsp->id].req) {
		log_error(SUBSYS, "%s: response for unknown request %llu ignored", dev->name,
			  (unsigned long long)rsp->id);
		return;
	}
	struct blk_slot *s = &dev->slots[rsp->id];
	if (!slot_release_grants(dev, s)) {
		/* A backend that answers while still mapping our page is
		 * broken; keep the slot rather than hand the page back. */
		log_error(SUBSYS, "%s: backend answered but still maps the pages", dev->name);
		return;
	}
	int st = status_of(rsp->status);
	if (st)
		log_warn(SUBSYS, "%s: request op %u failed (status %d)", dev->name, rsp->operation,
			 rsp->status);
	slot_complete(dev, s, st);
}

static void process_responses(struct blkfront_dev *dev)
{
	int more;
	do {
		RING_IDX prod = dev->ring.sring->rsp_prod;
		xen_rmb(); /* responses after the index that covers them */
		if (RING_RESPONSE_PROD_OVERFLOW(&dev->ring, prod)) {
			log_error(SUBSYS, "%s: backend corrupted the ring", dev->name);
			dev->dead = true;
			blk_fail_inflight(dev, RX_EIO);
			return;
		}
		while (dev->ring.rsp_cons != prod) {
			struct blkif_response rsp =
			    *RING_GET_RESPONSE(&dev->ring, dev->ring.rsp_cons);
			dev->ring.rsp_cons++;
			handle_response(dev, &rsp);
		}
		RING_FINAL_CHECK_FOR_RESPONSES(&dev->ring, more);
	} while (more);
}

void blk_io_thread(void *arg)
{
	struct blkfront_dev *dev = arg;
	for (;;) {
		waitq_prepare(&dev->io_wq, 0);
		if (dev->stopping) {
			waitq_cancel(&dev->io_wq);
			return;
		}
		if (RING_HAS_UNCONSUMED_RESPONSES(&dev->ring)) {
			waitq_cancel(&dev->io_wq);
			process_responses(dev);
			continue;
		}
		waitq_finish(&dev->io_wq);
	}
}

static struct blk_slot *free_slot(struct blkfront_dev *dev, unsigned *id)
{
	if (RING_FULL(&dev->ring))
		return NULL;
	for (unsigned i = 0; i < BLK_RING_SIZE; i++) {
		if (!dev->slots[i].req) {
			*id = i;
			return &dev->slots[i];
		}
	}
	return NULL;
}

/* Wait for a free slot; only threads free slots, so a plain wait after
 * the check cannot miss one. */
static int wait_slot(struct blkfront_dev *dev, struct blk_slot **s, unsigned *id)
{
	for (;;) {
		if (dev->dead || dev->closing)
			return RX_ESHUTDOWN;
		*s = free_slot(dev, id);
		if (*s)
			return 0;
		waitq_wait(&dev->slot_wq, 0);
	}
}

static void push(struct blkfront_dev *dev)
{
	int notify;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&dev->ring, notify);
	if (notify)
		evtchn_notify(dev->port);
}

static void slot_undo(struct blk_slot *s)
{
	for (unsigned i = 0; i < s->nr_grefs; i++)
		if (s->grefs[i] != BLK_GREF_NONE)
			(void)gnttab_revoke(s->grefs[i]); /* never seen by the backend */
	s->nr_grefs = 0;
}

/*
 * Put the next piece of req (from req->next_off) into ring slot id:
 * as many pages as one ring request carries. The ring request is
 * queued but not pushed.
 */
static int issue_rw(struct blkfront_dev *dev, struct blkfront_req *req, struct blk_slot *s,
		    unsigned id)
{
	struct blkif_request_segment segs[BLK_MAX_INDIRECT_SEGS];
	char *p = (char *)(req->bounce ? req->bounce : req->buf) + req->next_off;
	size_t left = req->len - req->next_off;
	size_t bytes = 0;
	unsigned n = 0;
	bool write = req->op == BLKFRONT_WRITE;

	s->nr_grefs = 0;
	while (left > 0 && n < dev->max_segs) {
		uintptr_t off = (uintptr_t)p & (RX_PAGE_SIZE - 1);
		size_t chunk = RX_PAGE_SIZE - off < left ? RX_PAGE_SIZE - off : left;
		grant_ref_t ref;
		/* The backend writes our page on a read, only reads it on a write. */
		int rc = gnttab_grant_page(dev->xb.backend_id, p - off, write, &ref);
		if (rc) {
			slot_undo(s);
			return rc;
		}
		s->grefs[s->nr_grefs++] = ref;
		segs[n].gref = ref;
		segs[n].first_sect = (uint8_t)(off / BLK_SECTOR);
		segs[n].last_sect = (uint8_t)((off + chunk) / BLK_SECTOR - 1);
		n++;
		p += chunk;
		left -= chunk;
		bytes += chunk;
	}

	uint64_t sector = (req->offset + req->next_off) / BLK_SECTOR;
	void *slotp = RING_GET_REQUEST(&dev->ring, dev->ring.req_prod_pvt);
	if (n <= BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		struct blkif_request *r = slotp;
		r->operation = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
		r->nr_segments = (uint8_t)n;
		r->handle = 0;
		r->id = id;
		r->sector_number = sector;
		for (unsigned i = 0; i < n; i++)
			r->seg[i] = segs[i];
	} else {
		for (unsigned i = 0; i < n; i++)
			s->indirect[i] = segs[i];
		grant_ref_t iref;
		int rc = gnttab_grant_page(dev->xb.backend_id, s->indirect, true, &iref);
		if (rc) {
			slot_undo(s);
			return rc;
		}
		s->grefs[s->nr_grefs++] = iref;
		struct blkif_request_indirect *r = slotp;
		r->operation = BLKIF_OP_INDIRECT;
		r->indirect_op = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
		r->nr_segments = (uint16_t)n;
		r->id = id;
		r->sector_number = sector;
		r->handle = 0;
		r->indirect_grefs[0] = iref;
		dev->stats.indirect++;
	}
	dev->ring.req_prod_pvt++;
	req->next_off += bytes;
	return 0;
}

static void issue_flush(struct blkfront_dev *dev, struct blk_slot *s, unsigned id)
{
	struct blkif_request *r = RING_GET_REQUEST(&dev->ring, dev->ring.req_prod_pvt);
	r->operation = dev->feat_flush ? BLKIF_OP_FLUSH_DISKCACHE : BLKIF_OP_WRITE_BARRIER;
	r->nr_segments = 0;
	r->handle = 0;
	r->id = id;
	r->sector_number = 0;
	s->nr_grefs = 0;
	dev->ring.req_prod_pvt++;
}

static int check_req(const struct blkfront_dev *dev, const struct blkfront_req *req)
{
	if (req->done == NULL)
		return RX_EINVAL;
	if (dev->dead || dev->closing)
		return RX_ESHUTDOWN;
	switch (req->op) {
	case BLKFRONT_FLUSH:
		if (!dev->feat_flush && !dev->feat_barrier)
			return RX_ENOSYS;
		return 0;
	case BLKFRONT_WRITE:
		if (dev->readonly)
			return RX_EROFS;
		break;
	case BLKFRONT_READ:
		break;
	default:
		return RX_EINVAL;
	}
	if (req->buf == NULL || req->len == 0 || req->len % dev->sector_size ||
	    req->offset % dev->sector_size)
		return RX_EINVAL;
	uint64_t cap = dev->sectors * BLK_SECTOR;
	if (req->offset > cap || req->len > cap - req->offset)
		return RX_ERANGE;
	return 0;
}

int blkfront_submit(struct blkfront_dev *dev, struct blkfront_req *req)
{
	if (dev == NULL || req == NULL)
		return RX_EINVAL;
	int rc = check_req(dev, req);
	if (rc == 0)
		rc = blk_bounce_start(req);
	if (rc)
		return rc;

	req->next_off = 0;
	req->inflight = 0;
	req->status = 0;
	req->submitting = true;
	bool queued = false;
	size_t total = req->op == BLKFRONT_FLUSH ? 1 : req->len; /* a flush is one step */

	while (req->next_off < total) {
		struct blk_slot *s;
		unsigned id;
		rc = wait_slot(dev, &s, &id);
		if (rc)
			break;
		if (req->op == BLKFRONT_FLUSH) {
			issue_flush(dev, s, id);
			req->next_off = total;
		} else {
			rc = issue_rw(dev, req, s, id);
			if (rc == RX_ENOSPC && dev->inflight > 0) {
				/* Grants run out: wait for answers to return some. */
				push(dev);
				waitq_wait(&dev->slot_wq, 0);
				continue;
			}
			if (rc)
				break;
		}
		s->req = req;
		req->inflight++;
		dev->inflight++;
		dev->stats.ring_requests++;
		queued = true;
		/* Push each piece: the backend starts while we prepare the next. */
		push(dev);
	}
	req->submitting = false;
	if (!queued) {
		blk_bounce_finish(req, rc);
		return rc;
	}
	dev->stats.requests++;
	if (req->op == BLKFRONT_FLUSH) {
		dev->stats.flushes++;
	} else if (req->bounce) {
		dev->stats.bounced++;
		dev->stats.bounced_bytes += req->len;
	} else {
		dev->stats.zero_copy++;
	}
	if (rc && req->status == 0)
		req->status = rc;
	finish_req_if_done(req);
	return 0;
}

struct sync_wait {
	struct waitq wq;
	bool done;
	int status;
};

static void sync_done(struct blkfront_req *req, int status)
{
	struct sync_wait *w = req->arg;
	w->status = status;
	w->done = true;
	waitq_wake_all(&w->wq);
}

int blkfront_io(struct blkfront_dev *dev, enum blkfront_op op, uint64_t offset, void *buf,
		size_t len)
{
	struct sync_wait w = {.done = false};
	struct blkfront_req req = {
	    .op = op, .offset = offset, .buf = buf, .len = len, .done = sync_done, .arg = &w};
	waitq_init(&w.wq);
	int rc = blkfront_submit(dev, &req);
	if (rc)
		return rc;
	/* done() runs in thread context, so the check cannot race it. */
	while (!w.done)
		waitq_wait(&w.wq, 0);
	return w.status;
}

void blkfront_get_stats(const struct blkfront_dev *dev, struct blkfront_stats *out)
{
	*out = dev->stats;
}

void blkfront_log_stats(const struct blkfront_dev *dev)
{
	const struct blkfront_stats *s = &dev->stats;
	log_info(SUBSYS,
		 "%s: %llu requests (%llu zero-copy, %llu bounced = %llu bytes, %llu flushes), "
		 "%llu ring requests, %llu errors",
		 dev->name, (unsigned long long)s->requests, (unsigned long long)s->zero_copy,
		 (unsigned long long)s->bounced, (unsigned long long)s->bounced_bytes,
		 (unsigned long long)s->flushes, (unsigned long long)s->ring_requests,
		 (unsigned long long)s->errors);
}
