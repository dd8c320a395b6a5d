/*
 * Grant table v1 (see runtime/gnttab.h).
 *
 * The table is a few frames shared with Xen, made visible the mode's way
 * (PV: setup_table, then each machine frame mapped; PVH: each frame
 * placed at one of our pages with XENMEM_add_to_physmap).
 * Free entries form a singly linked list through free_next[]; an entry
 * in use holds REF_IN_USE there, which is how a double revoke is told
 * from a real one. The list is only touched with events disabled.
 *
 * Ordering with Xen: an entry's domid and frame are written before its
 * flags make it valid; revoking swaps the flags to 0 only if Xen has not
 * marked the entry as being read or written by the other domain.
 */
#include <runtime/gnttab.h>
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/mode.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>

#define SUBSYS "gnttab"
#define ENTRIES_PER_FRAME (RX_PAGE_SIZE / sizeof(grant_entry_v1_t))
#define REF_END 0xffffffffu /* end of the free list */
#define REF_IN_USE 0xfffffffeu

static struct {
	grant_entry_v1_t *frames[GNTTAB_WANT_FRAMES];
	uint32_t *free_next;
	uint32_t free_head;
	unsigned nr_entries;
	unsigned nr_free;
	bool ready;
} gt;

static grant_entry_v1_t *entry_of(grant_ref_t ref)
{
	return &gt.frames[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

int gnttab_init(void)
{
	if (gt.ready)
		return 0;

	struct gnttab_query_size q = {.dom = DOMID_SELF};
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
	if (rc < 0 || q.status != GNTST_okay) {
		log_error(SUBSYS, "query_size failed (%ld/%d)", rc, q.status);
		return rc < 0 ? xen_errno_to_rx(rc) : RX_EIO;
	}
	unsigned nr = q.max_nr_frames < GNTTAB_WANT_FRAMES ? q.max_nr_frames : GNTTAB_WANT_FRAMES;
	if (nr == 0)
		return RX_ENODEV;

	void *frames[GNTTAB_WANT_FRAMES];
	int err = xen_mode->gnttab_map(nr, frames);
	if (err) {
		log_error(SUBSYS, "cannot map the table's %u frames: %s", nr, rx_strerror(err));
		return err;
	}
	for (unsigned i = 0; i < nr; i++)
		gt.frames[i] = frames[i];

	unsigned n = nr * ENTRIES_PER_FRAME;
	gt.free_next = mem_alloc(n * sizeof(uint32_t), 0);
	if (!gt.free_next)
		return RX_ENOMEM;
	/* Reserved entries are never free. */
	for (unsigned i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++)
		gt.free_next[i] = REF_IN_USE;
	for (unsigned i = GNTTAB_NR_RESERVED_ENTRIES; i < n; i++)
		gt.free_next[i] = i + 1 < n ? i + 1 : REF_END;
	gt.free_head = GNTTAB_NR_RESERVED_ENTRIES;
	gt.nr_entries = n;
	gt.nr_free = n - GNTTAB_NR_RESERVED_ENTRIES;
	gt.ready = true;
	log_debug(SUBSYS, "%u frames, %u usable entries", nr, gt.nr_free);
	return 0;
}

int gnttab_grant(domid_t dom, unsigned long mfn, bool readonly, grant_ref_t *ref)
{
	if (!gt.ready)
		return RX_ENODEV;
	if (mfn > UINT32_MAX)
		return RX_ERANGE;

	unsigned long f = plat_irq_save();
	uint32_t r = gt.free_head;
	if (r == REF_END) {
		plat_irq_restore(f);
		return RX_ENOSPC;
	}
	gt.free_head = gt.free_next[r];
	gt.free_next[r] = REF_IN_USE;
	gt.nr_free--;
	plat_irq_restore(f);

	grant_entry_v1_t *e = entry_of(r);
	e->domid = dom;
	e->frame = (uint32_t)mfn;
	uint16_t flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
	__atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);
	*ref = r;
	return 0;
}

int gnttab_grant_page(domid_t dom, const void *va, bool readonly, grant_ref_t *ref)
{
	if ((uintptr_t)va & (RX_PAGE_SIZE - 1))
		return RX_EINVAL;
	return gnttab_grant(dom, virt_to_mfn(va), readonly, ref);
}

int gnttab_revoke(grant_ref_t ref)
{
	if (!gt.ready)
		return RX_ENODEV;
	if (ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= gt.nr_entries ||
	    gt.free_next[ref] != REF_IN_USE)
		return RX_EINVAL;

	grant_entry_v1_t *e = entry_of(ref);
	uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
	do {
		if (flags & (GTF_reading | GTF_writing))
			return RX_EBUSY;
	} while (!__atomic_compare_exchange_n(&e->flags, &flags, 0, false, __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));

	unsigned long f = plat_irq_save();
	gt.free_next[ref] = gt.free_head;
	gt.free_head = ref;
	gt.nr_free++;
	plat_irq_restore(f);
	return 0;
}

unsigned gnttab_free_count(void) { return gt.nr_free; }

unsigned gnttab_capacity(void) { return gt.ready ? gt.nr_entries - GNTTAB_NR_RESERVED_ENTRIES : 0; }
