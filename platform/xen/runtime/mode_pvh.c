/*
 * The PVH mode (runtime/mode.h): the table, and the primitives too
 * small for a file of their own. pvh_boot selects it.
 *
 * Events: Xen injects the callback vector while the vcpu's
 * evtchn_upcall_pending is set, whenever the interrupt flag allows it;
 * the flag is the event mask (the upcall mask in shared_info means
 * nothing here).
 */
#include <arch/x86_64/cpu.h>
#include <runtime/gnttab.h>
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/mode.h>
#include <runtime/mode_ops.h>
#include <runtime/shared_info.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>

static unsigned long events_off_pvh(void)
{
	unsigned long flags = cpu_flags();
	cpu_cli();
	return !(flags & RFLAGS_IF);
}

static void events_restore_pvh(unsigned long was_off)
{
	if (was_off)
		cpu_cli();
	else
		cpu_sti(); /* a pending vector is taken right here */
}

static void events_wait_pvh(void)
{
	if (!xen_vcpu0()->evtchn_upcall_pending)
		cpu_sti_hlt_cli();
}

static void set_fs_base_pvh(uintptr_t base) { cpu_wrmsr(MSR_FS_BASE, base); }

static int add_to_physmap(unsigned space, unsigned long idx, void *page)
{
	struct xen_add_to_physmap a = {
	    .domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = virt_to_pfn(page)};
	return xen_errno_to_rx(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &a));
}

/* The page's RAM frame is given back to Xen; our 1:1 mapping of it now
 * shows shared_info. */
static int map_shared_info_pvh(void *page)
{
	return add_to_physmap(XENMAPSPACE_shared_info, 0, page);
}

/* Each table frame replaces the RAM behind a page of ours, as above. */
static int gnttab_map_pvh(unsigned nr, void **frames)
{
	for (unsigned i = 0; i < nr; i++) {
		void *page = page_alloc(0);
		if (!page)
			return RX_ENOMEM;
		int rc = add_to_physmap(XENMAPSPACE_grant_table, i, page);
		if (rc) {
			page_free(page, 0);
			return rc;
		}
		frames[i] = page;
	}
	return 0;
}

const struct xen_mode xen_mode_pvh = {
    .name = "PVH",
    .traps_init = traps_init_pvh,
    .fault_address = fault_address_pvh,
    .events_off = events_off_pvh,
    .events_restore = events_restore_pvh,
    .events_wait = events_wait_pvh,
    .set_fs_base = set_fs_base_pvh,
    .map_shared_info = map_shared_info_pvh,
    .mm_layout = mm_layout_pvh,
    .mm_activate = mm_activate_pvh,
    .pt_update = pt_update_pvh,
    .pt_pin = pt_pin_pvh,
    .set_pte = set_pte_pvh,
    .frame_to_pfn = frame_to_pfn_pvh,
    .gnttab_map = gnttab_map_pvh,
};
