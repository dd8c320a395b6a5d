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
 * Wait until the backend's state is `want` or later in the handshake
 * (states are ordered; Reconfiguring counts as Connected), with a
 * relative timeout (0 = XENBUS_DEFAULT_TIMEOUT_NS). *seen (may be NULL)
 * receives the last state read. Returns 0, RX_ETIMEDOUT, RX_ESHUTDOWN
 * when the backend is Closing/Closed while we want it up, RX_ENODEV
 * when its state node is gone, RX_EINVAL for a malformed state.
 */
#define XENBUS_DEFAULT_TIMEOUT_NS (20ull * 1000000000ull)
int xenbus_wait_backend_state(const struct xenbus_dev *dev, XenbusState want, uint64_t timeout_ns,
			      XenbusState *seen);

#endif
