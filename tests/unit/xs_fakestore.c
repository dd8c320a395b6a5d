/*
 * The simulated xenstore daemon of the host tests (see xs_fakestore.h).
 * Not a complete xenstored: one flat table of keys (parents are implied
 * by their children), no permissions, transactions that only count
 * conflicts.
 */
#include <stdio.h>
#include <string.h>

#include <runtime/evtchn.h>
#include <runtime/mm.h>

#include <core/errors.h>
#include <core/plat.h>

#include "plat_linux.h"
#include "xs_fakestore.h"
#include <xenstore/xs_wire.h>

#define MS 1000000ull
#define RING_MFN 42

enum xs_fake_mode xs_fake_mode;
int xs_fake_tx_conflicts;

/* ---- what the client needs from the platform ---- */

static struct xenstore_domain_interface ring;
static start_info_t fake_start_info;
start_info_t *xen_start_info = &fake_start_info;
static evtchn_handler_t client_handler;
static void *client_arg;
static evtchn_port_t client_port;

void *mfn_to_virt(unsigned long mfn) { return mfn == RING_MFN ? &ring : NULL; }

int mm_map_foreign_frame(unsigned long mfn, domid_t dom, int writable, void **va)
{
	(void)mfn, (void)dom, (void)writable, (void)va;
	return RX_ENOSYS;
}

int evtchn_bind(evtchn_port_t port, evtchn_handler_t handler, void *arg)
{
	client_port = port;
	client_handler = handler;
	client_arg = arg;
	return 0;
}

void xs_fake_setup(void)
{
	fake_start_info.store_mfn = RING_MFN;
	fake_start_info.store_evtchn = 9;
}

unsigned xs_fake_bound_port(void) { return client_port; }

int xs_fake_is_bound(void) { return client_handler != NULL; }

/* ---- the store ---- */

#define KV_MAX 32
static struct {
	char key[96];
	char val[3100];
	size_t len;
} kv[KV_MAX];

static struct {
	char path[96];
	char token[32];
} watches[8];

#define OUT_MAX 64
static struct {
	char msg[XS_MSG_MAX];
	size_t len;
} outbox[OUT_MAX];
static int out_n;
static size_t out_sent; /* bytes of the message being written already in the ring */
static bool event_armed;
static bool consume_armed;

static char inbuf[2 * XS_MSG_MAX];
static size_t in_len;

static void queue_reply(uint32_t type, uint32_t req_id, const void *data, size_t len)
{
	if (out_n == OUT_MAX)
		return;
	struct xsd_sockmsg h = {.type = type, .req_id = req_id, .tx_id = 0, .len = (uint32_t)len};
	memcpy(outbox[out_n].msg, &h, sizeof(h));
	memcpy(outbox[out_n].msg + sizeof(h), data, len);
	outbox[out_n].len = sizeof(h) + len;
	out_n++;
}

static void queue_error(uint32_t req_id, const char *name)
{
	queue_reply(XS_ERROR, req_id, name, strlen(name) + 1);
}

static void queue_event(const char *path, const char *token)
{
	char ev[200];
	size_t n = (size_t)snprintf(ev, sizeof(ev), "%s%c%s", path, 0, token) + 1;
	queue_reply(XS_WATCH_EVENT, 0, ev, n);
}

/* path is at or below base */
static bool under(const char *path, const char *base)
{
	size_t n = strlen(base);
	return strncmp(path, base, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static void fire_watches(const char *path)
{
	for (int i = 0; i < 8; i++)
		if (watches[i].path[0] && under(path, watches[i].path))
			queue_event(path, watches[i].token);
}

static int kv_find(const char *key)
{
	for (int i = 0; i < KV_MAX; i++)
		if (kv[i].key[0] && strcmp(kv[i].key, key) == 0)
			return i;
	return -1;
}

static int kv_store(const char *key, const char *val, size_t len)
{
	int i = kv_find(key);
	for (int j = 0; i < 0 && j < KV_MAX; j++)
		if (!kv[j].key[0])
			i = j;
	if (i < 0 || strlen(key) >= sizeof(kv[i].key) || len > sizeof(kv[i].val))
		return -1;
	strcpy(kv[i].key, key);
	memcpy(kv[i].val, val, len);
	kv[i].len = len;
	fire_watches(key);
	return 0;
}

static bool kv_remove(const char *path)
{
	bool any = false;
	for (int i = 0; i < KV_MAX; i++) {
		if (kv[i].key[0] && under(kv[i].key, path)) {
			kv[i].key[0] = '\0';
			any = true;
		}
	}
	if (any)
		fire_watches(path);
	return any;
}

/* Children of path: the next component of every key below it. */
static size_t list_children(const char *path, char *out, size_t size)
{
	size_t n = 0, plen = strlen(path);
	for (int i = 0; i < KV_MAX; i++) {
		if (!kv[i].key[0] || strncmp(kv[i].key, path, plen) != 0 || kv[i].key[plen] != '/')
			continue;
		const char *child = kv[i].key + plen + 1;
		size_t clen = strcspn(child, "/");
		bool dup = false;
		for (size_t pos = 0; pos < n; pos += strlen(out + pos) + 1)
			dup |= strlen(out + pos) == clen && strncmp(out + pos, child, clen) == 0;
		if (dup || n + clen + 1 > size)
			continue;
		memcpy(out + n, child, clen);
		out[n + clen] = '\0';
		n += clen + 1;
	}
	return n;
}

static bool path_exists(const char *path)
{
	char tmp[8];
	return kv_find(path) >= 0 || list_children(path, tmp, sizeof(tmp)) > 0;
}

static void handle_request(const struct xsd_sockmsg *h, const char *body)
{
	const char *path = body;
	size_t plen = strnlen(body, h->len);
	uint32_t id = h->req_id;

	if (xs_fake_mode == XS_FAKE_GARBAGE) {
		struct xsd_sockmsg bad = {.type = XS_READ, .req_id = id, .len = 5000};
		memcpy(outbox[out_n].msg, &bad, sizeof(bad));
		outbox[out_n++].len = sizeof(bad);
		return;
	}
	if (xs_fake_mode == XS_FAKE_STRAY)
		queue_reply(h->type, id + 1000, "OK", 3);
	if (xs_fake_mode == XS_FAKE_WRONG) {
		queue_reply(XS_DIRECTORY, id, "x", 2);
		return;
	}
	switch (h->type) {
	case XS_READ: {
		int i = kv_find(path);
		if (i < 0 && path_exists(path))
			queue_reply(XS_READ, id, "", 0);
		else if (i < 0)
			queue_error(id, "ENOENT");
		else
			queue_reply(XS_READ, id, kv[i].val, kv[i].len);
		break;
	}
	case XS_WRITE:
		if (kv_store(path, body + plen + 1, h->len - plen - 1) < 0)
			queue_error(id, "ENOSPC");
		else
			queue_reply(XS_WRITE, id, "OK", 3);
		break;
	case XS_MKDIR:
		if (!path_exists(path))
			(void)kv_store(path, "", 0);
		queue_reply(XS_MKDIR, id, "OK", 3);
		break;
	case XS_RM:
		if (kv_remove(path))
			queue_reply(XS_RM, id, "OK", 3);
		else
			queue_error(id, "ENOENT");
		break;
	case XS_DIRECTORY: {
		char list[1024];
		if (!path_exists(path)) {
			queue_error(id, "ENOENT");
			break;
		}
		queue_reply(XS_DIRECTORY, id, list, list_children(path, list, sizeof(list)));
		break;
	}
	case XS_WATCH: {
		const char *token = body + plen + 1;
		int slot = -1;
		for (int i = 0; i < 8 && slot < 0; i++)
			if (!watches[i].path[0])
				slot = i;
		if (slot < 0) {
			queue_error(id, "ENOSPC");
			break;
		}
		snprintf(watches[slot].path, sizeof(watches[slot].path), "%s", path);
		snprintf(watches[slot].token, sizeof(watches[slot].token), "%s", token);
		/* An event for a token nobody has comes first. */
		queue_event(path, "nobody");
		queue_reply(XS_WATCH, id, "OK", 3);
		queue_event(path, token); /* the initial event every watch gets */
		break;
	}
	case XS_UNWATCH:
		for (int i = 0; i < 8; i++)
			if (strcmp(watches[i].token, body + plen + 1) == 0)
				watches[i].path[0] = watches[i].token[0] = '\0';
		queue_reply(XS_UNWATCH, id, "OK", 3);
		break;
	case XS_TRANSACTION_START:
		queue_reply(XS_TRANSACTION_START, id, "7", 2);
		break;
	case XS_TRANSACTION_END:
		if (xs_fake_tx_conflicts > 0) {
			xs_fake_tx_conflicts--;
			queue_error(id, "EAGAIN");
		} else {
			queue_reply(XS_TRANSACTION_END, id, "OK", 3);
		}
		break;
	default:
		queue_error(id, "EINVAL");
	}
}

static void consume_requests(void)
{
	/* The daemon's side: consume from the request ring. */
	uint32_t prod = __atomic_load_n(&ring.req_prod, __ATOMIC_ACQUIRE);
	while (ring.req_cons != prod && in_len < sizeof(inbuf))
		inbuf[in_len++] = ring.req[MASK_XENSTORE_IDX(ring.req_cons++)];
	for (;;) {
		struct xsd_sockmsg h;
		if (in_len < sizeof(h))
			return;
		memcpy(&h, inbuf, sizeof(h));
		if (in_len < sizeof(h) + h.len)
			return;
		static char body[XENSTORE_PAYLOAD_MAX + 1];
		memcpy(body, inbuf + sizeof(h), h.len);
		body[h.len] = 0;
		handle_request(&h, body);
		memmove(inbuf, inbuf + sizeof(h) + h.len, in_len - sizeof(h) - h.len);
		in_len -= sizeof(h) + h.len;
	}
}

/* Copy queued replies into the response ring as far as they fit. In
 * delayed mode the newest goes first; a started message is finished
 * before another one begins. */
static int writing = -1;

static void write_outbox(size_t limit)
{
	while (out_n > 0 && limit > 0) {
		int idx = writing >= 0 ? writing : xs_fake_mode == XS_FAKE_DELAYED ? out_n - 1 : 0;
		size_t left = outbox[idx].len - out_sent;
		size_t space = XENSTORE_RING_SIZE - (ring.rsp_prod - ring.rsp_cons);
		size_t n = left < space ? left : space;
		n = n < limit ? n : limit;
		if (n == 0)
			return;
		for (size_t i = 0; i < n; i++)
			ring.rsp[MASK_XENSTORE_IDX(ring.rsp_prod + i)] =
			    outbox[idx].msg[out_sent + i];
		__atomic_store_n(&ring.rsp_prod, ring.rsp_prod + (uint32_t)n, __ATOMIC_RELEASE);
		out_sent += n;
		limit -= n;
		writing = idx;
		if (out_sent == outbox[idx].len) {
			out_sent = 0;
			writing = -1;
			memmove(&outbox[idx], &outbox[idx + 1],
				(size_t)(out_n - idx - 1) * sizeof(outbox[0]));
			out_n--;
		}
	}
}

/* The "event upcall" from the daemon: runs with events disabled. */
static void deliver_event(void *arg)
{
	(void)arg;
	event_armed = false;
	if (consume_armed) {
		consume_armed = false;
		consume_requests();
	}
	write_outbox((size_t)-1);
	if (client_handler)
		client_handler(client_port, client_arg);
}

static void arm(uint64_t delay)
{
	if (!event_armed &&
	    plat_linux_raise_event_at(plat_monotonic_ns() + delay, deliver_event, NULL) == 0)
		event_armed = true;
}

static void send_replies(void)
{
	switch (xs_fake_mode) {
	case XS_FAKE_DELAYED:
		if (out_n)
			arm(10 * MS);
		break;
	case XS_FAKE_SPLIT:
		if (out_n && out_sent == 0)
			write_outbox(10);
		if (out_n)
			arm(5 * MS);
		break;
	default:
		write_outbox((size_t)-1);
		if (out_n || ring.rsp_prod != ring.rsp_cons)
			arm(0);
	}
}

int evtchn_notify(evtchn_port_t port)
{
	(void)port;
	if (xs_fake_mode == XS_FAKE_SLOW) {
		consume_armed = true;
		arm(5 * MS);
		return 0;
	}
	consume_requests();
	send_replies();
	return 0;
}

void xs_fake_set(const char *key, const char *value)
{
	if (value)
		(void)kv_store(key, value, strlen(value));
	else
		(void)kv_remove(key);
	send_replies();
}
