/*
 * The virtif component hypercalls (rumpcomp_virt_*, revision 20140313)
 * on the registered network backend (rumpuser_net.h). Only linked into
 * images that contain the kernel's virtif driver (it is what references
 * these names), which provides rump_virtif_virt_deliverpkt.
 *
 * Receive: the backend's receive thread calls us per frame; the first
 * time, that thread gets a permanent lwp of its own (schedule, newlwp,
 * unschedule), and every delivery holds a rump CPU around the kernel
 * call. Nothing is delivered once the kernel said the interface is dying.
 * Send: the kernel holds a CPU; the backend may wait for ring space, so
 * the call is wrapped.
 */
#include "rumpuser_priv.h"
#include "rumpuser_net.h"
#include "rumpuser_virtif.h"

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>

#include <stdbool.h>

#define VIRTIF_MAX_SEGS 32 /* the kernel's limit per frame */

struct virtif_user {
	struct virtif_sc *sc;
	const struct rumpuser_netdev_ops *net; /* the backend it was opened on */
	void *net_ctx;
	void *handle;
	bool dying;
};

/* Backend receive thread, thread context, no rump CPU held. The kernel
 * copies the pieces into an mbuf: the one copy on this path. */
static void deliver(void *arg, const struct rumpuser_iovec *iov, size_t iovcnt)
{
	struct virtif_user *viu = arg;
	int unused;

	if (viu->dying || rumpuser__hyp == NULL)
		return;
	if (rumpuser_curlwp() == NULL) { /* first frame on this thread */
		rumpuser__hyp->hyp_schedule();
		rumpuser__hyp->hyp_lwproc_newlwp(0);
		rumpuser__hyp->hyp_unschedule();
	}
	rumpuser__hyp->hyp_backend_schedule(0, NULL);
	/* The kernel's prototype lacks const; it only reads the pieces. */
	rump_virtif_virt_deliverpkt(viu->sc, (struct rumpuser_iovec *)iov, iovcnt);
	rumpuser__hyp->hyp_backend_unschedule(0, &unused, NULL);
}

/* devstr: the unit number ("0" for virt0) = the unit-th network device. */
int rumpcomp_virt_create(const char *devstr, struct virtif_sc *sc, uint8_t *enaddr,
			 struct virtif_user **viup)
{
	struct virtif_user *viu;
	unsigned unit = 0;
	uint8_t mac[6];
	void *ctx;
	int held, err;

	if (devstr == NULL || *devstr == '\0' || enaddr == NULL || viup == NULL)
		return NB_EINVAL;
	for (const char *p = devstr; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || unit > 1000)
			return NB_EINVAL;
		unit = unit * 10 + (unsigned)(*p - '0');
	}
	if (rumpuser__net_get(&ctx) == NULL)
		return NB_ENXIO;
	viu = mem_zalloc(sizeof(*viu), 0);
	if (viu == NULL)
		return NB_ENOMEM;
	viu->sc = sc;
	viu->net = rumpuser__net_get(&viu->net_ctx);
	rumpuser__net_hold(1); /* the backend cannot change under a pending open */
	held = rumpuser__unschedule(NULL);
	err = viu->net->open(viu->net_ctx, unit, mac, deliver, viu, &viu->handle);
	rumpuser__reschedule(held, NULL);
	if (err != 0) {
		rumpuser__net_hold(-1);
		mem_free(viu);
		return rumpuser__errno_from_rx(err);
	}
	for (int i = 0; i < 6; i++)
		enaddr[i] = mac[i]; /* the real MAC, or unicast receive is filtered */
	*viup = viu;
	return 0;
}

int rumpcomp_virt_dying(struct virtif_user *viu)
{
	viu->dying = true;
	return 0;
}

void rumpcomp_virt_destroy(struct virtif_user *viu)
{
	int held;

	viu->dying = true;
	held = rumpuser__unschedule(NULL);
	viu->net->close(viu->net_ctx, viu->handle); /* no delivery after this returns */
	rumpuser__reschedule(held, NULL);
	rumpuser__net_hold(-1);
	mem_free(viu);
}

/* Frames the backend cannot take are dropped (no error path). */
void rumpcomp_virt_send(struct virtif_user *viu, struct rumpuser_iovec *iov, size_t iovcnt)
{
	int held, err;

	if (viu->dying || iovcnt == 0 || iovcnt > VIRTIF_MAX_SEGS)
		return;
	held = rumpuser__unschedule(NULL);
	err = viu->net->send(viu->net_ctx, viu->handle, iov, iovcnt);
	rumpuser__reschedule(held, NULL);
	if (err != 0)
		log_debug("rumpuser", "virtif: frame dropped: %s", rx_strerror(err));
}
