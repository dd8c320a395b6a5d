/* The Xen guest's backends for rumpuser (built into the guest library only). */
#ifndef RUMPUSER_XEN_H
#define RUMPUSER_XEN_H

/* Make the Xen block front-end the device layer of rumpuser_open/bio/...
 * unless one is registered already (then RX_EBUSY). Never blocks: disks
 * are probed on first use. */
int rumpuser__xen_blk_register(void);
/* The same for the network front-end under the virtif hypercalls. */
int rumpuser__xen_net_register(void);

#endif
