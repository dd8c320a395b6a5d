/*
 * xenstore client: the transport over the shared ring (see
 * xenstore/xenstore.h; the calls themselves are in xs_ops.c,
 * xs_transaction.c and xs_watch.c, see xenstore_priv.h).
 *
 * Who reads the ring: whichever thread is waiting for xenstore. The
 * event handler only wakes every thread on xs.wq; each woken thread
 * drains the ring (xs_pump), hands replies to their requesters by
 * request id and watch events to xs_watch_queue.c, then re-checks its
 * own condition. Threads are cooperative, so a pump that never blocks
 * needs no lock. Every wait follows waitq_prepare -> pump -> check ->
 * waitq_finish, so a reply that arrived before the wait began is found
 * by the pump and never waited for.
 *
 * Sending: one thread at a time owns the request ring (xs.sending), as
 * a message may need several rounds when the 1 KiB ring is full.
 */
#include <runtime/evtchn.h>
#include <runtime/mm.h>
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <core/sched.h>
#include <core/str.h>

#include "xenstore_priv.h"
#include "xs_wire.h"

#define SUBSYS "xenstore"

/* A request waiting for its reply; lives on the requester's stack. */
struct xs_pending {
	uint32_t req_id;
	uint32_t type;
	char *buf; /* reply payload goes here, NUL-terminated */
	size_t size;
	size_t len;
	int status;
	bool done;
	struct xs_pending *next;
};

static struct {
	struct xenstore_domain_interface *ring;
	evtchn_port_t port;
	bool ready;
	int broken;	 /* once set, the stream is unusable: every call fails */
	struct waitq wq; /* threads waiting for anything from the ring */
	bool sending;
	struct waitq send_wq;
	uint32_t next_req_id;
	struct xs_pending *pending;
	struct xs_reader rd;
	struct xs_req req; /* the message being sent; owned by the sender */
	struct xs_stats stats;
} xs;

static void xs_event(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	waitq_wake_all(&xs.wq);
}

/* The stream is lost: fail everyone now and every call from now on. */
static void xs_fail(int err)
{
	if (xs.broken)
		return;
	log_error(SUBSYS, "connection unusable: %s", rx_strerror(err));
	xs.broken = err;
	for (struct xs_pending *p = xs.pending; p; p = p->next) {
		p->status = err;
		p->done = true;
	}
	xs.pending = NULL;
	waitq_wake_all(&xs.wq);
}

static void pending_unlink(struct xs_pending *p)
{
	for (struct xs_pending **pp = &xs.pending; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			return;
		}
	}
}

static void deliver_reply(const struct xsd_sockmsg *h, const char *body)
{
	struct xs_pending *p = xs.pending;
	while (p && p->req_id != h->req_id)
		p = p->next;
	if (!p) {
		/* Its requester timed out and left. */
		xs.stats.stray_replies++;
		log_warn(SUBSYS, "reply to unknown request %u dropped", h->req_id);
		return;
	}
	pending_unlink(p);
	xs.stats.replies++;
	p->status = xs_reply_status(h, body, p->type);
	if (p->status == 0) {
		if ((size_t)h->len + 1 > p->size) {
			p->status = RX_E2BIG;
		} else {
			__builtin_memcpy(p->buf, body, h->len);
			p->buf[h->len] = '\0';
			p->len = h->len;
		}
	}
	p->done = true;
}

static void xs_pump(void)
{
	if (xs.broken)
		return;
	XENSTORE_RING_IDX before = xs.ring->rsp_cons;
	bool delivered = false;
	for (;;) {
		int r = xs_reader_pull(&xs.rd, xs.ring);
		if (r == 0)
			break;
		if (r < 0) {
			xs_fail(r);
			return;
		}
		if (xs.rd.hdr.type == XS_WATCH_EVENT)
			xs_watchq_deliver(xs.rd.body, xs.rd.hdr.len);
		else
			deliver_reply(&xs.rd.hdr, xs.rd.body);
		xs_reader_reset(&xs.rd);
		delivered = true;
	}
	/* Space freed: the daemon may be waiting to write more. */
	if (xs.ring->rsp_cons != before)
		evtchn_notify(xs.port);
	if (delivered)
		waitq_wake_all(&xs.wq);
}

int xs_wait_until(bool (*cond)(void *), void *arg, uint64_t deadline)
{
	for (;;) {
		waitq_prepare(&xs.wq, deadline);
		xs_pump();
		if (cond(arg)) {
			waitq_cancel(&xs.wq);
			return 0;
		}
		if (xs.broken) {
			waitq_cancel(&xs.wq);
			return xs.broken;
		}
		if (waitq_finish(&xs.wq) == RX_ETIMEDOUT) {
			xs_pump();
			return cond(arg) ? 0 : RX_ETIMEDOUT;
		}
	}
}

static void send_lock(void)
{
	/* Only threads change xs.sending, so a plain wait cannot miss it. */
	while (xs.sending)
		waitq_wait(&xs.send_wq, 0);
	xs.sending = true;
}

static void send_unlock(void)
{
	xs.sending = false;
	waitq_wake_one(&xs.send_wq);
}

static bool ring_has_space(void *arg)
{
	(void)arg;
	return xs.ring->req_prod - xs.ring->req_cons < XENSTORE_RING_SIZE;
}

/* Send one whole message; the caller holds the send lock. */
static int send_bytes(const char *data, size_t len, uint64_t deadline)
{
	size_t off = 0;
	while (off < len) {
		int n = xs_ring_write(xs.ring, data + off, len - off);
		if (n < 0) {
			xs_fail(n);
			return n;
		}
		if (n > 0) {
			off += (size_t)n;
			evtchn_notify(xs.port);
			continue;
		}
		int rc = xs_wait_until(ring_has_space, NULL, deadline);
		if (rc) {
			/* Half a message is in the ring: the stream is lost. */
			if (off > 0)
				xs_fail(rc);
			return rc;
		}
	}
	return 0;
}

static bool pending_done(void *arg) { return ((struct xs_pending *)arg)->done; }

int xs_talk(uint32_t type, xs_tx_t tx, const struct xs_part *parts, unsigned nparts, char *rbuf,
	    size_t rsize, size_t *rlen)
{
	if (!xs.ready) {
		int err = xs_init();
		if (err)
			return err;
	}
	if (xs.broken)
		return xs.broken;

	uint64_t deadline = plat_monotonic_ns() + XS_REQUEST_TIMEOUT_NS;
	struct xs_pending p = {.type = type, .buf = rbuf, .size = rsize};
	size_t total;

	send_lock();
	p.req_id = xs.next_req_id++;
	xs_req_init(&xs.req, type, p.req_id, tx);
	for (unsigned i = 0; i < nparts; i++)
		xs_req_add_raw(&xs.req, parts[i].data, parts[i].len);
	int rc = xs_req_finish(&xs.req, &total);
	if (rc == 0 && xs.broken)
		rc = xs.broken;
	if (rc) {
		send_unlock();
		return rc;
	}
	/* Registered before sending: the reply may come at once. */
	p.next = xs.pending;
	xs.pending = &p;
	xs.stats.requests++;
	rc = send_bytes(xs.req.buf, total, deadline);
	send_unlock();
	if (rc == 0)
		rc = xs_wait_until(pending_done, &p, deadline);
	pending_unlink(&p);
	if (rc)
		return p.done && p.status ? p.status : rc;
	if (p.status)
		return p.status;
	if (rlen)
		*rlen = p.len;
	return 0;
}

int xs_path_part(const char *path, struct xs_part *part)
{
	int rc = xs_path_check(path);
	if (rc)
		return rc;
	part->data = path;
	part->len = str_nlen(path, XENSTORE_ABS_PATH_MAX) + 1;
	return 0;
}

int xs_talk_ok(uint32_t type, xs_tx_t tx, const struct xs_part *parts, unsigned nparts)
{
	char reply[16];
	size_t len = 0;
	int rc = xs_talk(type, tx, parts, nparts, reply, sizeof(reply), &len);
	if (rc == RX_E2BIG)
		return RX_EPROTO; /* an "OK" never needs that much */
	if (rc)
		return rc;
	return xs_reply_expect_ok(reply, len);
}

void xs_wake_waiters(void) { waitq_wake_all(&xs.wq); }

void xs_get_stats(struct xs_stats *out)
{
	*out = xs.stats;
	xs_watchq_counts(&out->watch_events, &out->dropped_events);
}

int xs_init(void)
{
	if (xs.ready)
		return 0;
	if (xen_start_info == NULL || xen_start_info->store_mfn == 0)
		return RX_ENODEV; /* the initial domain has no ring of its own */
	void *ring = mfn_to_virt(xen_start_info->store_mfn);
	if (ring == NULL) {
		int rc = mm_map_foreign_frame(xen_start_info->store_mfn, DOMID_SELF, 1, &ring);
		if (rc)
			return rc;
	}
	xs.ring = ring;
	xs.port = xen_start_info->store_evtchn;
	xs.next_req_id = 1;
	waitq_init(&xs.wq);
	waitq_init(&xs.send_wq);
	xs_reader_reset(&xs.rd);
	int rc = evtchn_bind(xs.port, xs_event, NULL);
	if (rc) {
		log_error(SUBSYS, "cannot bind event channel %u: %s", xs.port, rx_strerror(rc));
		return rc;
	}
	xs.ready = true;
	return 0;
}
