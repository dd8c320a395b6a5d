/*
 * xenstore client: the guest's side of the xenstore ring (start_info's
 * store page and event channel).
 *
 * Context: every call may block and must be made from thread context
 * after sched_init(), with events enabled. Calls from several threads
 * may be outstanding at once; replies are matched to requests by
 * request id. No call crashes on bad input or a misbehaving peer: each
 * returns 0 / a non-negative result, or a negative rx_error:
 *   RX_EINVAL   bad path, token or argument (nothing was sent)
 *   RX_E2BIG    request or value larger than the protocol allows, or
 *               than the caller's buffer
 *   RX_ENOENT, RX_EACCES, RX_EEXIST, RX_EAGAIN, ...  the daemon's answer
 *   RX_ETIMEDOUT no reply within XS_REQUEST_TIMEOUT_NS
 *   RX_EPROTO   the daemon sent something malformed. A reply of the wrong
 *               type or with a bad payload fails only its request; a
 *               broken message frame (impossible length or type, ring
 *               indices out of range) makes the connection unusable and
 *               every later call fails with the same error. A request
 *               that timed out half-sent does the same with RX_ETIMEDOUT.
 *   RX_ENODEV   no xenstore ring (the initial domain has none)
 *
 * Paths are relative to the domain's home (/local/domain/<id>/) unless
 * they start with '/'.
 */
#ifndef RXEN_XENSTORE_H
#define RXEN_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <core/sched.h>

/* A transaction id; XS_TX_NONE for a plain request. */
typedef uint32_t xs_tx_t;
#define XS_TX_NONE ((xs_tx_t)0)

/* How long one request waits for its reply. */
#define XS_REQUEST_TIMEOUT_NS (30ull * 1000000000ull)

/* Connect to the ring described by start_info and bind its event
 * channel. The first request does this by itself; calling it early only
 * moves the work. Needs evtchn_init and sched_init done. */
int xs_init(void);

/* Read a value into buf (NUL-terminated). Returns its length, or
 * RX_E2BIG when length + 1 > size. */
int xs_read(xs_tx_t tx, const char *path, char *buf, size_t size);
/* Read a value that must be an unsigned decimal number; RX_EINVAL when
 * it is not (empty, junk, overflow). */
int xs_read_uint(xs_tx_t tx, const char *path, unsigned long long *out);

/* Write a string value (creates missing parents). */
int xs_write(xs_tx_t tx, const char *path, const char *value);
/* Write an unsigned decimal number. */
int xs_write_uint(xs_tx_t tx, const char *path, unsigned long long value);
int xs_mkdir(xs_tx_t tx, const char *path);
/* Remove a node and everything under it. */
int xs_rm(xs_tx_t tx, const char *path);

/*
 * List the children of path into buf as NUL-terminated names packed
 * together; *len receives the bytes used. Returns the number of names
 * (0 for none), RX_E2BIG when buf is too small. Walk the list with
 * xs_dir_next.
 */
int xs_directory(xs_tx_t tx, const char *path, char *buf, size_t size, size_t *len);
/* Next name of a listing from xs_directory (pos starts at 0); NULL at
 * the end. */
const char *xs_dir_next(const char *list, size_t len, size_t *pos);

/* Transactions: end with commit=false to abort. xs_transaction_end
 * returns RX_EAGAIN when a commit conflicted and nothing was applied. */
int xs_transaction_start(xs_tx_t *tx);
int xs_transaction_end(xs_tx_t tx, bool commit);

/*
 * Run fn inside a transaction, committing when fn returns 0 and
 * retrying from the start (up to max_attempts times, 0 = 8) while the
 * commit reports RX_EAGAIN. When fn fails, the transaction is aborted
 * and fn's error returned. fn may run several times; it must only
 * touch xenstore through tx and keep no other side effects.
 */
int xs_transaction_run(int (*fn)(xs_tx_t tx, void *arg), void *arg, unsigned max_attempts);

/*
 * Watches. The caller owns the struct and keeps it alive (and does not
 * move it) from xs_watch_add until xs_watch_remove returns. xenstore
 * fires one event at once when a watch is added, then one for every
 * change at or below the path.
 *
 * Events queue in the watch (up to XS_WATCH_QUEUE_MAX); when more
 * arrive before they are taken, the extra ones are folded into one
 * event naming the watched path itself, which means "re-read
 * everything below it".
 */
#define XS_WATCH_QUEUE_MAX 32
#define XS_WATCH_TOKEN_MAX 24

struct xs_watch_event;

struct xs_watch {
	/* private to the client */
	char token[XS_WATCH_TOKEN_MAX];
	char *path; /* copy of the watched path */
	struct xs_watch_event *head, *tail;
	unsigned queued;
	bool overflowed;
	bool active;
	struct xs_watch *next; /* list of registered watches */
};

int xs_watch_add(struct xs_watch *w, const char *path);
/* Stop the watch and drop queued events (the struct may be reused). */
int xs_watch_remove(struct xs_watch *w);
/*
 * Wait for the next event of w until deadline_ns (monotonic; 0 = no
 * deadline). Copies the path that changed into path_out (if non-NULL).
 * Returns 0, RX_ETIMEDOUT, RX_E2BIG (event dropped: path_out too small),
 * RX_EINVAL (w not added) or a connection error.
 */
int xs_watch_wait(struct xs_watch *w, uint64_t deadline_ns, char *path_out, size_t size);

/* Counters for tests. */
struct xs_stats {
	uint64_t requests;
	uint64_t replies;
	uint64_t watch_events;
	uint64_t stray_replies;	 /* replies nobody waited for (timed out) */
	uint64_t dropped_events; /* folded because a queue was full */
};
void xs_get_stats(struct xs_stats *out);

/* A polled write for the exit path when the threaded client cannot be
 * used (before threads exist, with events masked, or after the client
 * failed): spins on the ring, any context. Path relative to the domain
 * home unless absolute. Returns 0 or an rx_error (RX_ENODEV as dom0). */
int store_poll_write(const char *path, const char *value);

#endif
