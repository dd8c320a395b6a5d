/*
 * Version handshake and the upcall table; the two hypercall groups that
 * have nothing to do in a single static image (dynamic loading,
 * daemonisation).
 */
#include "rumpuser_priv.h"

#include <core/log.h>

#ifdef RUMPUSER_XEN
#include "backends/xen/rumpuser_xen.h"
#endif

const struct rumpuser_hyperup *rumpuser__hyp;
static struct rumpuser_hyperup saved_upcalls;

/* First hypercall of rump_init(): no rump CPU, nothing may wait. */
int rumpuser_init(int version, const struct rumpuser_hyperup *hyp)
{
	if (version != RUMPUSER_VERSION) {
		log_error("rumpuser", "kernel speaks hypercall revision %d, we speak %d", version,
			  RUMPUSER_VERSION);
		return NB_EINVAL;
	}
	if (hyp == NULL || hyp->hyp_backend_unschedule == NULL ||
	    hyp->hyp_backend_schedule == NULL) {
		log_error("rumpuser", "upcall table missing or incomplete");
		return NB_EINVAL;
	}
	/* The kernel's table is constant; a copy keeps us independent of it. */
	saved_upcalls = *hyp;
	rumpuser__hyp = &saved_upcalls;
#ifdef RUMPUSER_XEN
	/* disks and vifs, unless the application brought its own backends */
	rumpuser__xen_blk_register();
	rumpuser__xen_net_register();
#endif
	return 0;
}

/*
 * A static image: the kernel walks its own link sets (modules,
 * components) between the linker-provided __start_/__stop_ bounds, so
 * handing them over here as well would register every component twice.
 * There is no dynamic symbol table to load either.
 */
void rumpuser_dl_bootstrap(rump_modinit_fn modinit, rump_symload_fn symload,
			   rump_compload_fn compload)
{
	(void)modinit;
	(void)symload;
	(void)compload;
}

/* No processes to fork into the background in a unikernel. */
int rumpuser_daemonize_begin(void) { return NB_ENOSYS; }

int rumpuser_daemonize_done(int error)
{
	(void)error;
	return NB_ENOSYS;
}
