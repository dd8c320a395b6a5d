/*
 * Pseudo-physical memory: map everything Xen gave us 1:1 at virtual
 * pfn << 12, hand the free part to the page allocator, and manage the
 * few mappings made later (stack guard pages, foreign frames).
 *
 * The walk, the table pool, lazy mapping and the special-mapping area
 * are the same in both modes; how an entry is written, how a page
 * becomes a table and what a frame number means are the mode's
 * (runtime/mode.h: mm_pv.c, mm_pvh.c). Under PV the page tables are ours
 * to read but read-only to write; under PVH they are plain memory.
 *
 * Mapping is lazy: each mapped page costs Xen a validation (PV), so
 * mm_init maps only the image, a pool of page-table pages and the
 * allocator's metadata; the page allocator has the rest mapped 2 MiB at
 * a time when it first needs it (page_add_region_lazy), in ascending
 * order, so the mapped part of our memory is [0, direct_map_end). Tables
 * of the 1:1 map come from that pool, reserved at boot for all memory
 * (so mapping never calls back into the allocator); other tables from
 * the page allocator.
 */
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/mm_pte.h>
#include <runtime/mode.h>
#include <runtime/platform.h>
#include <runtime/shared_info.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>

/* Foreign and grant mappings live in their own area above all memory:
 * L4 slot 1 (512 GiB .. 1 TiB). */
#define VA_AREA_BASE 0x8000000000ul
#define VA_AREA_END 0x10000000000ul

unsigned long *xen_p2m;
unsigned long xen_nr_pages;

static uint64_t *l4_table;
static unsigned long next_pool_pfn, pool_end_pfn; /* 1:1-map table pool */
static unsigned long direct_map_end;		  /* first pfn not mapped yet */
static unsigned long va_area_next = VA_AREA_BASE;
static struct mm_stats stats;

/* Frames outside our memory that boot mapped for good (PVH's console
 * and xenstore pages), so mfn_to_virt finds them. */
static struct {
	unsigned long frame;
	void *va;
} outside[2];

unsigned long mfn_to_pfn(unsigned long mfn) { return xen_mode->frame_to_pfn(mfn); }

void *mfn_to_virt(unsigned long mfn)
{
	unsigned long pfn = mfn_to_pfn(mfn);

	if (pfn != ~0ul)
		return pfn_to_virt(pfn);
	for (unsigned i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
		if (outside[i].va && outside[i].frame == mfn)
			return outside[i].va;
	return NULL;
}

static uint64_t *table_of(uint64_t entry)
{
	return mfn_to_virt((entry & PTE_MFN_MASK) >> RX_PAGE_SHIFT);
}

/* A zeroed page, ready to become a page table: from the pool for the
 * 1:1 map, else from the page allocator. */
static int new_table_page(int for_direct_map, unsigned long *mfn_out)
{
	void *va;

	if (!for_direct_map) {
		va = page_alloc(0);
		if (!va)
			return RX_ENOMEM;
	} else {
		if (next_pool_pfn >= pool_end_pfn)
			return RX_ENOMEM;
		va = pfn_to_virt(next_pool_pfn++);
	}
	uint64_t *p = va;
	for (int i = 0; i < 512; i++)
		p[i] = 0;
	int rc = xen_mode->pt_pin(va);
	if (rc)
		return rc;
	stats.pt_pages++;
	*mfn_out = virt_to_mfn(va);
	return 0;
}

static int write_entry(uint64_t *entry, uint64_t val)
{
	mmu_update_t u = {.ptr = virt_to_machine(entry) | MMU_NORMAL_PT_UPDATE, .val = val};
	return xen_mode->pt_update(&u, 1);
}

/* The L1 entry for va, creating missing tables when create is set.
 * NULL when absent (or out of memory). */
static uint64_t *pte_of(unsigned long va, int create)
{
	uint64_t *table = l4_table;

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *entry = &table[(va >> shift) & 511];
		if (!(*entry & PTE_P)) {
			unsigned long mfn = 0;
			if (!create || new_table_page(va < VA_AREA_BASE, &mfn))
				return NULL;
			if (write_entry(entry, ((uint64_t)mfn << RX_PAGE_SHIFT) | PTE_TABLE))
				return NULL;
		}
		table = table_of(*entry);
		if (!table)
			return NULL;
	}
	return &table[(va >> 12) & 511];
}

/* Map pfns [from, to) 1:1: one batch per L1 table (512 pages). */
static int map_range(unsigned long from, unsigned long to)
{
	static mmu_update_t batch[512];

	for (unsigned long pfn = from; pfn < to;) {
		uint64_t *l1 = pte_of(pfn << RX_PAGE_SHIFT, 1);
		if (!l1)
			return RX_ENOMEM;
		unsigned n = 0;
		do {
			if (!(*l1 & PTE_P)) {
				batch[n].ptr = virt_to_machine(l1) | MMU_NORMAL_PT_UPDATE;
				batch[n].val =
				    ((uint64_t)pfn_to_mfn(pfn) << RX_PAGE_SHIFT) | PTE_DATA;
				n++;
			}
			l1++;
			pfn++;
		} while (pfn < to && (pfn & 511) != 0);
		int rc = n ? xen_mode->pt_update(batch, n) : 0;
		if (rc)
			return rc;
	}
	if (to > direct_map_end)
		direct_map_end = to;
	return 0;
}

/* The page allocator's prepare hook: map a run before its first use. */
static int map_for_allocator(void *start, size_t npages)
{
	unsigned long pfn = virt_to_pfn(start);

	if (pfn >= xen_nr_pages || npages > xen_nr_pages - pfn)
		return RX_EINVAL;
	return map_range(pfn, pfn + npages);
}

/* Page tables to map pfns [0, n) in L4 slot 0 (L1s, L2s and one L3). */
static unsigned long tables_for(unsigned long n)
{
	return (n + 511) / 512 + (n + 512 * 512 - 1) / (512 * 512) + 1;
}

/* Give a frame outside our memory a lasting mapping (boot). */
static void map_outside(unsigned slot, unsigned long frame)
{
	if (frame == 0 || mfn_to_pfn(frame) != ~0ul)
		return;
	int rc = mm_map_foreign_frame(frame, DOMID_SELF, 1, &outside[slot].va);
	if (rc)
		panic("mm: cannot map frame %#lx: %s", frame, rx_strerror(rc));
	outside[slot].frame = frame;
}

void mm_init(void)
{
	struct mm_layout lay = {0};

	xen_mode->mm_layout(&lay);
	l4_table = lay.l4;

	/* The table pool comes right after what the builder left; when
	 * Xen built the tables, mapping the pool draws its first table
	 * from its own (already mapped) start. */
	next_pool_pfn = lay.first_free;
	pool_end_pfn = next_pool_pfn + tables_for(xen_nr_pages) + (l4_table ? 0 : 1);
	if (pool_end_pfn >= xen_nr_pages)
		panic("mm: %lu pages leave no room for page tables", xen_nr_pages);
	if (!l4_table) {
		unsigned long mfn;
		if (new_table_page(1, &mfn))
			panic("mm: no page for the root table");
		l4_table = pfn_to_virt(mfn_to_pfn(mfn));
	}
	direct_map_end = lay.map_from;
	int rc = map_range(lay.map_from, pool_end_pfn);
	if (rc)
		panic("mm: cannot map the image and the page-table pool: %s", rx_strerror(rc));
	xen_mode->mm_activate(l4_table);

	stats.image_pages = pool_end_pfn;
	for (unsigned i = 0; i < lay.nr_ram; i++) {
		unsigned long start = lay.ram[i].start, end = lay.ram[i].end;
		if (start < pool_end_pfn)
			start = pool_end_pfn;
		if (start >= end)
			continue;
		stats.free_pages += end - start;
		page_add_region_lazy(pfn_to_virt(start), end - start, map_for_allocator);
	}
	stats.total_pages = stats.image_pages + stats.free_pages;

	/* Page 0 only held boot code: unmap it so NULL dereferences fault. */
	uint64_t *pte0 = pte_of(0, 0);
	if (pte0)
		xen_mode->set_pte(0, pte0, 0, DOMID_SELF);

	map_outside(0, xen_start_info->store_mfn);
	if (!xen_is_dom0())
		map_outside(1, xen_start_info->console.domU.mfn);
}

void mm_get_stats(struct mm_stats *out) { *out = stats; }

int mm_set_page_prot(void *va, int prot)
{
	unsigned long pfn = virt_to_pfn(va);
	uint64_t val = 0;

	if (((unsigned long)va & (RX_PAGE_SIZE - 1)) || pfn >= xen_nr_pages)
		return RX_EINVAL;
	uint64_t *pte = pte_of((unsigned long)va, 0);
	if (!pte)
		return RX_EINVAL;
	if (prot & RX_MAP_PRESENT)
		val = ((uint64_t)pfn_to_mfn(pfn) << RX_PAGE_SHIFT) |
		      ((prot & RX_MAP_WRITE) ? PTE_DATA : PTE_READONLY);
	return xen_mode->set_pte((unsigned long)va, pte, val, DOMID_SELF);
}

int mm_is_stack_guard(uint64_t addr)
{
	unsigned long pfn = addr >> RX_PAGE_SHIFT;

	/* In the mapped part of our 1:1 range only page 0 and stack guards
	 * are unmapped. */
	if (pfn == 0 || pfn >= direct_map_end)
		return 0;
	uint64_t *pte = pte_of(addr, 0);
	return pte && !(*pte & PTE_P);
}

static unsigned order_for(size_t npages)
{
	unsigned order = 0;
	while (((size_t)1 << order) < npages)
		order++;
	return order;
}

/*
 * A stack is one power-of-two run from the page allocator whose lowest
 * page is unmapped as the guard; the usable part is the rest of the run
 * (at least `size`).
 */
int plat_stack_alloc(size_t size, void **lowest)
{
	if (size == 0 || (size & (RX_PAGE_SIZE - 1)))
		return RX_EINVAL;
	unsigned order = order_for(size / RX_PAGE_SIZE + 1);
	char *base = page_alloc(order);
	if (!base)
		return RX_ENOMEM;
	int rc = mm_set_page_prot(base, 0);
	if (rc) {
		page_free(base, order);
		return rc;
	}
	*lowest = base + RX_PAGE_SIZE;
	return 0;
}

void plat_stack_free(void *lowest, size_t size)
{
	char *base = (char *)lowest - RX_PAGE_SIZE;
	unsigned order = order_for(size / RX_PAGE_SIZE + 1);

	if (mm_set_page_prot(base, RX_MAP_PRESENT | RX_MAP_WRITE))
		panic("mm: cannot remap stack guard at %p", (void *)base);
	page_free(base, order);
}

void *mm_reserve_va(size_t npages)
{
	unsigned long flags = plat_irq_save();
	void *va = NULL;

	if (npages && npages <= (VA_AREA_END - va_area_next) / RX_PAGE_SIZE) {
		va = (void *)va_area_next;
		va_area_next += npages * RX_PAGE_SIZE;
	}
	plat_irq_restore(flags);
	return va;
}

int mm_map_foreign_frame(unsigned long mfn, domid_t dom, int writable, void **va_out)
{
	void *va = mm_reserve_va(1);
	if (!va)
		return RX_ENOSPC;
	uint64_t *pte = pte_of((unsigned long)va, 1);
	if (!pte)
		return RX_ENOMEM;
	uint64_t val = ((uint64_t)mfn << RX_PAGE_SHIFT) | (writable ? PTE_DATA : PTE_READONLY);
	int rc = xen_mode->set_pte((unsigned long)va, pte, val, dom);
	if (rc)
		return rc;
	*va_out = va;
	return 0;
}

int mm_unmap_foreign_frame(void *va)
{
	unsigned long a = (unsigned long)va;
	if (a < VA_AREA_BASE || a >= va_area_next || (a & (RX_PAGE_SIZE - 1)))
		return RX_EINVAL;
	uint64_t *pte = pte_of(a, 0);
	if (!pte)
		return RX_EINVAL;
	return xen_mode->set_pte(a, pte, 0, DOMID_SELF);
}
