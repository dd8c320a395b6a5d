/*
 * start_info and shared_info: the two pages every other part reads.
 * The shared_info frame is given as a machine address; it is mapped
 * over a page reserved in BSS.
 */
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/shared_info.h>

start_info_t *xen_start_info;
shared_info_t *xen_shared_info;

static char shared_info_page[4096] __attribute__((aligned(4096)));

void shared_info_init(void)
{
	uint64_t pte = (xen_start_info->shared_info & ~(uint64_t)0xfff) | 0x7; /* P|RW|U */

	if (HYPERVISOR_update_va_mapping((unsigned long)shared_info_page, pte, UVMF_INVLPG))
		/* Nothing can be reported without shared_info: stop here. */
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &(struct sched_shutdown){SHUTDOWN_crash});
	xen_shared_info = (shared_info_t *)shared_info_page;
}

int xen_is_dom0(void) { return (xen_start_info->flags & SIF_INITDOMAIN) != 0; }
