/*
 * The virtif component hypercalls, revision 20140313, for the kernel's
 * virtual Ethernet driver built with VIRTIF_BASE=virt (interfaces
 * virt0, virt1, ...). The driver calls the four rumpcomp_virt_*; the
 * platform pushes received frames into rump_virtif_virt_deliverpkt.
 * struct rumpuser_iovec has NetBSD's struct iovec layout.
 */
#ifndef RUMPUSER_VIRTIF_H
#define RUMPUSER_VIRTIF_H

#include "rumpuser.h"

struct virtif_sc;   /* the kernel's softc: opaque */
struct virtif_user; /* ours, per interface */

/* devstr: the unit number as text; enaddr (6 bytes) in: a kernel-chosen
 * address, out: the device's MAC. 0 or a NetBSD errno. May block. */
int rumpcomp_virt_create(const char *devstr, struct virtif_sc *sc, uint8_t *enaddr,
			 struct virtif_user **viup);
/* Stop delivering to the kernel; 0. */
int rumpcomp_virt_dying(struct virtif_user *viu);
/* Close the device (no delivery after return) and free viu. May block. */
void rumpcomp_virt_destroy(struct virtif_user *viu);
/* One frame in up to 32 pieces, copied before return; dropped on error. */
void rumpcomp_virt_send(struct virtif_user *viu, struct rumpuser_iovec *iov, size_t iovcnt);

/* In the kernel's driver: needs a rump CPU and an lwp of the caller's own. */
void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct rumpuser_iovec *iov, size_t iovcnt);

#endif
