/*
 * The PV mode (runtime/mode.h): the table, and the primitives too small
 * for a file of their own. PV is the default: _start runs no code to
 * choose it.
 *
 * Events: the vcpu's upcall mask in shared_info decides delivery; Xen
 * checks for pending events on every return from a hypercall.
 */
#include <runtime/gnttab.h>
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/mode.h>
#include <runtime/mode_ops.h>
#include <runtime/shared_info.h>

#include <core/errors.h>
#include <core/log.h>

static unsigned long events_off_pv(void)
{
	struct vcpu_info *v = xen_vcpu0();
	unsigned long old = v->evtchn_upcall_mask;
	v->evtchn_upcall_mask = 1;
	rx_barrier();
	return old;
}

static void events_restore_pv(unsigned long was_off)
{
	struct vcpu_info *v = xen_vcpu0();

	rx_barrier();
	v->evtchn_upcall_mask = (uint8_t)was_off;
	rx_barrier();
	/* An event that arrived while masked was not delivered: ask Xen to
	 * deliver it now (any hypercall returns through the upcall check). */
	if (!was_off && v->evtchn_upcall_pending)
		HYPERVISOR_xen_version(XENVER_version, NULL);
}

static void events_wait_pv(void)
{
	struct vcpu_info *v = xen_vcpu0();

	/* SCHEDOP_block unmasks events and returns at once if one is
	 * already pending, so an event that raced in is not missed. The
	 * upcall may then run right here; handlers only wake threads. */
	if (!v->evtchn_upcall_pending)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	v->evtchn_upcall_mask = 1;
	rx_barrier();
}

/* The FS base is a privileged register under PV: Xen sets it for us. */
static void set_fs_base_pv(uintptr_t base)
{
	if (HYPERVISOR_set_segment_base(SEGBASE_FS, base))
		panic("tls: cannot set FS base to %#lx", (unsigned long)base);
}

/* The shared_info frame is given as a machine address; map it over the
 * page. */
static int map_shared_info_pv(void *page)
{
	uint64_t pte = (xen_start_info->shared_info & ~(uint64_t)0xfff) | 0x7; /* P|RW|U */
	return xen_errno_to_rx(HYPERVISOR_update_va_mapping((unsigned long)page, pte, UVMF_INVLPG));
}

/* Xen names the table's machine frames; map each at a fresh page. */
static int gnttab_map_pv(unsigned nr, void **frames)
{
	xen_pfn_t mfns[GNTTAB_WANT_FRAMES];
	struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = nr};

	if (nr > GNTTAB_WANT_FRAMES)
		return RX_EINVAL;
	set_xen_guest_handle(st.frame_list, mfns);
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
	if (rc < 0 || st.status != GNTST_okay) {
		log_error("gnttab", "setup_table(%u) failed (%ld/%d)", nr, rc, st.status);
		return rc < 0 ? xen_errno_to_rx(rc) : RX_EIO;
	}
	for (unsigned i = 0; i < nr; i++) {
		int err = mm_map_foreign_frame(mfns[i], DOMID_SELF, 1, &frames[i]);
		if (err)
			return err;
	}
	return 0;
}

const struct xen_mode xen_mode_pv = {
    .name = "PV",
    .traps_init = traps_init_pv,
    .fault_address = fault_address_pv,
    .events_off = events_off_pv,
    .events_restore = events_restore_pv,
    .events_wait = events_wait_pv,
    .set_fs_base = set_fs_base_pv,
    .map_shared_info = map_shared_info_pv,
    .mm_layout = mm_layout_pv,
    .mm_activate = mm_activate_pv,
    .pt_update = pt_update_pv,
    .pt_pin = pt_pin_pv,
    .set_pte = set_pte_pv,
    .frame_to_pfn = frame_to_pfn_pv,
    .gnttab_map = gnttab_map_pv,
};

const struct xen_mode *xen_mode = &xen_mode_pv;
