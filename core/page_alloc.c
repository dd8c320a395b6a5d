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
 * Regions added with page_add_region_lazy are not touched beyond their
 * metadata until needed: their blocks wait on a pending stack (state 0,
 * in no free list, but counted as free) and are prepared by the
 * platform (mapped) and freed into the lists one chunk at a time, in
 * ascending address order, when a request finds the lists empty. This
 * keeps boot time independent of memory size.
 *
 * Not for event handlers: callers are threads, and threads do not
 * preempt each other.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>

#include "page_priv.h"

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

/* Lazy regions: blocks not yet in the free lists, lowest address on top. */
#define MAX_PENDING 256
#define CHUNK_ORDER 9 /* pending blocks are prepared 2 MiB at a time */
struct pending_block {
	uintptr_t addr;
	unsigned order;
	int (*prepare)(void *start, size_t npages);
};
static struct pending_block pending[MAX_PENDING];
static unsigned npending;

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

/* Free block a of 2^order pages, merging with free buddies. */
static void free_merge(struct region *r, uintptr_t a, unsigned order)
{
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

/* Prepare a block that was counted as free but kept out of the lists,
 * then free it into them; a block the platform refuses is dropped. */
static void activate(uintptr_t a, unsigned order, int (*prepare)(void *, size_t))
{
	size_t n = (size_t)1 << order;
	int rc = prepare ? prepare((void *)a, n) : 0;

	if (rc < 0) {
		log_warn("mem", "cannot prepare %zu pages at %p (%d); leaving them out", n,
			 (void *)a, rc);
		total_pages -= n;
		free_pages -= n;
		return;
	}
	free_merge(region_of(a), a, order);
}

/* Move the lowest pending chunk into the free lists; 0 when none. */
static int activate_next_pending(void)
{
	if (npending == 0)
		return 0;
	struct pending_block b = pending[--npending];
	/* Split off upper halves (they stay pending, untouched) down to one
	 * chunk; pushed largest first so the next chunk up is on top. The
	 * stack has room: regions leave PAGE_MAX_ORDER entries free. */
	while (b.order > CHUNK_ORDER) {
		b.order--;
		pending[npending++] =
		    (struct pending_block){b.addr + (PAGE_SIZE << b.order), b.order, b.prepare};
	}
	activate(b.addr, b.order, b.prepare);
	return 1;
}

static void add_region(void *base, size_t npages, int (*prepare)(void *, size_t))
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
	if (prepare && prepare((void *)start, meta_pages) < 0) {
		log_warn("mem", "cannot prepare the metadata of %zu pages; ignoring them", n);
		return;
	}

	struct region *r = &regions[nregions++];
	r->tag = (uint32_t *)start;
	r->state = (uint8_t *)(start + n * sizeof(uint32_t));
	r->base = start + meta_pages * PAGE_SIZE;
	r->npages = n - meta_pages;
	__builtin_memset(r->tag, 0, r->npages * sizeof(uint32_t));
	__builtin_memset(r->state, 0, r->npages);
	total_pages += r->npages;
	free_pages += r->npages;

	/* Cut the region into the largest naturally aligned blocks (at most
	 * two per order); lazy ones are collected, lowest first. */
	struct pending_block cut[2 * (PAGE_MAX_ORDER + 1)];
	unsigned ncut = 0;
	uintptr_t a = r->base;
	size_t left = r->npages;
	while (left > 0) {
		unsigned order = 0;
		while (order < PAGE_MAX_ORDER && ((size_t)2 << order) <= left &&
		       (a & ((PAGE_SIZE << (order + 1)) - 1)) == 0)
			order++;
		if (!prepare)
			add_free_block(r, a, order);
		else if (ncut < sizeof(cut) / sizeof(cut[0]))
			cut[ncut++] = (struct pending_block){a, order, prepare};
		else
			activate(a, order, prepare);
		a += PAGE_SIZE << order;
		left -= (size_t)1 << order;
	}
	/* Push highest first so the lowest block ends on top. Keep room for
	 * the splits of activate_next_pending; without room, prepare now. */
	while (ncut > 0) {
		ncut--;
		if (npending < MAX_PENDING - PAGE_MAX_ORDER)
			pending[npending++] = cut[ncut];
		else
			activate(cut[ncut].addr, cut[ncut].order, prepare);
	}
}

void page_add_region(void *base, size_t npages) { add_region(base, npages, NULL); }

void page_add_region_lazy(void *base, size_t npages, int (*prepare)(void *start, size_t npages))
{
	add_region(base, npages, prepare);
}

void *page_alloc_quiet(unsigned order)
{
	if (order > PAGE_MAX_ORDER)
		return NULL;
	unsigned k;
	for (;;) {
		k = order;
		while (k <= PAGE_MAX_ORDER && !free_lists[k])
			k++;
		if (k <= PAGE_MAX_ORDER)
			break;
		if (!activate_next_pending())
			return NULL;
	}

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
	free_merge(r, a, order);
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
