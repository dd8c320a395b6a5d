/*
 * The guest's view of memory: pseudo-physical frames (pfn) numbered
 * from 0 and mapped 1:1 at virtual address pfn << PAGE_SHIFT (the image
 * is linked at virtual 0), and the frame numbers that page tables and
 * grant/ring protocols speak in ("mfn" below). Under PV those are
 * machine frames and the p2m table from start_info translates; under
 * PVH they are guest frames, the same as pfns, and there is no p2m.
 *
 * Set up once at boot by mm_init(); read-only afterwards except for
 * the special-mapping area, which is handed out under plat_irq_save.
 */
#ifndef RXEN_MM_H
#define RXEN_MM_H

#include <stddef.h>
#include <stdint.h>

#include <runtime/xen.h>

#define RX_PAGE_SHIFT 12
#define RX_PAGE_SIZE (1ul << RX_PAGE_SHIFT)

/* The start_info page Xen handed us (PV), or the one pvh_boot filled in
 * from hvm_start_info and the HVM params (PVH). */
extern start_info_t *xen_start_info;

/* The pfn -> mfn table (start_info's mfn_list), nr_pages entries;
 * NULL under PVH (frame numbers are pfns). */
extern unsigned long *xen_p2m;

/* End of the domain's memory in pages: the highest RAM pfn + 1 (PV:
 * start_info nr_pages; PVH: from the memory map, which may have holes). */
extern unsigned long xen_nr_pages;

static inline unsigned long virt_to_pfn(const void *va)
{
	return (unsigned long)va >> RX_PAGE_SHIFT;
}

static inline void *pfn_to_virt(unsigned long pfn) { return (void *)(pfn << RX_PAGE_SHIFT); }

static inline unsigned long pfn_to_mfn(unsigned long pfn) { return xen_p2m ? xen_p2m[pfn] : pfn; }

static inline unsigned long virt_to_mfn(const void *va) { return pfn_to_mfn(virt_to_pfn(va)); }

/* Machine address of a byte (for protocols that want one). */
static inline uint64_t virt_to_machine(const void *va)
{
	return ((uint64_t)virt_to_mfn(va) << RX_PAGE_SHIFT) |
	       ((unsigned long)va & (RX_PAGE_SIZE - 1));
}

/* Reverse lookup (PV: through Xen's read-only m2p table; PVH: the
 * memory map); only meaningful for frames this domain owns. Returns the
 * pfn, or ~0ul if the mfn is not one of our RAM frames. */
unsigned long mfn_to_pfn(unsigned long mfn);

/* Virtual address of an mfn we own, or of a ring page outside our
 * memory that boot mapped (PVH's console and xenstore pages); NULL for
 * any other frame. */
void *mfn_to_virt(unsigned long mfn);

/*
 * Map a machine frame that is not part of our pseudo-physical memory
 * (e.g. the xenstore or console ring of another design, a frame of
 * another domain with dom != DOMID_SELF) at a fresh virtual page.
 * Returns the virtual address in *va, or an rx_error: under PVH,
 * RX_EINVAL for a frame outside the memory map and RX_ENOSYS for
 * another domain's frame (use grant maps). Thread context.
 */
int mm_map_foreign_frame(unsigned long mfn, domid_t dom, int writable, void **va);
/* Unmap a page mapped by mm_map_foreign_frame (the address range is
 * not reused). */
int mm_unmap_foreign_frame(void *va);

/*
 * Reserve `npages` of virtual address space (page-aligned, unmapped,
 * outside the pseudo-physical range) for mappings made by others (grant
 * maps). Returns the base or NULL when the area is exhausted.
 */
void *mm_reserve_va(size_t npages);

/* Change the mapping of one page of our pseudo-physical memory (e.g. to
 * unmap a guard page, or remap it). prot: 0 = unmapped, else present
 * (and writable if RX_MAP_WRITE). Returns 0 or an rx_error. */
#define RX_MAP_WRITE 0x1
#define RX_MAP_PRESENT 0x2
int mm_set_page_prot(void *va, int prot);

struct mm_stats {
	unsigned long total_pages; /* pages Xen gave the domain */
	unsigned long image_pages; /* kernel image, page tables, boot data */
	unsigned long free_pages;  /* handed to page_add_region at boot */
	unsigned long pt_pages;	   /* page-table pages we created */
};
void mm_get_stats(struct mm_stats *out);

/* Boot-time setup (called once from the boot path). */
void mm_init(void);

#endif
