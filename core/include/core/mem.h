/*
 * Memory: a page allocator (power-of-two runs of 4 KiB pages) and a
 * small-object allocator on top of it. Both return NULL when memory is
 * exhausted and keep working afterwards.
 */
#ifndef CORE_MEM_H
#define CORE_MEM_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE ((size_t)1 << PAGE_SHIFT)

/* Hand a page-aligned region of usable memory to the page allocator. */
void page_add_region(void *base, size_t npages);
/* The same for memory that is not usable yet (not mapped): the
 * allocator calls prepare(start, npages) on a run before it first
 * touches it (the region's metadata at once, the rest on demand, in
 * ascending address order within the region) and leaves out a run that
 * prepare refuses (negative rx_error). prepare may not allocate pages. */
void page_add_region_lazy(void *base, size_t npages, int (*prepare)(void *start, size_t npages));

/* 2^order contiguous pages, page-aligned; NULL when none. */
void *page_alloc(unsigned order);
void page_free(void *p, unsigned order);

/* size bytes aligned to align (a power of two; 0 means 16). */
void *mem_alloc(size_t size, size_t align);
void *mem_zalloc(size_t size, size_t align);
void mem_free(void *p);
/* Usable size of a block from mem_alloc. */
size_t mem_size(const void *p);

struct mem_stats {
	size_t total_bytes; /* all memory given to the page allocator */
	size_t free_bytes;  /* pages not handed out */
	size_t peak_used_bytes;
	uint64_t alloc_failures;
};
void mem_get_stats(struct mem_stats *out);

#endif
