/*
 * The network device interface under the virtif component hypercalls
 * (rumpcomp_virt_*, revision 20140313). A backend (the Xen network
 * front-end, or a test device) registers one table; rumpuser maps the
 * kernel's interfaces onto it and keeps the rump CPU protocol.
 *
 * Contract for a backend:
 *  - operations return 0 or a negative rx_error; they run in thread
 *    context without a rump CPU and may block;
 *  - open(unit) connects the unit-th network device, stores its MAC in
 *    mac[6] and from then on calls rx(rx_arg, iov, iovcnt) once per
 *    received Ethernet frame (no FCS), in a thread of its own - never in
 *    event context; the frame is the concatenation of the pieces (so a
 *    frame that arrived in several buffers needs no copy to pass on),
 *    valid only during the call;
 *  - send() copies the frame (given in pieces) before returning;
 *  - close() returns only when no rx call is running or will start.
 */
#ifndef RUMPUSER_NET_H
#define RUMPUSER_NET_H

#include <stddef.h>
#include <stdint.h>

#include "rumpuser.h"

typedef void (*rumpuser_net_rx_fn)(void *rx_arg, const struct rumpuser_iovec *iov, size_t iovcnt);

struct rumpuser_netdev_ops {
	int (*open)(void *ctx, unsigned unit, uint8_t mac[6], rumpuser_net_rx_fn rx, void *rx_arg,
		    void **handle);
	int (*send)(void *ctx, void *handle, const struct rumpuser_iovec *iov, size_t iovcnt);
	int (*close)(void *ctx, void *handle);
};

/* Install the backend (NULL removes it): RX_EBUSY while interfaces are
 * open, RX_EINVAL for a table with a missing operation. */
int rumpuser_net_register(const struct rumpuser_netdev_ops *ops, void *ctx);

#endif
