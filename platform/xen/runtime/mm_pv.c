/*
 * Memory primitives under PV (runtime/mode.h): Xen built the first page
 * tables, maps the image and boot data, and validates every entry we
 * write; a page must be read-only everywhere before it becomes a table.
 */
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/mm_pte.h>
#include <runtime/mode.h>
#include <runtime/mode_ops.h>

#include <core/errors.h>

static unsigned long max_mfn; /* highest machine frame (m2p size) */

void mm_layout_pv(struct mm_layout *out)
{
	xen_p2m = (unsigned long *)xen_start_info->mfn_list;
	xen_nr_pages = xen_start_info->nr_pages;
	long top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
	max_mfn = top > 0 ? (unsigned long)top : 0;

	/* Everything below the end of Xen's boot page tables is in use:
	 * image, p2m, start_info, rings, the tables themselves, all mapped
	 * by Xen together with some room above. */
	out->l4 = (uint64_t *)xen_start_info->pt_base;
	out->first_free = virt_to_pfn(out->l4) + xen_start_info->nr_pt_frames;
	out->map_from = out->first_free;
	out->nr_ram = 1;
	out->ram[0].start = 0;
	out->ram[0].end = xen_nr_pages;
}

void mm_activate_pv(uint64_t *l4) { (void)l4; }

int pt_update_pv(mmu_update_t *u, unsigned n)
{
	return xen_errno_to_rx(HYPERVISOR_mmu_update(u, n, NULL, DOMID_SELF));
}

int pt_pin_pv(void *va)
{
	uint64_t pte = ((uint64_t)virt_to_mfn(va) << RX_PAGE_SHIFT) | PTE_READONLY;
	return xen_errno_to_rx(HYPERVISOR_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG));
}

int set_pte_pv(unsigned long va, uint64_t *pte, uint64_t val, domid_t owner)
{
	(void)pte;
	long rc = owner == DOMID_SELF
		      ? HYPERVISOR_update_va_mapping(va, val, UVMF_INVLPG)
		      : HYPERVISOR_update_va_mapping_otherdomain(va, val, UVMF_INVLPG, owner);
	return xen_errno_to_rx(rc);
}

unsigned long frame_to_pfn_pv(unsigned long mfn)
{
	const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;

	/* The m2p is only mapped up to the highest machine frame. */
	if (mfn > max_mfn)
		return ~0ul;
	unsigned long pfn = m2p[mfn];

	if (pfn >= xen_nr_pages || xen_p2m[pfn] != mfn)
		return ~0ul;
	return pfn;
}
