/*
 * Each mode's primitives that live outside its mode_*.c table file
 * (runtime/mode.h describes what each one does). Internal to the
 * runtime and arch code.
 */
#ifndef RXEN_MODE_OPS_H
#define RXEN_MODE_OPS_H

#include <runtime/mode.h>

/* PV: arch/x86_64/traps_pv.c, runtime/mm_pv.c */
void traps_init_pv(void);
uint64_t fault_address_pv(void);
void mm_layout_pv(struct mm_layout *out);
void mm_activate_pv(uint64_t *l4);
int pt_update_pv(mmu_update_t *u, unsigned n);
int pt_pin_pv(void *va);
int set_pte_pv(unsigned long va, uint64_t *pte, uint64_t val, domid_t owner);
unsigned long frame_to_pfn_pv(unsigned long mfn);

/* PVH: arch/x86_64/traps_pvh.c, runtime/mm_pvh.c */
void traps_init_pvh(void);
uint64_t fault_address_pvh(void);
void mm_layout_pvh(struct mm_layout *out);
void mm_activate_pvh(uint64_t *l4);
int pt_update_pvh(mmu_update_t *u, unsigned n);
int pt_pin_pvh(void *va);
int set_pte_pvh(unsigned long va, uint64_t *pte, uint64_t val, domid_t owner);
unsigned long frame_to_pfn_pvh(unsigned long gfn);

#endif
