/* Page allocator and small-object allocator tests. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <core/mem.h>

#include "harness.h"
#include "plat_linux.h"

#define HEAP_BYTES (16u << 20)

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64*: a fixed seed makes every run the same. */
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static void test_stats_initial(void)
{
	struct mem_stats s;

	mem_get_stats(&s);
	CHECK(s.total_bytes <= HEAP_BYTES, "total %zu exceeds the heap", s.total_bytes);
	CHECK(s.total_bytes >= HEAP_BYTES / 100 * 98, "metadata overhead too big: total %zu",
	      s.total_bytes);
	CHECK(s.free_bytes <= s.total_bytes, "free %zu > total", s.free_bytes);
}

static void test_page_alignment(void)
{
	for (unsigned order = 0; order <= 9; order++) {
		void *p = page_alloc(order);
		CHECK(p, "order %u failed", order);
		CHECK(((uintptr_t)p & ((PAGE_SIZE << order) - 1)) == 0,
		      "order %u block %p misaligned", order, p);
		memset(p, 0xa5, PAGE_SIZE << order);
		page_free(p, order);
	}
	CHECK(page_alloc(100) == NULL, "order 100 succeeded");
}

static void test_page_exhaustion_and_coalescing(void)
{
	struct mem_stats s0, s1, s2;
	struct node {
		struct node *next;
	} *list = NULL;
	size_t n = 0;

	mem_get_stats(&s0);
	void *big = page_alloc(9);
	CHECK(big, "2 MiB block unavailable at start");
	page_free(big, 9);
	struct node *p;
	while ((p = page_alloc(0))) {
		p->next = list;
		list = p;
		n++;
	}
	mem_get_stats(&s1);
	CHECK(s1.free_bytes == 0, "page_alloc failed with %zu bytes free", s1.free_bytes);
	CHECK(n * PAGE_SIZE == s0.free_bytes, "got %zu pages, %zu were free", n,
	      s0.free_bytes / PAGE_SIZE);
	CHECK(s1.alloc_failures == s0.alloc_failures + 1, "failure not counted");
	CHECK(s1.peak_used_bytes == s1.total_bytes, "peak %zu", s1.peak_used_bytes);
	CHECK(page_alloc(0) == NULL, "allocation after exhaustion");
	/* Free in allocation order (not reverse) to exercise merging. */
	struct node *rev = NULL;
	while (list) {
		struct node *next = list->next;
		list->next = rev;
		rev = list;
		list = next;
	}
	while (rev) {
		struct node *next = rev->next;
		page_free(rev, 0);
		rev = next;
	}
	mem_get_stats(&s2);
	CHECK(s2.free_bytes == s0.free_bytes, "free %zu after, %zu before", s2.free_bytes,
	      s0.free_bytes);
	big = page_alloc(9);
	CHECK(big, "buddies were not merged back into a 2 MiB block");
	page_free(big, 9);
}

static void *crash_ptr;

static void double_page_free(void)
{
	void *p = page_alloc(1);
	page_free(p, 1);
	page_free(p, 1);
}

static void wrong_order_free(void)
{
	void *p = page_alloc(2);
	page_free(p, 1);
}

static void test_page_free_misuse_panics(void)
{
	char why[256];

	CHECK(harness_expect_crash(double_page_free, "not an allocated block", why, sizeof(why)),
	      "double free: %s", why);
	CHECK(harness_expect_crash(wrong_order_free, "not an allocated block", why, sizeof(why)),
	      "wrong order: %s", why);
}

static void test_alignment_every_power_of_two(void)
{
	static const size_t sizes[] = {1, 16, 17, 100, 2048, 3000, 4096, 5000};

	for (size_t align = 1; align <= ((size_t)2 << 20); align *= 2) {
		for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			size_t size = sizes[i];
			unsigned char *p = mem_alloc(size, align);
			CHECK(p, "size %zu align %zu failed", size, align);
			CHECK(((uintptr_t)p & (align - 1)) == 0, "size %zu align %zu gave %p", size,
			      align, (void *)p);
			CHECK(((uintptr_t)p & 15) == 0, "not 16-byte aligned: %p", (void *)p);
			CHECK(mem_size(p) >= size, "mem_size %zu < %zu", mem_size(p), size);
			memset(p, 0x5a, mem_size(p));
			mem_free(p);
		}
	}
	void *p = mem_alloc(24, 0);
	CHECK(p && ((uintptr_t)p & 15) == 0, "align 0 is not 16");
	mem_free(p);
	CHECK(mem_alloc(64, 24) == NULL, "alignment 24 accepted");
	CHECK(mem_alloc(64, 3) == NULL, "alignment 3 accepted");
	CHECK(mem_alloc(SIZE_MAX, 0) == NULL, "SIZE_MAX accepted");
	CHECK(mem_alloc(SIZE_MAX / 2, 4096) == NULL, "SIZE_MAX/2 accepted");
}

#define SLOTS 1500

struct slot {
	unsigned char *p;
	size_t size;
	unsigned char fill;
};

static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	return x->p < y->p ? -1 : x->p > y->p;
}

static void test_random_no_overlap(void)
{
	static struct slot slots[SLOTS];
	struct mem_stats before, after;
	unsigned live = 0;

	memset(slots, 0, sizeof(slots));
	mem_get_stats(&before);
	for (int step = 0; step < 60000; step++) {
		struct slot *s = &slots[rng() % SLOTS];
		if (s->p) {
			for (size_t i = 0; i < s->size; i++)
				CHECK(s->p[i] == s->fill, "block %p (%zu bytes) corrupted at %zu",
				      (void *)s->p, s->size, i);
			mem_free(s->p);
			s->p = NULL;
			live--;
			continue;
		}
		uint64_t r = rng();
		size_t size = (r & 7) == 0 ? 1 + (r >> 8) % 40000 : 1 + (r >> 8) % 700;
		size_t align = (r & 0x30) == 0 ? (size_t)16 << ((r >> 40) % 9) : 0;
		s->p = mem_alloc(size, align);
		if (!s->p)
			continue; /* a full heap is allowed; corruption is not */
		CHECK(!align || ((uintptr_t)s->p & (align - 1)) == 0, "misaligned");
		s->size = size;
		s->fill = (unsigned char)(r >> 56);
		memset(s->p, s->fill, size);
		live++;
	}
	/* No two live blocks overlap. */
	static struct slot sorted[SLOTS];
	unsigned n = 0;
	for (unsigned i = 0; i < SLOTS; i++)
		if (slots[i].p)
			sorted[n++] = slots[i];
	CHECK(n == live, "lost track of blocks");
	qsort(sorted, n, sizeof(sorted[0]), cmp_slot);
	for (unsigned i = 1; i < n; i++)
		CHECK(sorted[i - 1].p + sorted[i - 1].size <= sorted[i].p,
		      "blocks %p+%zu and %p overlap", (void *)sorted[i - 1].p, sorted[i - 1].size,
		      (void *)sorted[i].p);
	for (unsigned i = 0; i < SLOTS; i++) {
		if (slots[i].p) {
			for (size_t k = 0; k < slots[i].size; k++)
				CHECK(slots[i].p[k] == slots[i].fill, "corrupted at the end");
			mem_free(slots[i].p);
		}
	}
	mem_get_stats(&after);
	/* Each class may keep one empty slab (at most 4 pages). */
	CHECK(before.free_bytes - after.free_bytes <= 14 * 4 * PAGE_SIZE, "%zu bytes not returned",
	      before.free_bytes - after.free_bytes);
}

static void test_exhaustion_recovers(void)
{
	struct mem_stats s0, s1, s2;
	void *chain = NULL;
	size_t n = 0;

	mem_get_stats(&s0);
	void **obj;
	while ((obj = mem_alloc(1000, 0))) {
		*obj = chain;
		chain = obj;
		n++;
	}
	mem_get_stats(&s1);
	CHECK(n > 1000, "only %zu blocks before exhaustion", n);
	CHECK(s1.alloc_failures > s0.alloc_failures, "failure not counted");
	CHECK(mem_alloc(5000, 0) == NULL, "large allocation with no pages");
	CHECK(mem_alloc(1000, 0) == NULL, "small allocation after exhaustion");
	while (chain) {
		void *next = *(void **)chain;
		mem_free(chain);
		chain = next;
	}
	mem_get_stats(&s2);
	CHECK(s0.free_bytes - s2.free_bytes <= 14 * 4 * PAGE_SIZE, "%zu bytes leaked",
	      s0.free_bytes - s2.free_bytes);
	void *p = mem_alloc(1 << 20, 0);
	CHECK(p, "1 MiB allocation failed after recovery");
	mem_free(p);
}

static void test_zalloc_and_size(void)
{
	unsigned char *p = mem_alloc(300, 0);
	CHECK(p, "alloc");
	memset(p, 0xff, 300);
	mem_free(p);
	p = mem_zalloc(300, 0);
	CHECK(p, "zalloc");
	for (int i = 0; i < 300; i++)
		CHECK(p[i] == 0, "byte %d not zero", i);
	CHECK(mem_size(p) == 384, "300 bytes in class %zu", mem_size(p));
	mem_free(p);
	p = mem_alloc(10000, 0);
	CHECK(p && mem_size(p) == 16384, "10000 bytes -> %zu", mem_size(p));
	mem_free(p);
	CHECK(mem_size(NULL) == 0, "mem_size(NULL)");
	mem_free(NULL);
}

static void free_interior(void)
{
	char *p = mem_alloc(64, 0);
	mem_free(p + 8);
}

static void free_foreign(void)
{
	static char not_heap[64];
	crash_ptr = not_heap;
	mem_free(not_heap);
}

static void free_twice_empty_slab(void)
{
	char *p = mem_alloc(2000, 0);
	mem_free(p);
	mem_free(p);
}

static void free_twice_busy_slab(void)
{
	char *keep = mem_alloc(40, 0);
	char *p = mem_alloc(40, 0);
	mem_free(p);
	mem_free(p);
	mem_free(keep);
}

static void test_bad_free_panics(void)
{
	char why[256];

	CHECK(
	    harness_expect_crash(free_interior, "was not returned by mem_alloc", why, sizeof(why)),
	    "interior pointer: %s", why);
	CHECK(harness_expect_crash(free_foreign, "was not returned by mem_alloc", why, sizeof(why)),
	      "foreign pointer: %s", why);
	CHECK(harness_expect_crash(free_twice_empty_slab, "mem_free", why, sizeof(why)),
	      "double free: %s", why);
	CHECK(harness_expect_crash(free_twice_busy_slab, "freed twice", why, sizeof(why)),
	      "double free in a slab in use: %s", why);
	/* User data that happens to look like the free mark is not a double free. */
	void **a = mem_alloc(32, 0), **b = mem_alloc(32, 0);
	CHECK(a && b, "alloc");
	mem_free(b);
	memcpy(&a[1], &b[1], sizeof(void *)); /* copy the mark into a live object */
	mem_free(a);
	void *c = mem_alloc(32, 0);
	CHECK(c, "allocator unusable after freeing a marked object");
	mem_free(c);
}

static void test_second_region(void)
{
	struct mem_stats s0, s1;
	size_t bytes = 1u << 20;
	void *r = aligned_alloc(PAGE_SIZE, bytes);

	CHECK(r, "host allocation");
	mem_get_stats(&s0);
	page_add_region(r, bytes / PAGE_SIZE);
	mem_get_stats(&s1);
	CHECK(s1.total_bytes > s0.total_bytes && s1.total_bytes - s0.total_bytes <= bytes,
	      "total grew by %zu", s1.total_bytes - s0.total_bytes);
	CHECK(s1.free_bytes - s0.free_bytes == s1.total_bytes - s0.total_bytes, "free grew wrong");
	/* The new region is never freed back to the host: it belongs to the heap now. */
}

/* A lazy region whose memory is inaccessible (PROT_NONE) until the
 * allocator prepares it: any early touch kills the test. */
#define LAZY_CHUNK (2u << 20)
static char *lazy_base;
static size_t lazy_bytes;
static char *lazy_refused;	/* prepare fails for the chunk starting here */
static uintptr_t lazy_prepared_end; /* prepare calls come in ascending order */
static int lazy_calls, lazy_out_of_order;

static int lazy_prepare(void *start, size_t npages)
{
	char *s = start;

	lazy_calls++;
	if (s < lazy_base || s + npages * PAGE_SIZE > lazy_base + lazy_bytes)
		return -22; /* outside the region: RX_EINVAL */
	if ((uintptr_t)s < lazy_prepared_end)
		lazy_out_of_order++;
	lazy_prepared_end = (uintptr_t)s + npages * PAGE_SIZE;
	if (s == lazy_refused)
		return -12;
	return mprotect(s, npages * PAGE_SIZE, PROT_READ | PROT_WRITE) ? -12 : 0;
}

static void test_lazy_region(void)
{
	struct mem_stats s0, s1, s2, s3;
	struct held {
		struct held *next;
		unsigned order;
	} *head = NULL;

	/* 8 MiB, aligned to 8 MiB so it holds whole 2 MiB chunks. */
	lazy_bytes = 8u << 20;
	char *raw = mmap(NULL, 2 * lazy_bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(raw != MAP_FAILED, "host mmap");
	lazy_base = (char *)(((uintptr_t)raw + lazy_bytes - 1) & ~(uintptr_t)(lazy_bytes - 1));
	lazy_refused = lazy_base + 2 * LAZY_CHUNK; /* third chunk: refused */

	mem_get_stats(&s0);
	page_add_region_lazy(lazy_base, lazy_bytes / PAGE_SIZE, lazy_prepare);
	mem_get_stats(&s1);
	CHECK(lazy_calls == 1, "%d prepare calls at add time, want 1 (metadata)", lazy_calls);
	CHECK(s1.total_bytes > s0.total_bytes && s1.total_bytes - s0.total_bytes <= lazy_bytes,
	      "total grew by %zu", s1.total_bytes - s0.total_bytes);
	CHECK(s1.free_bytes - s0.free_bytes == s1.total_bytes - s0.total_bytes,
	      "pending pages not counted as free");

	/* Take everything; the lazy region is prepared chunk by chunk. */
	size_t from_region = 0;
	for (int order = 9; order >= 0; order--) {
		struct held *h;
		while ((h = page_alloc((unsigned)order))) {
			size_t bytes = PAGE_SIZE << order;
			char *c = (char *)h;
			if (c >= lazy_base && c < lazy_base + lazy_bytes) {
				CHECK(c + bytes <= lazy_refused || c >= lazy_refused + LAZY_CHUNK,
				      "block %p inside the refused chunk", (void *)c);
				from_region += bytes;
			}
			memset(c, 0x5a, bytes);
			h->order = (unsigned)order;
			h->next = head;
			head = h;
		}
	}
	mem_get_stats(&s2);
	CHECK(s2.free_bytes == 0, "%zu bytes free after taking everything", s2.free_bytes);
	CHECK(lazy_out_of_order == 0, "prepare calls out of ascending order");
	CHECK(s1.total_bytes - s2.total_bytes == LAZY_CHUNK,
	      "refused chunk not left out: total shrank by %zu", s1.total_bytes - s2.total_bytes);
	CHECK(from_region == s2.total_bytes - s0.total_bytes,
	      "%zu bytes handed out from the region, %zu usable", from_region,
	      s2.total_bytes - s0.total_bytes);

	while (head) {
		struct held *next = head->next;
		page_free(head, head->order);
		head = next;
	}
	mem_get_stats(&s3);
	CHECK(s3.free_bytes == s1.free_bytes - LAZY_CHUNK,
	      "free %zu after freeing everything, want %zu", s3.free_bytes,
	      s1.free_bytes - LAZY_CHUNK);
	/* The two prepared chunks below the refused one merge again. */
	void *big = page_alloc(10);
	CHECK(big, "4 MiB block unavailable after freeing everything");
	page_free(big, 10);
}

static void test_lazy_region_bad_input(void)
{
	struct mem_stats s0, s1;
	void *r = aligned_alloc(PAGE_SIZE, 1u << 20);

	CHECK(r, "host allocation");
	mem_get_stats(&s0);
	/* prepare refuses the metadata: the region is ignored, untouched. */
	lazy_base = NULL;
	lazy_bytes = 0;
	lazy_calls = 0;
	page_add_region_lazy(r, (1u << 20) / PAGE_SIZE, lazy_prepare);
	mem_get_stats(&s1);
	CHECK(lazy_calls == 1, "%d prepare calls", lazy_calls);
	CHECK(s1.total_bytes == s0.total_bytes && s1.free_bytes == s0.free_bytes,
	      "a region whose metadata was refused was added");
	/* Too small to hold its own metadata and a page: ignored. */
	page_add_region_lazy(r, 1, lazy_prepare);
	mem_get_stats(&s1);
	CHECK(s1.total_bytes == s0.total_bytes, "a one-page region was added");
	free(r);
}

int main(int argc, char **argv)
{
	if (plat_linux_init(HEAP_BYTES) < 0) {
		fprintf(stderr, "plat_linux_init failed\n");
		return 2;
	}
	harness_begin(argc, argv, "mem");
	harness_run("initial stats", test_stats_initial);
	harness_run("page blocks naturally aligned", test_page_alignment);
	harness_run("page exhaustion, recovery, coalescing", test_page_exhaustion_and_coalescing);
	harness_run("page_free misuse panics", test_page_free_misuse_panics);
	harness_run("mem_alloc alignment 1..2 MiB", test_alignment_every_power_of_two);
	harness_run("random alloc/free: no overlap, no corruption", test_random_no_overlap);
	harness_run("mem_alloc exhaustion returns NULL and recovers", test_exhaustion_recovers);
	harness_run("mem_zalloc and mem_size", test_zalloc_and_size);
	harness_run("bad mem_free panics", test_bad_free_panics);
	harness_run("second region", test_second_region);
	harness_run("lazy region: prepared on demand, in order, refusals left out",
		    test_lazy_region);
	harness_run("lazy region: refused metadata, too small", test_lazy_region_bad_input);
	return harness_end();
}
