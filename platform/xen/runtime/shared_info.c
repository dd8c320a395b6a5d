/*
 * start_info and shared_info: the two pages every other part reads.
 * shared_info is made to appear over a page reserved in BSS (PV: mapped
 * from the machine address start_info gives; PVH: placed at that page's
 * frame with XENMEM_add_to_physmap).
 */
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/mode.h>
#include <runtime/shared_info.h>

start_info_t *xen_start_info;
shared_info_t *xen_shared_info;

static char shared_info_page[4096] __attribute__((aligned(4096)));

void shared_info_init(void)
{
	if (xen_mode->map_shared_info(shared_info_page))
		/* Nothing can be reported without shared_info: stop here. */
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &(struct sched_shutdown){SHUTDOWN_crash});
	xen_shared_info = (shared_info_t *)shared_info_page;
}

int xen_is_dom0(void) { return (xen_start_info->flags & SIF_INITDOMAIN) != 0; }
