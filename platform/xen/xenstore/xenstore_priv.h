/*
 * The xenstore client's files and how they call each other (one way):
 *   xs_ops.c, xs_transaction.c, xs_watch.c   the calls of xenstore.h
 *     -> xenstore.c        transport: the ring, request ids, waiting
 *       -> xs_watch_queue.c  registered watches and their queued events
 *       -> xs_wire.c, xs_ring.c  message format and ring copies (no threads)
 * Context: thread context, like xenstore.h.
 */
#ifndef RXEN_XENSTORE_PRIV_H
#define RXEN_XENSTORE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenstore/xenstore.h>

#include "xs_wire.h"

/* xenstore.c */

/* One piece of a request's payload, copied as given (with or without
 * its NUL). */
struct xs_part {
	const void *data;
	size_t len;
};

/*
 * One request/reply exchange (connecting first if need be). The reply
 * payload lands in rbuf[rsize] NUL-terminated, its length in *rlen
 * (may be NULL). 0 or an error as listed in xenstore.h.
 */
int xs_talk(uint32_t type, xs_tx_t tx, const struct xs_part *parts, unsigned nparts, char *rbuf,
	    size_t rsize, size_t *rlen);
/* The same for requests whose reply is just "OK". */
int xs_talk_ok(uint32_t type, xs_tx_t tx, const struct xs_part *parts, unsigned nparts);
/* A checked path argument as a part (with its NUL): 0, RX_EINVAL, RX_E2BIG. */
int xs_path_part(const char *path, struct xs_part *part);
/* Wait until cond(arg) holds (re-checked after every drain of the
 * ring), the connection breaks (its error), or deadline_ns passes
 * (RX_ETIMEDOUT; 0 = none). */
int xs_wait_until(bool (*cond)(void *), void *arg, uint64_t deadline_ns);
/* Wake every thread waiting in xs_wait_until to re-check its condition. */
void xs_wake_waiters(void);

/* xs_watch_queue.c */

/* Register w for path (size bytes with its NUL): copies the path, gives
 * w a token, empties its queue. 0 or RX_ENOMEM. */
int xs_watchq_link(struct xs_watch *w, const char *path, size_t size);
/* Unregister w, drop its queued events and its path copy. */
void xs_watchq_unlink(struct xs_watch *w);
/* Queue a received XS_WATCH_EVENT payload on the watch its token names
 * (dropped when none does, logged when malformed). */
void xs_watchq_deliver(const char *body, size_t len);
/* Whether xs_watchq_take has something for w, or w is gone. */
bool xs_watchq_ready(const struct xs_watch *w);
/* Take w's next event (the watched path itself after an overflow) into
 * path_out (may be NULL): 0 or RX_E2BIG. */
int xs_watchq_take(struct xs_watch *w, char *path_out, size_t size);
/* Events queued for registered watches, and those folded. */
void xs_watchq_counts(uint64_t *events, uint64_t *dropped);

#endif
