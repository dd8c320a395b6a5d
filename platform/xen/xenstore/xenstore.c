/*
 * xenstore client over the shared ring (see xenstore/xenstore.h).
 *
 * Who reads the ring: whichever thread is waiting for xenstore. The
 * event handler only wakes every thread on xs.wq; each woken thread
 * drains the ring (xs_pump), hands replies to their requesters by
 * request id and queues watch events on their watch, then re-checks its
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
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include <core/str.h>
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

struct xs_watch_event {
	struct xs_watch_event *next;
	size_t len;
	char path[];
};

struct xs_part {
	const void *data;
	size_t len;
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
	unsigned next_token;
	struct xs_pending *pending;
	struct xs_watch *watches;
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

static void queue_watch_event(const char *body, size_t len)
{
	const char *path, *token;
	if (xs_watch_event_parse(body, len, &path, &token) < 0) {
		log_warn(SUBSYS, "malformed watch event dropped");
		return;
	}
	struct xs_watch *w = xs.watches;
	while (w && !str_eq(w->token, token))
		w = w->next;
	if (!w)
		return; /* removed while the event was in flight */
	xs.stats.watch_events++;
	size_t plen = str_nlen(path, len);
	struct xs_watch_event *ev = NULL;
	if (w->queued < XS_WATCH_QUEUE_MAX)
		ev = mem_alloc(sizeof(*ev) + plen + 1, 0);
	if (!ev) {
		w->overflowed = true;
		xs.stats.dropped_events++;
		return;
	}
	ev->next = NULL;
	ev->len = plen;
	__builtin_memcpy(ev->path, path, plen + 1);
	if (w->tail)
		w->tail->next = ev;
	else
		w->head = ev;
	w->tail = ev;
	w->queued++;
}

/* Drain the response ring and dispatch. Never blocks. */
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
			queue_watch_event(xs.rd.body, xs.rd.hdr.len);
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

/* Wait until cond(arg) holds (re-checked after every pump), the
 * connection breaks, or the deadline passes. */
static int xs_wait_until(bool (*cond)(void *), void *arg, uint64_t deadline)
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

/*
 * One request/reply exchange. parts are copied into the message as
 * given (each with or without its NUL). The reply payload lands in
 * rbuf[rsize] NUL-terminated; its length in *rlen.
 */
static int xs_talk(uint32_t type, xs_tx_t tx, const struct xs_part *parts, unsigned nparts,
		   char *rbuf, size_t rsize, size_t *rlen)
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

/* A path argument as a message part (with its NUL). */
static int path_part(const char *path, struct xs_part *part)
{
	int rc = xs_path_check(path);
	if (rc)
		return rc;
	part->data = path;
	part->len = str_nlen(path, XENSTORE_ABS_PATH_MAX) + 1;
	return 0;
}

/* Requests whose reply is just "OK". */
static int talk_ok(uint32_t type, xs_tx_t tx, const struct xs_part *parts, unsigned nparts)
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

int xs_read(xs_tx_t tx, const char *path, char *buf, size_t size)
{
	struct xs_part part;
	size_t len = 0;
	if (buf == NULL || size == 0)
		return RX_EINVAL;
	buf[0] = '\0';
	int rc = path_part(path, &part);
	if (rc == 0)
		rc = xs_talk(XS_READ, tx, &part, 1, buf, size, &len);
	if (rc) {
		buf[0] = '\0';
		return rc;
	}
	/* Values are bytes; callers here treat them as strings. */
	if (str_nlen(buf, len) != len) {
		buf[0] = '\0';
		return RX_EPROTO;
	}
	return (int)len;
}

int xs_read_uint(xs_tx_t tx, const char *path, unsigned long long *out)
{
	char buf[24];
	int rc = xs_read(tx, path, buf, sizeof(buf));
	if (rc == RX_E2BIG)
		return RX_EINVAL;
	if (rc < 0)
		return rc;
	return str_to_ull(buf, out);
}

int xs_write(xs_tx_t tx, const char *path, const char *value)
{
	struct xs_part parts[2];
	if (value == NULL)
		return RX_EINVAL;
	int rc = path_part(path, &parts[0]);
	if (rc)
		return rc;
	size_t vlen = str_nlen(value, XENSTORE_PAYLOAD_MAX + 1);
	if (vlen > XENSTORE_PAYLOAD_MAX)
		return RX_E2BIG;
	parts[1].data = value;
	parts[1].len = vlen; /* values travel without a NUL */
	return talk_ok(XS_WRITE, tx, parts, 2);
}

int xs_write_uint(xs_tx_t tx, const char *path, unsigned long long value)
{
	char buf[24];
	fmt_snprintf(buf, sizeof(buf), "%llu", value);
	return xs_write(tx, path, buf);
}

int xs_mkdir(xs_tx_t tx, const char *path)
{
	struct xs_part part;
	int rc = path_part(path, &part);
	return rc ? rc : talk_ok(XS_MKDIR, tx, &part, 1);
}

int xs_rm(xs_tx_t tx, const char *path)
{
	struct xs_part part;
	int rc = path_part(path, &part);
	return rc ? rc : talk_ok(XS_RM, tx, &part, 1);
}

int xs_directory(xs_tx_t tx, const char *path, char *buf, size_t size, size_t *len)
{
	struct xs_part part;
	size_t n = 0;
	if (buf == NULL || len == NULL || size == 0)
		return RX_EINVAL;
	*len = 0;
	int rc = path_part(path, &part);
	if (rc == 0)
		rc = xs_talk(XS_DIRECTORY, tx, &part, 1, buf, size, &n);
	if (rc)
		return rc;
	rc = xs_dir_check(buf, n);
	if (rc < 0)
		return rc;
	*len = n;
	return rc;
}

int xs_transaction_start(xs_tx_t *tx)
{
	struct xs_part part = {"", 1};
	char reply[16];
	size_t len = 0;
	if (tx == NULL)
		return RX_EINVAL;
	int rc = xs_talk(XS_TRANSACTION_START, XS_TX_NONE, &part, 1, reply, sizeof(reply), &len);
	if (rc == RX_E2BIG)
		return RX_EPROTO;
	if (rc)
		return rc;
	return xs_reply_tx_id(reply, len, tx);
}

int xs_transaction_end(xs_tx_t tx, bool commit)
{
	struct xs_part part = {commit ? "T" : "F", 2};
	if (tx == XS_TX_NONE)
		return RX_EINVAL;
	return talk_ok(XS_TRANSACTION_END, tx, &part, 1);
}

int xs_transaction_run(int (*fn)(xs_tx_t tx, void *arg), void *arg, unsigned max_attempts)
{
	if (fn == NULL)
		return RX_EINVAL;
	if (max_attempts == 0)
		max_attempts = 8;
	int rc = RX_EAGAIN;
	for (unsigned attempt = 0; attempt < max_attempts && rc == RX_EAGAIN; attempt++) {
		xs_tx_t tx;
		rc = xs_transaction_start(&tx);
		if (rc)
			return rc;
		rc = fn(tx, arg);
		if (rc) {
			(void)xs_transaction_end(tx, false);
			/* fn saw a conflict through tx: start over as for a commit. */
			continue;
		}
		rc = xs_transaction_end(tx, true);
	}
	return rc;
}

static void watch_drop_events(struct xs_watch *w)
{
	while (w->head) {
		struct xs_watch_event *ev = w->head;
		w->head = ev->next;
		mem_free(ev);
	}
	w->tail = NULL;
	w->queued = 0;
	w->overflowed = false;
}

static void watch_unlink(struct xs_watch *w)
{
	for (struct xs_watch **pp = &xs.watches; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	w->active = false;
	watch_drop_events(w);
	if (w->path)
		mem_free(w->path);
	w->path = NULL;
	/* A thread in xs_watch_wait on w must see it gone. */
	waitq_wake_all(&xs.wq);
}

int xs_watch_add(struct xs_watch *w, const char *path)
{
	struct xs_part parts[2];
	if (w == NULL)
		return RX_EINVAL;
	int rc = path_part(path, &parts[0]);
	if (rc)
		return rc;
	if (!xs.ready && (rc = xs_init()) != 0)
		return rc;
	w->path = mem_alloc(parts[0].len, 0);
	if (!w->path)
		return RX_ENOMEM;
	__builtin_memcpy(w->path, path, parts[0].len);
	fmt_snprintf(w->token, sizeof(w->token), "rxw%u", ++xs.next_token);
	w->head = w->tail = NULL;
	w->queued = 0;
	w->overflowed = false;
	w->active = true;
	/* Listed before the request: the first event may precede the reply. */
	w->next = xs.watches;
	xs.watches = w;
	parts[1].data = w->token;
	parts[1].len = str_nlen(w->token, sizeof(w->token)) + 1;
	rc = talk_ok(XS_WATCH, XS_TX_NONE, parts, 2);
	if (rc)
		watch_unlink(w);
	return rc;
}

int xs_watch_remove(struct xs_watch *w)
{
	struct xs_part parts[2];
	if (w == NULL || !w->active)
		return RX_EINVAL;
	parts[0].data = w->path;
	parts[0].len = str_nlen(w->path, XENSTORE_ABS_PATH_MAX) + 1;
	parts[1].data = w->token;
	parts[1].len = str_nlen(w->token, sizeof(w->token)) + 1;
	int rc = talk_ok(XS_UNWATCH, XS_TX_NONE, parts, 2);
	watch_unlink(w);
	return rc;
}

static bool watch_ready(void *arg)
{
	struct xs_watch *w = arg;
	return !w->active || w->head || w->overflowed;
}

int xs_watch_wait(struct xs_watch *w, uint64_t deadline_ns, char *path_out, size_t size)
{
	if (w == NULL || !w->active)
		return RX_EINVAL;
	int rc = xs_wait_until(watch_ready, w, deadline_ns);
	if (rc)
		return rc;
	if (!w->active)
		return RX_EINVAL;
	if (w->head) {
		struct xs_watch_event *ev = w->head;
		w->head = ev->next;
		if (!w->head)
			w->tail = NULL;
		w->queued--;
		rc = path_out ? str_copy(path_out, ev->path, size) : 0;
		mem_free(ev);
		return rc;
	}
	/* Events were lost: report the watched path ("re-read it all"). */
	w->overflowed = false;
	return path_out ? str_copy(path_out, w->path, size) : 0;
}

void xs_get_stats(struct xs_stats *out) { *out = xs.stats; }

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
