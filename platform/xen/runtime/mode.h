/*
 * The two ways Xen runs this guest, from the same image:
 *
 *   PV    Xen owns the page tables (changed through mmu_update), traps
 *         and events arrive through callbacks Xen bounces to, memory is
 *         pseudo-physical with a p2m table;
 *   PVH   a hardware-virtualized container: the guest owns its page
 *         tables, IDT and interrupt flag, guest frame numbers are the
 *         pseudo-physical ones, and the Xen interfaces are reached via
 *         CPUID/MSR, HVM params and XENMEM_add_to_physmap.
 *
 * The entry point picks the mode before any C code runs (PV: _start,
 * PVH: _start_pvh then pvh_boot); everything above the runtime is the
 * same in both. Each mode's primitives sit behind this table; the
 * common code calls them and never asks which mode it is in.
 *
 * Internal to platform/xen (runtime and arch).
 */
#ifndef RXEN_MODE_H
#define RXEN_MODE_H

#include <stddef.h>
#include <stdint.h>

#include <runtime/xen.h>

/* RAM ranges the memory map gives (pfns, [start, end)). */
#define MM_MAX_RAM 16
struct mm_layout {
	/* The root page table in use, or NULL when mm_init builds one. */
	uint64_t *l4;
	/* First pfn not used by the image, boot data or boot page tables. */
	unsigned long first_free;
	/* Pfns [map_from, first_free) still need mapping; those below
	 * map_from are mapped already (PV) or stay unmapped (page 0). */
	unsigned long map_from;
	unsigned nr_ram;
	struct {
		unsigned long start, end;
	} ram[MM_MAX_RAM];
};

struct xen_mode {
	const char *name;

	/* ---- traps and events ---- */
	/* Install exception handlers and the event upcall (boot). */
	void (*traps_init)(void);
	/* Address of the last page fault (crash reports). */
	uint64_t (*fault_address)(void);
	/* Event delivery off; returns nonzero when it was off already. */
	unsigned long (*events_off)(void);
	/* Back to the state events_off returned (0 = on). */
	void (*events_restore)(unsigned long was_off);
	/* With events off: wait until one is pending (the one-shot timer
	 * is armed by the caller), return with events off. */
	void (*events_wait)(void);

	/* ---- CPU state ---- */
	void (*set_fs_base)(uintptr_t base);
	/* Make `page` (page-aligned, in the image) show shared_info. */
	int (*map_shared_info)(void *page);

	/* ---- memory ---- */
	/* What the domain builder left: set xen_p2m, xen_nr_pages and
	 * fill *out (boot, once). */
	void (*mm_layout)(struct mm_layout *out);
	/* Start using l4 as the root table (PV: nothing to do). */
	void (*mm_activate)(uint64_t *l4);
	/* Apply n page-table entry writes (ptr = frame address of the
	 * entry | MMU_NORMAL_PT_UPDATE, val = the new entry). */
	int (*pt_update)(mmu_update_t *u, unsigned n);
	/* A zeroed page of ours at va is about to become a page table. */
	int (*pt_pin)(void *va);
	/* Set the leaf entry *pte of va to val, naming a frame of domain
	 * `owner`, and flush va from the TLB. Tables above exist. */
	int (*set_pte)(unsigned long va, uint64_t *pte, uint64_t val, domid_t owner);
	/* Our pfn for a frame number (mfn in PV, gfn in PVH) of our RAM,
	 * or ~0ul. */
	unsigned long (*frame_to_pfn)(unsigned long frame);

	/* ---- grant table ---- */
	/* Make the first nr frames of our grant table visible, frames[i]
	 * their addresses. 0 or an rx_error. */
	int (*gnttab_map)(unsigned nr, void **frames);
};

extern const struct xen_mode *xen_mode;
extern const struct xen_mode xen_mode_pv, xen_mode_pvh;

#endif
