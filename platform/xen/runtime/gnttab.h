/*
 * Grant tables (version 1): letting another domain (a backend) map or
 * access one of our page frames.
 *
 * A grant reference names one table entry. gnttab_grant fills a free
 * entry; gnttab_revoke ends the grant once the other domain no longer
 * maps the frame and returns the entry to the free list. The first
 * GNTTAB_NR_RESERVED_ENTRIES entries belong to the toolstack and are
 * never handed out.
 *
 * Context: gnttab_init in thread context at boot; the rest from any
 * context (the free list is kept with events disabled).
 */
#ifndef RXEN_GNTTAB_H
#define RXEN_GNTTAB_H

#include <stdbool.h>
#include <stdint.h>

#include <runtime/xen.h>

/* Table frames we ask for (capped at what Xen allows the domain);
 * 512 entries each. */
#define GNTTAB_WANT_FRAMES 8

/* Map the table. 0, or an rx_error from Xen. Idempotent. */
int gnttab_init(void);

/*
 * Let domain dom access machine frame mfn (read-only if readonly).
 * Returns 0 with the reference in *ref; RX_ENOSPC when every entry is
 * in use; RX_ERANGE for a frame number v1 entries cannot hold;
 * RX_ENODEV before gnttab_init.
 */
int gnttab_grant(domid_t dom, unsigned long mfn, bool readonly, grant_ref_t *ref);
/* The same for the page holding virtual address va (page-aligned). */
int gnttab_grant_page(domid_t dom, const void *va, bool readonly, grant_ref_t *ref);

/*
 * End a grant. RX_EBUSY while the other domain still maps the frame
 * (the grant then stays valid: retry later); RX_EINVAL for a reference
 * that is not currently granted.
 */
int gnttab_revoke(grant_ref_t ref);

/* Entries that can still be granted, and the total usable. */
unsigned gnttab_free_count(void);
unsigned gnttab_capacity(void);

#endif
