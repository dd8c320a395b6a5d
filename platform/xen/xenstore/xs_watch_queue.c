/*
 * The registered xenstore watches and the events queued on each (see
 * xenstore_priv.h). No I/O: the transport's pump hands events in, the
 * watch calls take them out. Thread context; nothing here blocks.
 */
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/str.h>

#include "xenstore_priv.h"
#include "xs_wire.h"

#define SUBSYS "xenstore"

struct xs_watch_event {
	struct xs_watch_event *next;
	size_t len;
	char path[];
};

static struct {
	struct xs_watch *list;
	unsigned next_token;
	uint64_t events;  /* queued (or folded) for a registered watch */
	uint64_t dropped; /* folded because a queue was full */
} reg;

int xs_watchq_link(struct xs_watch *w, const char *path, size_t size)
{
	w->path = mem_alloc(size, 0);
	if (!w->path)
		return RX_ENOMEM;
	__builtin_memcpy(w->path, path, size);
	fmt_snprintf(w->token, sizeof(w->token), "rxw%u", ++reg.next_token);
	w->head = w->tail = NULL;
	w->queued = 0;
	w->overflowed = false;
	w->active = true;
	w->next = reg.list;
	reg.list = w;
	return 0;
}

static void drop_events(struct xs_watch *w)
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

void xs_watchq_unlink(struct xs_watch *w)
{
	for (struct xs_watch **pp = &reg.list; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	w->active = false;
	drop_events(w);
	if (w->path)
		mem_free(w->path);
	w->path = NULL;
}

void xs_watchq_deliver(const char *body, size_t len)
{
	const char *path, *token;
	if (xs_watch_event_parse(body, len, &path, &token) < 0) {
		log_warn(SUBSYS, "malformed watch event dropped");
		return;
	}
	struct xs_watch *w = reg.list;
	while (w && !str_eq(w->token, token))
		w = w->next;
	if (!w)
		return; /* removed while the event was in flight */
	reg.events++;
	size_t plen = str_nlen(path, len);
	struct xs_watch_event *ev = NULL;
	if (w->queued < XS_WATCH_QUEUE_MAX)
		ev = mem_alloc(sizeof(*ev) + plen + 1, 0);
	if (!ev) {
		w->overflowed = true;
		reg.dropped++;
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

bool xs_watchq_ready(const struct xs_watch *w) { return !w->active || w->head || w->overflowed; }

int xs_watchq_take(struct xs_watch *w, char *path_out, size_t size)
{
	if (w->head) {
		struct xs_watch_event *ev = w->head;
		w->head = ev->next;
		if (!w->head)
			w->tail = NULL;
		w->queued--;
		int rc = path_out ? str_copy(path_out, ev->path, size) : 0;
		mem_free(ev);
		return rc;
	}
	/* Events were lost: report the watched path ("re-read it all"). */
	w->overflowed = false;
	return path_out ? str_copy(path_out, w->path, size) : 0;
}

void xs_watchq_counts(uint64_t *events, uint64_t *dropped)
{
	*events = reg.events;
	*dropped = reg.dropped;
}
