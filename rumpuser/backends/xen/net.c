/*
 * The Xen network front-end as rumpuser's network backend
 * (rumpuser_net.h): unit N is the N-th vif under device/vif (ascending
 * ids). netfront delivers frames in its own receive thread, which is
 * what the interface asks for, as pieces in its receive buffers (a
 * frame of several slots is not assembled here: the kernel's copy into
 * an mbuf is the only one); frames are copied on send.
 */
#include "rumpuser_xen.h"

#include "rumpuser_priv.h"
#include "rumpuser_net.h"

#include <netfront/netfront.h>

#include <core/errors.h>
#include <core/mem.h>

#define MAX_VIFS 16
#define MAX_SEGS 32

struct xn_dev {
	struct netfront *nf;
	rumpuser_net_rx_fn rx;
	void *rx_arg;
};

static void xn_rx(void *arg, const struct netfront_iov *iov, size_t iovcnt, size_t len,
		  unsigned flags)
{
	struct xn_dev *d = arg;
	struct rumpuser_iovec v[NETFRONT_RX_MAX_PIECES];

	(void)len;
	(void)flags; /* no checksum offload was negotiated to act on */
	if (iovcnt > NETFRONT_RX_MAX_PIECES)
		return; /* netfront never passes more */
	for (size_t i = 0; i < iovcnt; i++) {
		v[i].iov_base = (void *)iov[i].base;
		v[i].iov_len = iov[i].len;
	}
	d->rx(d->rx_arg, v, iovcnt);
}

static int xn_open(void *ctx, unsigned unit, uint8_t mac[6], rumpuser_net_rx_fn rx, void *rx_arg,
		   void **handle)
{
	unsigned ids[MAX_VIFS];
	struct xn_dev *d;
	int n, err;

	(void)ctx;
	n = netfront_list(ids, MAX_VIFS);
	if (n < 0)
		return n;
	if (unit >= (unsigned)n || unit >= MAX_VIFS)
		return RX_ENODEV;
	d = mem_zalloc(sizeof(*d), 0);
	if (d == NULL)
		return RX_ENOMEM;
	d->rx = rx;
	d->rx_arg = rx_arg;
	err = netfront_open_rxv(ids[unit], xn_rx, d, &d->nf);
	if (err != 0) {
		mem_free(d);
		return err;
	}
	netfront_mac(d->nf, mac);
	*handle = d;
	return 0;
}

static int xn_send(void *ctx, void *handle, const struct rumpuser_iovec *iov, size_t iovcnt)
{
	struct xn_dev *d = handle;
	struct netfront_iov v[MAX_SEGS];

	(void)ctx;
	if (iovcnt > MAX_SEGS)
		return RX_EINVAL;
	for (size_t i = 0; i < iovcnt; i++) {
		v[i].base = iov[i].iov_base;
		v[i].len = iov[i].iov_len;
	}
	return netfront_sendv(d->nf, v, iovcnt);
}

static int xn_close(void *ctx, void *handle)
{
	struct xn_dev *d = handle;
	int err;

	(void)ctx;
	err = netfront_close(d->nf); /* waits for a running rx callback */
	mem_free(d);
	return err;
}

static const struct rumpuser_netdev_ops xen_net_ops = {
    .open = xn_open,
    .send = xn_send,
    .close = xn_close,
};

int rumpuser__xen_net_register(void)
{
	if (rumpuser__net_present())
		return RX_EBUSY; /* the application chose its own */
	return rumpuser_net_register(&xen_net_ops, NULL);
}
