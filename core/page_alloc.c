/*
 * Buddy page allocator. Blocks are 2^order pages aligned to their own
 * size in absolute addresses, so a block's buddy is found by flipping one
 * address bit, and every page_alloc(order) result is naturally aligned.
 *
 * Each region keeps, in pages carved from its own start, one state byte
 * per page (free block head, allocated block head, or interior) and one
 * tag word per page for mem_alloc. Free blocks are linked through their
 * first bytes, one doubly-linked list per order.
 *
 * Not for event handlers: callers are threads, and threads do not
 * preempt each other.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>

#include "page_internal.h"

#define MAX_REGIONS 16
#define STATE_FREE 0x80u
#define STATE_USED 0x40u
#define STATE_ORDER_MASK 0x3fu

struct free_block {
	struct free_block *next, *prev;
};

struct region {
	uintptr_t base; /* first usable page */
	size_t npages;	/* usable pages */
	uint8_t *state;
	uint32_t *tag;
};

static struct region regions[MAX_REGIONS];
static unsigned nregions;
static struct free_block *free_lists[PAGE_MAX_ORDER + 1];
static size_t total_pages, free_pages, peak_used_pages;
static uint64_t failures;

static struct region *region_of(uintptr_t a)
{
	for (unsigned i = 0; i < nregions; i++) {
		struct region *r = &regions[i];
		if (a >= r->base && a - r->base < r->npages * PAGE_SIZE)
			return r;
	}
	return NULL;
}

static size_t page_index(const struct region *r, uintptr_t a)
{
	return (a - r->base) >> PAGE_SHIFT;
}

static void list_push(unsigned order, uintptr_t a)
{
	struct free_block *b = (struct free_block *)a;

	b->prev = NULL;
	b->next = free_lists[order];
	if (b->next)
		b->next->prev = b;
	free_lists[order] = b;
}

static void list_remove(unsigned order, uintptr_t a)
{
	struct free_block *b = (struct free_block *)a;

	if (b->prev)
		b->prev->next = b->next;
	else
		free_lists[order] = b->next;
	if (b->next)
		b->next->prev = b->prev;
}

static void add_free_block(struct region *r, uintptr_t a, unsigned order)
{
	r->state[page_index(r, a)] = (uint8_t)(STATE_FREE | order);
	list_push(order, a);
}

void page_add_region(void *base, size_t npages)
{
	uintptr_t start = ((uintptr_t)base + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	uintptr_t end = (uintptr_t)base + npages * PAGE_SIZE;

	if (nregions == MAX_REGIONS) {
		log_warn("mem", "too many memory regions; ignoring %zu pages", npages);
		return;
	}
	if (end <= start)
		return;
	size_t n = (end - start) >> PAGE_SHIFT;
	/* Metadata: state byte and tag word for each page of the region. */
	size_t meta_pages = (n * (sizeof(uint8_t) + sizeof(uint32_t)) + PAGE_SIZE - 1) / PAGE_SIZE;
	if (meta_pages >= n)
		return;

	struct region *r = &regions[nregions++];
	r->tag = (uint32_t *)start;
	r->state = (uint8_t *)(start + n * sizeof(uint32_t));
	r->base = start + meta_pages * PAGE_SIZE;
	r->npages = n - meta_pages;
	for (size_t i = 0; i < r->npages; i++) {
		r->state[i] = 0;
		r->tag[i] = 0;
	}

	/* Cut the region into the largest naturally aligned blocks. */
	uintptr_t a = r->base;
	size_t left = r->npages;
	while (left > 0) {
		unsigned order = 0;
		while (order < PAGE_MAX_ORDER && ((size_t)2 << order) <= left &&
		       (a & ((PAGE_SIZE << (order + 1)) - 1)) == 0)
			order++;
		add_free_block(r, a, order);
		a += PAGE_SIZE << order;
		left -= (size_t)1 << order;
	}
	total_pages += r->npages;
	free_pages += r->npages;
}

void *page_alloc_quiet(unsigned order)
{
	if (order > PAGE_MAX_ORDER)
		return NULL;
	unsigned k = order;
	while (k <= PAGE_MAX_ORDER && !free_lists[k])
		k++;
	if (k > PAGE_MAX_ORDER)
		return NULL;

	uintptr_t a = (uintptr_t)free_lists[k];
	struct region *r = region_of(a);
	list_remove(k, a);
	while (k > order) {
		k--;
		add_free_block(r, a + (PAGE_SIZE << k), k);
	}
	r->state[page_index(r, a)] = (uint8_t)(STATE_USED | order);
	free_pages -= (size_t)1 << order;
	if (total_pages - free_pages > peak_used_pages)
		peak_used_pages = total_pages - free_pages;
	return (void *)a;
}

void *page_alloc(unsigned order)
{
	void *p = page_alloc_quiet(order);

	if (!p)
		failures++;
	return p;
}

void page_free(void *p, unsigned order)
{
	uintptr_t a = (uintptr_t)p;
	struct region *r = region_of(a);

	if (!p)
		return;
	if (!r || (a & (PAGE_SIZE - 1)) || order > PAGE_MAX_ORDER ||
	    r->state[page_index(r, a)] != (STATE_USED | order))
		panic("page_free: %p is not an allocated block of order %u", p, order);
	r->state[page_index(r, a)] = 0;
	free_pages += (size_t)1 << order;

	/* Merge with the buddy while it is a free block of the same order. */
	while (order < PAGE_MAX_ORDER) {
		uintptr_t buddy = a ^ (PAGE_SIZE << order);
		if (buddy < r->base || page_index(r, buddy) + ((size_t)1 << order) > r->npages)
			break;
		if (r->state[page_index(r, buddy)] != (STATE_FREE | order))
			break;
		list_remove(order, buddy);
		r->state[page_index(r, buddy)] = 0;
		if (buddy < a)
			a = buddy;
		order++;
	}
	add_free_block(r, a, order);
}

uint32_t page_tag_get(const void *p)
{
	struct region *r = region_of((uintptr_t)p);

	return r ? r->tag[page_index(r, (uintptr_t)p)] : 0;
}

void page_tag_set(const void *page, uint32_t tag)
{
	struct region *r = region_of((uintptr_t)page);

	if (r)
		r->tag[page_index(r, (uintptr_t)page)] = tag;
}

void page_count_failure(void) { failures++; }

void mem_get_stats(struct mem_stats *out)
{
	out->total_bytes = total_pages * PAGE_SIZE;
	out->free_bytes = free_pages * PAGE_SIZE;
	out->peak_used_bytes = peak_used_pages * PAGE_SIZE;
	out->alloc_failures = failures;
}
