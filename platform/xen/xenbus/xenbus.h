/*
 * xenbus helpers for split-driver frontends: finding our devices under
 * device/<type>/, their backend, and the state handshake
 * (xen/io/xenbus.h: Initialising -> InitWait -> Initialised ->
 * Connected -> Closing -> Closed).
 *
 * Context: thread context (everything goes through xenstore). Keys the
 * toolstack or backend should have written are checked: a missing key
 * is RX_ENOENT, a malformed one RX_EINVAL, never a guess.
 */
#ifndef RXEN_XENBUS_H
#define RXEN_XENBUS_H

#include <stddef.h>
#include <stdint.h>

#include <runtime/xen.h>
#include <xen/io/xenbus.h>
#include <xenstore/xenstore.h>

#include <core/sched.h>

#define XENBUS_PATH_MAX 160
#define XENBUS_NAME_MAX 16

/* One device of a split driver. */
struct xenbus_dev {
	char nodename[XENBUS_PATH_MAX]; /* frontend dir, "device/vbd/768" */
	char backend[XENBUS_PATH_MAX];	/* backend dir (absolute) */
	domid_t backend_id;
};

/*
 * Names of our devices of a type ("vbd", "vif"): the children of
 * device/<type>, at most max of them, into names[]. Returns the count
 * (0 when there are none or the directory is missing), RX_E2BIG when a
 * name is longer than XENBUS_NAME_MAX - 1, RX_EINVAL for a bad type.
 */
int xenbus_list_devices(const char *type, char (*names)[XENBUS_NAME_MAX], int max);

/* Fill dev for device/<type>/<name>: reads "backend" and "backend-id". */
int xenbus_dev_init(struct xenbus_dev *dev, const char *type, const char *name);

/* "<dir>/<key>" into buf; RX_E2BIG when it does not fit. */
int xenbus_path(char *buf, size_t size, const char *dir, const char *key);

/* Read a key of the backend's directory. */
int xenbus_read_backend(const struct xenbus_dev *dev, const char *key, char *buf, size_t size);
int xenbus_read_backend_uint(const struct xenbus_dev *dev, const char *key,
			     unsigned long long *out);

/* Read a "state" node: RX_EINVAL unless it is a number 0..8. */
int xenbus_read_state(const char *state_path, XenbusState *state);

/* Write our (frontend) state. */
int xenbus_switch_state(const struct xenbus_dev *dev, XenbusState state);

/*
 * Following a backend's state: the one place that watches
 * <backend>/state for every frontend. xenbus_follow_start watches the
 * node, reads it once and starts a thread that re-reads it on every
 * watch event. The state it keeps (xenbus_follow_state) is a
 * XenbusState 0..8, or a negative rx_error:
 *   RX_ENODEV  the node is gone (the toolstack removed the backend)
 *   RX_EINVAL  the node holds no state number (malformed)
 *   other      following failed (xenstore unusable); no more changes
 *
 * fn (may be NULL) is called in the follower's thread after every
 * change of that state (not for the state read at start, and never once
 * xenbus_follow_stop has begun). It may block on xenstore or take
 * locks, but must not wait for the follower (xenbus_follow_wait) nor
 * stop it.
 *
 * Context: thread context. The caller owns the struct and must not move
 * it from start until stop returns.
 */
typedef void (*xenbus_state_fn)(void *arg, int state);

struct xenbus_follower {
	/* private to xenbus_follow.c */
	char path[XENBUS_PATH_MAX]; /* <backend>/state */
	struct xs_watch watch;
	struct waitq wq; /* waiters for a change of state */
	struct thread *thread;
	xenbus_state_fn fn;
	void *arg;
	volatile int state;
	volatile bool stopping;
	bool started;
};

/* Start following dev's backend. 0, or an error of the path, the
 * xenstore watch or the thread (nothing is left running then). */
int xenbus_follow_start(struct xenbus_follower *f, const struct xenbus_dev *dev, xenbus_state_fn fn,
			void *arg);

/* The state as last read (see above); never blocks. */
int xenbus_follow_state(const struct xenbus_follower *f);

/*
 * Wait until the backend's state is `want` or later in the handshake:
 * states are ordered, Reconfiguring and Reconfigured count as
 * Connected, and a wait for Closing or Closed is also satisfied by a
 * backend that is gone. deadline_ns is monotonic; 0 means
 * XENBUS_DEFAULT_TIMEOUT_NS from now (a wait never lasts for ever).
 * Returns 0, RX_ETIMEDOUT, RX_ESHUTDOWN when the backend is at Closing
 * or Closed while we want an earlier state (unless flags has
 * XENBUS_WAIT_PAST_CLOSED), or the follower's negative state (RX_ENODEV
 * gone, RX_EINVAL malformed, ...). Failures are logged with the wanted
 * and the last seen state. RX_EINVAL also when f was never started.
 */
#define XENBUS_DEFAULT_TIMEOUT_NS (20ull * 1000000000ull)
/* Closing and Closed are passed over rather than failing the wait: for
 * a frontend that asked a backend left Closed by an earlier frontend to
 * start again (by switching itself to Initialising). */
#define XENBUS_WAIT_PAST_CLOSED 0x1u
int xenbus_follow_wait(struct xenbus_follower *f, XenbusState want, unsigned flags,
		       uint64_t deadline_ns);

/* Stop following: end the thread (fn is not called any more once this
 * begins) and the watch. Safe on a follower that never started or
 * already stopped. */
void xenbus_follow_stop(struct xenbus_follower *f);

/* A state's name for log lines ("Connected"), or "?" outside 0..8. */
const char *xenbus_state_name(int state);

#endif
