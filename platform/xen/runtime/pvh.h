/*
 * PVH start of day (runtime/pvh_boot.c): what the boot code learns from
 * hvm_start_info and Xen before the common boot path runs, for the PVH
 * memory primitives (runtime/mm_pvh.c). Internal to the runtime.
 */
#ifndef RXEN_PVH_H
#define RXEN_PVH_H

#include <stdint.h>

#include <runtime/xen.h>
#include <xen/arch-x86/hvm/start_info.h>

/* pvh_entry.S maps this much 1:1 before mm_init builds the real tables:
 * everything boot reads (start info, command line, memory map, the page
 * table pool) must lie below it. */
#define PVH_BOOT_MAPPED (1ul << 30)

#define PVH_MAX_MEMMAP 32

struct pvh_boot_info {
	unsigned nr_memmap;
	struct hvm_memmap_table_entry memmap[PVH_MAX_MEMMAP];
	/* First pfn after the image and everything the builder put
	 * after it (start info, command line, memory map, modules). */
	unsigned long first_free_pfn;
};

extern struct pvh_boot_info pvh_info;

/* Called by _start_pvh (pvh_entry.S) on the boot stack, events off,
 * with the physical address of hvm_start_info: selects the PVH mode,
 * sets up the hypercall page and returns a start_info built from
 * hvm_start_info and the HVM params, for xen_boot. Crashes the domain
 * with a console message when the start of day is unusable. */
start_info_t *pvh_boot(uint32_t start_info_paddr);

#endif
