/*
 * The shared_info page (event bitmaps, wall clock, vcpu_info with the
 * upcall mask and the time record). Mapped by boot code before any
 * other subsystem starts.
 */
#ifndef RXEN_SHARED_INFO_H
#define RXEN_SHARED_INFO_H

#include <runtime/xen.h>

extern shared_info_t *xen_shared_info;

/* We run on vcpu 0 only. */
static inline struct vcpu_info *xen_vcpu0(void) { return &xen_shared_info->vcpu_info[0]; }

/* Compiler barrier; x86 keeps stores ordered, so sharing with Xen
 * (which runs on this same vcpu for upcalls) needs only this plus
 * locked bit operations on the bitmaps. */
#define rx_barrier() __asm__ volatile("" ::: "memory")

/* Map shared_info (boot only). */
void shared_info_init(void);

/* True when running as the initial domain (fast-path test boots). */
int xen_is_dom0(void);

#endif
