/*
 * x86-64 page-table entry bits as the platform uses them (internal to
 * runtime/mm*.c). The user bit is set everywhere because a PV guest's
 * kernel runs in ring 3; under PVH (ring 0, no SMAP) it changes nothing.
 */
#ifndef RXEN_MM_PTE_H
#define RXEN_MM_PTE_H

#define PTE_P 0x001ull
#define PTE_RW 0x002ull
#define PTE_US 0x004ull
#define PTE_A 0x020ull
#define PTE_D 0x040ull
#define PTE_MFN_MASK 0x000ffffffffff000ull
#define PTE_DATA (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
#define PTE_TABLE (PTE_P | PTE_RW | PTE_US | PTE_A)
#define PTE_READONLY (PTE_P | PTE_US | PTE_A)

#endif
