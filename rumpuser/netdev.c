/*
 * The registered network backend (rumpuser_net.h). Kept apart from
 * virtif.c so that registering a backend does not drag the virtif
 * hypercalls - and their reference to the kernel's virtif driver - into
 * images without that driver.
 */
#include "rumpuser_priv.h"
#include "rumpuser_net.h"

#include <core/errors.h>

static const struct rumpuser_netdev_ops *net;
static void *net_ctx;
static int users; /* interfaces open on the backend */

int rumpuser_net_register(const struct rumpuser_netdev_ops *ops, void *ctx)
{
	if (users != 0)
		return RX_EBUSY;
	if (ops != NULL && (ops->open == NULL || ops->send == NULL || ops->close == NULL))
		return RX_EINVAL;
	net = ops;
	net_ctx = ctx;
	return 0;
}

int rumpuser__net_present(void) { return net != NULL; }

const struct rumpuser_netdev_ops *rumpuser__net_get(void **ctx)
{
	*ctx = net_ctx;
	return net;
}

void rumpuser__net_hold(int delta) { users += delta; }
