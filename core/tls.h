/*
 * Per-thread TLS blocks for `__thread` variables (x86-64 ELF, variant II).
 *
 * A thread's FS base (the thread pointer, tp) points at its TCB; the
 * thread's copy of the TLS template sits just below tp, ending at tp:
 *
 *   block                         tp = block + tls_size
 *   | .tdata copy | .tbss zeroes | pad | TCB: self pointer, ..., guard at +0x28 |
 *
 * tls_size is the template size rounded up to its alignment (the pad),
 * and tp is aligned to it: the offsets the linker gives each variable are
 * relative to such a tp. The TCB exists even without a template, so
 * %fs:0 (the self pointer code uses to find tp) and %fs:0x28 (the
 * stack-protector guard of code built with -fstack-protector) are
 * always readable.
 */
#ifndef CORE_TLS_H
#define CORE_TLS_H

#include <stddef.h>
#include <stdint.h>

/* The ABI fixes two TCB words: the self pointer at 0, the guard at 0x28. */
struct tls_tcb {
	uintptr_t self;
	uintptr_t reserved[4];
	uintptr_t stack_guard;
	uintptr_t spare[2];
};

/* The image's TLS template (its PT_TLS segment). */
struct tls_image {
	const void *init; /* initial values of the first init_size bytes */
	size_t init_size;
	size_t mem_size; /* init_size plus the zero-filled part */
	size_t align;	 /* a power of two, >= 1 */
};

/* Where things go in a block built from a template. */
struct tls_layout {
	size_t tls_size;   /* mem_size rounded up to align: tp - block */
	size_t block_size; /* tls_size + the TCB */
	size_t align;	   /* alignment the block needs */
};

/* The image's template; mem_size 0 when the image has no TLS. */
void tls_image_get(struct tls_image *out);

/* Compute the layout for img; RX_EINVAL for an impossible template (align
 * not a power of two, init_size > mem_size, sizes that overflow). */
int tls_layout_compute(const struct tls_image *img, struct tls_layout *out);

/* Fill block (layout->block_size bytes, aligned to layout->align) from
 * img and return the thread pointer to load as FS base. The TCB comes
 * back zeroed but for its self pointer: the caller sets the guard. */
uintptr_t tls_block_init(const struct tls_image *img, const struct tls_layout *layout, void *block);

#endif
