/*
 * TLS template and block layout (see tls.h). The template comes from
 * linker-script symbols, declared weak so the core links without them:
 * an image (or host program) that does not define them has no template,
 * and threads then get a TCB only.
 */
#include <core/errors.h>

#include "tls.h"

extern const char rx_tls_start[] __attribute__((weak));
extern const char rx_tls_data_end[] __attribute__((weak));
extern const char rx_tls_end[] __attribute__((weak));
extern const char rx_tls_align[] __attribute__((weak)); /* an absolute value */

_Static_assert(__builtin_offsetof(struct tls_tcb, self) == 0, "self pointer at %fs:0");
_Static_assert(__builtin_offsetof(struct tls_tcb, stack_guard) == 0x28, "guard at %fs:0x28");

void tls_image_get(struct tls_image *out)
{
	out->init = rx_tls_start;
	out->init_size = (size_t)(rx_tls_data_end - rx_tls_start);
	out->mem_size = (size_t)(rx_tls_end - rx_tls_start);
	out->align = (uintptr_t)rx_tls_align ? (uintptr_t)rx_tls_align : 1;
}

int tls_layout_compute(const struct tls_image *img, struct tls_layout *out)
{
	size_t align = img->align;

	if (align == 0 || (align & (align - 1)) || img->init_size > img->mem_size ||
	    (img->init_size && !img->init))
		return RX_EINVAL;
	if (img->mem_size > SIZE_MAX / 2 || align > SIZE_MAX / 4)
		return RX_EINVAL;
	out->tls_size = (img->mem_size + align - 1) & ~(align - 1);
	out->block_size = out->tls_size + sizeof(struct tls_tcb);
	/* The TCB holds pointers: keep it at least 16-byte aligned. */
	out->align = align < 16 ? 16 : align;
	return 0;
}

uintptr_t tls_block_init(const struct tls_image *img, const struct tls_layout *layout, void *block)
{
	unsigned char *b = block;
	const unsigned char *init = img->init;
	size_t i = 0;

	/* The template starts the block; alignment padding sits before tp. */
	for (; i < img->init_size; i++)
		b[i] = init[i];
	for (; i < layout->tls_size; i++)
		b[i] = 0;

	struct tls_tcb *tcb = (struct tls_tcb *)(b + layout->tls_size);
	*tcb = (struct tls_tcb){0};
	tcb->self = (uintptr_t)tcb;
	return (uintptr_t)tcb;
}
