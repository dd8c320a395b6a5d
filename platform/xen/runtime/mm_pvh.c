/*
 * Memory primitives under PVH (runtime/mode.h). The guest owns its page
 * tables: entries are plain stores, a new table needs no blessing, and
 * a change is flushed with invlpg. Frame numbers are guest frames
 * (= pfns); the memory map from boot (runtime/pvh.h) says which are RAM
 * and which exist at all (the console and xenstore pages sit in a
 * reserved range above RAM).
 *
 * mm_init builds the final tables while the boot tables of pvh_entry.S
 * (the first PVH_BOOT_MAPPED bytes 1:1, 2 MiB pages) are in use, so
 * every entry it writes is reachable at its physical address; then
 * mm_activate_pvh switches to them.
 */
#include <arch/x86_64/cpu.h>
#include <runtime/mm.h>
#include <runtime/mm_pte.h>
#include <runtime/mode_ops.h>
#include <runtime/pvh.h>

#include <core/errors.h>
#include <core/log.h>

static int in_memmap(unsigned long gfn, int ram_only)
{
	uint64_t addr = (uint64_t)gfn << RX_PAGE_SHIFT;

	for (unsigned i = 0; i < pvh_info.nr_memmap; i++) {
		const struct hvm_memmap_table_entry *e = &pvh_info.memmap[i];
		if (ram_only && e->type != XEN_HVM_MEMMAP_TYPE_RAM)
			continue;
		if (addr >= e->addr && addr - e->addr < e->size)
			return 1;
	}
	return 0;
}

void mm_layout_pvh(struct mm_layout *out)
{
	xen_p2m = NULL;
	xen_nr_pages = 0;
	out->nr_ram = 0;
	for (unsigned i = 0; i < pvh_info.nr_memmap; i++) {
		const struct hvm_memmap_table_entry *e = &pvh_info.memmap[i];
		unsigned long start =
		    (unsigned long)((e->addr + RX_PAGE_SIZE - 1) >> RX_PAGE_SHIFT);
		unsigned long end = (unsigned long)((e->addr + e->size) >> RX_PAGE_SHIFT);
		if (e->type != XEN_HVM_MEMMAP_TYPE_RAM || start >= end)
			continue;
		if (out->nr_ram == MM_MAX_RAM) {
			log_warn("mm", "more than %d RAM ranges: ignoring %#lx..%#lx", MM_MAX_RAM,
				 start << RX_PAGE_SHIFT, end << RX_PAGE_SHIFT);
			continue;
		}
		out->ram[out->nr_ram].start = start;
		out->ram[out->nr_ram].end = end;
		out->nr_ram++;
		if (end > xen_nr_pages)
			xen_nr_pages = end;
	}
	xen_start_info->nr_pages = xen_nr_pages;
	out->l4 = NULL;
	out->first_free = pvh_info.first_free_pfn;
	out->map_from = 1; /* page 0 stays unmapped */
	if (!in_memmap(0, 1) || !in_memmap(out->first_free - 1, 1))
		panic("mm: the image is not in RAM by the memory map");
	/* The tables mm_init builds (a few per 2 MiB of memory) come right
	 * after first_free and must be reachable through the boot map. */
	if (((out->first_free + xen_nr_pages / 256 + 8) << RX_PAGE_SHIFT) > PVH_BOOT_MAPPED)
		panic("mm: image and page tables do not fit the boot mapping");
}

void mm_activate_pvh(uint64_t *l4) { cpu_write_cr3((uint64_t)(uintptr_t)l4); }

int pt_update_pvh(mmu_update_t *u, unsigned n)
{
	/* ptr is the entry's physical address, which is also where it is
	 * mapped (all our page tables are RAM in the 1:1 range). */
	for (unsigned i = 0; i < n; i++)
		*(volatile uint64_t *)(uintptr_t)(u[i].ptr & ~(uint64_t)7) = u[i].val;
	return 0;
}

int pt_pin_pvh(void *va)
{
	(void)va;
	return 0;
}

int set_pte_pvh(unsigned long va, uint64_t *pte, uint64_t val, domid_t owner)
{
	if (owner != DOMID_SELF)
		return RX_ENOSYS;
	if ((val & PTE_P) && !in_memmap((unsigned long)((val & PTE_MFN_MASK) >> RX_PAGE_SHIFT), 0))
		return RX_EINVAL;
	*(volatile uint64_t *)pte = val;
	cpu_invlpg(va);
	return 0;
}

unsigned long frame_to_pfn_pvh(unsigned long gfn)
{
	return gfn < xen_nr_pages && in_memmap(gfn, 1) ? gfn : ~0ul;
}
