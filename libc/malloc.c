/* The C allocation functions, on the core's mem_alloc (thread context). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/mem.h>

void *malloc(size_t size)
{
	void *p = mem_alloc(size, 0);

	if (!p)
		errno = ENOMEM;
	return p;
}

void free(void *p) { mem_free(p); }

void *calloc(size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = mem_zalloc(nmemb * size, 0);
	if (!p)
		errno = ENOMEM;
	return p;
}

void *realloc(void *p, size_t size)
{
	if (!p)
		return malloc(size);
	if (size == 0) {
		free(p);
		return NULL;
	}
	size_t have = mem_size(p);
	if (size <= have)
		return p;
	void *q = malloc(size);
	if (!q)
		return NULL; /* the old block stays valid */
	memcpy(q, p, have);
	free(p);
	return q;
}

static int valid_alignment(size_t align) { return align && (align & (align - 1)) == 0; }

int posix_memalign(void **out, size_t align, size_t size)
{
	if (!valid_alignment(align) || align % sizeof(void *))
		return EINVAL;
	void *p = mem_alloc(size, align);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t size)
{
	if (!valid_alignment(align)) {
		errno = EINVAL;
		return NULL;
	}
	void *p = mem_alloc(size, align);
	if (!p)
		errno = ENOMEM;
	return p;
}
