/*
 * Memory hypercalls on the core allocator. All of them are non-blocking
 * and run with or without a rump CPU. One backend (mem_alloc) serves
 * every size, so rumpuser_free never has to guess which one it came
 * from; the length argument is only checked for sanity.
 */
#include "rumpuser_priv.h"

#include <core/log.h>
#include <core/mem.h>

#define MIN_ALIGN 16
#define MAX_ALIGN_SHIFT 30 /* 1 GiB: more than any guest we build has */

/* alignment: 0 ("any", we give 16) or a power of two. */
int rumpuser_malloc(size_t len, int alignment, void **memp)
{
	size_t align = MIN_ALIGN;
	void *p;

	if (memp == NULL || alignment < 0 || (alignment & (alignment - 1)) != 0)
		return NB_EINVAL;
	if ((size_t)alignment > align)
		align = (size_t)alignment;
	if (align > ((size_t)1 << MAX_ALIGN_SHIFT))
		return NB_EINVAL;
	p = mem_alloc(len != 0 ? len : 1, align);
	if (p == NULL)
		return NB_ENOMEM;
	*memp = p;
	return 0;
}

void rumpuser_free(void *mem, size_t len)
{
	if (mem == NULL)
		return;
	if (len > mem_size(mem))
		panic("rumpuser_free: %zu bytes freed at %p, only %zu allocated", len, mem,
		      mem_size(mem));
	mem_free(mem);
}

/* Zeroed, page-aligned (or more); the hint is ignored: the whole image
 * and its heap already sit below 2 GiB, where module code must live. */
int rumpuser_anonmmap(void *hint, size_t len, int alignshift, int exec, void **memp)
{
	size_t align = PAGE_SIZE;
	void *p;

	(void)hint;
	(void)exec; /* guest memory is not mapped no-execute */
	if (memp == NULL || len == 0 || alignshift < 0 || alignshift > MAX_ALIGN_SHIFT)
		return NB_EINVAL;
	if (((size_t)1 << alignshift) > align)
		align = (size_t)1 << alignshift;
	len = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	p = mem_zalloc(len, align);
	if (p == NULL)
		return NB_ENOMEM;
	*memp = p;
	return 0;
}

void rumpuser_unmap(void *mem, size_t len) { rumpuser_free(mem, len); }
