/*
 * Small-object allocator on top of the page allocator.
 *
 * Requests up to 2 KiB go to size classes. Each class carves objects out
 * of slabs (1, 2 or 4 pages) whose header sits at the slab's end, so
 * objects start at offset 0 and an object of a power-of-two class is
 * aligned to its size: an alignment above 16 is served by the smallest
 * power-of-two class covering both size and alignment. Anything larger
 * is a run of pages, naturally aligned by the buddy allocator.
 *
 * Every page's tag says what it holds (slab page of class c at offset i
 * in its slab, or head of a large run of order k), so mem_free and
 * mem_size need nothing but the pointer. Thread context only.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>

#include "page_priv.h"

#define TAG_KIND_SHIFT 30
#define TAG_SLAB (1u << TAG_KIND_SHIFT)
#define TAG_LARGE (2u << TAG_KIND_SHIFT)
#define TAG_KIND_MASK (3u << TAG_KIND_SHIFT)
#define TAG_CLASS_SHIFT 8
#define TAG_LOW_MASK 0xffu

#define MIN_ALIGN 16
/* Second word of a free object (every class holds at least two words):
 * makes a double free detectable without a search in the common case. */
#define FREE_MARK ((void *)0x6672656564626c6bull)
#define SMALL_MAX 2048

struct slab {
	struct slab *next, *prev; /* partial list of the class */
	void *free;		  /* free objects, linked through their first word */
	uint16_t inuse;
	uint16_t nobj;
	uint8_t cls;
	uint8_t listed;
};

struct size_class {
	uint32_t size;
	uint8_t slab_order;
	struct slab *partial; /* slabs with at least one free object */
};

static struct size_class classes[] = {
    {16, 0, NULL},  {32, 0, NULL},   {48, 0, NULL},   {64, 0, NULL},   {96, 0, NULL},
    {128, 0, NULL}, {192, 0, NULL},  {256, 0, NULL},  {384, 0, NULL},  {512, 0, NULL},
    {768, 1, NULL}, {1024, 1, NULL}, {1536, 2, NULL}, {2048, 2, NULL},
};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

static size_t slab_bytes(const struct size_class *c) { return PAGE_SIZE << c->slab_order; }

static struct slab *slab_header(uintptr_t base, const struct size_class *c)
{
	return (struct slab *)(base + slab_bytes(c) - sizeof(struct slab));
}

static void partial_add(struct size_class *c, struct slab *s)
{
	s->prev = NULL;
	s->next = c->partial;
	if (s->next)
		s->next->prev = s;
	c->partial = s;
	s->listed = 1;
}

static void partial_remove(struct size_class *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->listed = 0;
}

static struct slab *slab_create(unsigned cls)
{
	struct size_class *c = &classes[cls];
	uintptr_t base = (uintptr_t)page_alloc_quiet(c->slab_order);

	if (!base)
		return NULL;
	struct slab *s = slab_header(base, c);
	s->nobj = (uint16_t)((slab_bytes(c) - sizeof(*s)) / c->size);
	s->inuse = 0;
	s->cls = (uint8_t)cls;
	s->free = NULL;
	for (size_t i = s->nobj; i-- > 0;) {
		void **obj = (void **)(base + i * c->size);
		*obj = s->free;
		obj[1] = FREE_MARK;
		s->free = obj;
	}
	for (size_t i = 0; i < ((size_t)1 << c->slab_order); i++)
		page_tag_set((void *)(base + i * PAGE_SIZE),
			     TAG_SLAB | (cls << TAG_CLASS_SHIFT) | (uint32_t)i);
	partial_add(c, s);
	return s;
}

static int pick_class(size_t size, size_t align)
{
	for (unsigned i = 0; i < NCLASSES; i++) {
		uint32_t cs = classes[i].size;
		if (cs < size)
			continue;
		if (align <= MIN_ALIGN || ((cs & (cs - 1)) == 0 && cs >= align))
			return (int)i;
	}
	return -1;
}

static void *small_alloc(unsigned cls)
{
	struct size_class *c = &classes[cls];
	struct slab *s = c->partial;

	if (!s && !(s = slab_create(cls)))
		return NULL;
	void **obj = s->free;
	s->free = *obj;
	obj[1] = NULL; /* clear the free mark */
	s->inuse++;
	if (!s->free)
		partial_remove(c, s);
	return obj;
}

static void *large_alloc(size_t size, size_t align)
{
	size_t bytes = size > align ? size : align;

	if (bytes > (PAGE_SIZE << PAGE_MAX_ORDER))
		return NULL;
	unsigned order = 0;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	void *p = page_alloc_quiet(order);
	if (p)
		page_tag_set(p, TAG_LARGE | order);
	return p;
}

void *mem_alloc(size_t size, size_t align)
{
	void *p = NULL;

	if (align == 0)
		align = MIN_ALIGN;
	if (align & (align - 1))
		return NULL; /* not a power of two: a caller bug, not a shortage */
	if (align < MIN_ALIGN)
		align = MIN_ALIGN;
	if (size == 0)
		size = 1;
	if (size <= SMALL_MAX && align <= SMALL_MAX) {
		int cls = pick_class(size, align);
		if (cls >= 0)
			p = small_alloc((unsigned)cls);
	} else {
		p = large_alloc(size, align);
	}
	if (!p)
		page_count_failure();
	return p;
}

void *mem_zalloc(size_t size, size_t align)
{
	unsigned char *p = mem_alloc(size, align);

	if (p)
		for (size_t i = 0; i < size; i++)
			p[i] = 0;
	return p;
}

static struct size_class *slab_of(uintptr_t a, uint32_t tag, uintptr_t *base)
{
	unsigned cls = (tag >> TAG_CLASS_SHIFT) & TAG_LOW_MASK;

	if (cls >= NCLASSES)
		return NULL;
	*base = (a & ~(uintptr_t)(PAGE_SIZE - 1)) - (tag & TAG_LOW_MASK) * PAGE_SIZE;
	return &classes[cls];
}

void mem_free(void *p)
{
	uintptr_t a = (uintptr_t)p;
	uint32_t tag;

	if (!p)
		return;
	tag = page_tag_get(p);
	if ((tag & TAG_KIND_MASK) == TAG_LARGE && (a & (PAGE_SIZE - 1)) == 0) {
		page_tag_set(p, 0);
		page_free(p, tag & TAG_LOW_MASK);
		return;
	}
	uintptr_t base;
	struct size_class *c = (tag & TAG_KIND_MASK) == TAG_SLAB ? slab_of(a, tag, &base) : NULL;
	struct slab *s = c ? slab_header(base, c) : NULL;
	if (!s || (a - base) % c->size || (a - base) / c->size >= s->nobj || s->inuse == 0)
		panic("mem_free: %p was not returned by mem_alloc", p);

	void **obj = p;
	if (obj[1] == FREE_MARK) {
		/* The mark may be user data by chance: confirm on the free list. */
		for (void **f = s->free; f; f = *f)
			if (f == obj)
				panic("mem_free: %p freed twice", p);
	}
	*obj = s->free;
	obj[1] = FREE_MARK;
	s->free = obj;
	s->inuse--;
	if (!s->listed)
		partial_add(c, s);
	/* Keep one empty slab per class to avoid page churn; return the rest. */
	if (s->inuse == 0 && (s->next || s->prev)) {
		partial_remove(c, s);
		for (size_t i = 0; i < ((size_t)1 << c->slab_order); i++)
			page_tag_set((void *)(base + i * PAGE_SIZE), 0);
		page_free((void *)base, c->slab_order);
	}
}

size_t mem_size(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	uint32_t tag;
	uintptr_t base;

	if (!p)
		return 0;
	tag = page_tag_get(p);
	if ((tag & TAG_KIND_MASK) == TAG_LARGE)
		return PAGE_SIZE << (tag & TAG_LOW_MASK);
	if ((tag & TAG_KIND_MASK) == TAG_SLAB) {
		struct size_class *c = slab_of(a, tag, &base);
		if (c)
			return c->size;
	}
	return 0;
}
