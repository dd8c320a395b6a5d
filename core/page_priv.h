/*
 * Between the page allocator and the small-object allocator: a 32-bit
 * tag per page that mem_alloc uses to find, from any pointer, what the
 * page holds. Tags live in the page allocator's per-region metadata.
 */
#ifndef CORE_PAGE_PRIV_H
#define CORE_PAGE_PRIV_H

#include <stdint.h>

#define PAGE_MAX_ORDER 24

/* Like page_alloc, without counting a failure in the statistics. */
void *page_alloc_quiet(unsigned order);
/* 0 for a pointer outside every region. */
uint32_t page_tag_get(const void *p);
void page_tag_set(const void *page, uint32_t tag);
/* Count an allocation failure (mem_alloc's own). */
void page_count_failure(void);

#endif
