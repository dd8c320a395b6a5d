/*
 * TLS block layout (core/tls.c) and the per-thread blocks the scheduler
 * hands out. The offsets checked here are the ones the x86-64 linker
 * gives `__thread` variables: template byte o lives at
 * tp - round_up(mem_size, align) + o.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <core/errors.h>
#include <core/sched.h>

#include "harness.h"
#include "plat_linux.h"
#include "tls.h"

static _Alignas(64) unsigned char block[256];

static void test_layout_rounds_to_alignment(void)
{
	static const unsigned char init[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	struct tls_image img = {.init = init, .init_size = 9, .mem_size = 10, .align = 32};
	struct tls_layout l;

	CHECK(tls_layout_compute(&img, &l) == 0, "valid template rejected");
	CHECK(l.tls_size == 32, "tls_size %zu, want 32", l.tls_size);
	CHECK(l.block_size == 32 + sizeof(struct tls_tcb), "block_size %zu", l.block_size);
	CHECK(l.align == 32, "align %zu, want 32", l.align);

	memset(block, 0xaa, sizeof(block));
	uintptr_t tp = tls_block_init(&img, &l, block);
	CHECK(tp == (uintptr_t)block + 32, "tp %#lx, block %p", (unsigned long)tp, (void *)block);
	CHECK(tp % 32 == 0, "tp %#lx not aligned to the template", (unsigned long)tp);
	unsigned char *at = (unsigned char *)tp - l.tls_size;
	for (int o = 0; o < 9; o++)
		CHECK(at[o] == init[o], "initial byte %d is %#x, want %#x", o, at[o], init[o]);
	for (int o = 9; o < 32; o++)
		CHECK(at[o] == 0, "zero-filled or padding byte %d is %#x", o, at[o]);
	const struct tls_tcb *tcb = (const struct tls_tcb *)tp;
	CHECK(tcb->self == tp, "self pointer %#lx, want tp", (unsigned long)tcb->self);
	CHECK(*(const uintptr_t *)(tp + 0x28) == 0, "guard word not cleared");
	CHECK(block[l.block_size] == 0xaa, "wrote past the block");
}

static void test_small_alignment_keeps_tcb_aligned(void)
{
	static const unsigned char init[3] = {7, 8, 9};
	struct tls_image img = {.init = init, .init_size = 3, .mem_size = 5, .align = 1};
	struct tls_layout l;

	CHECK(tls_layout_compute(&img, &l) == 0, "valid template rejected");
	CHECK(l.tls_size == 5, "tls_size %zu, want 5", l.tls_size);
	CHECK(l.align == 16, "block align %zu, want 16", l.align);
	memset(block, 0xaa, sizeof(block));
	uintptr_t tp = tls_block_init(&img, &l, block);
	const unsigned char *at = (const unsigned char *)tp - 5;
	CHECK(at[0] == 7 && at[2] == 9 && at[3] == 0 && at[4] == 0, "template bytes %d %d %d %d %d",
	      at[0], at[1], at[2], at[3], at[4]);
}

static void test_empty_template_is_tcb_only(void)
{
	struct tls_image img = {.init = NULL, .init_size = 0, .mem_size = 0, .align = 8};
	struct tls_layout l;

	CHECK(tls_layout_compute(&img, &l) == 0, "empty template rejected");
	CHECK(l.tls_size == 0, "tls_size %zu, want 0", l.tls_size);
	CHECK(l.block_size == sizeof(struct tls_tcb), "block_size %zu", l.block_size);
	memset(block, 0xaa, sizeof(block));
	uintptr_t tp = tls_block_init(&img, &l, block);
	CHECK(tp == (uintptr_t)block, "tp is not the block start");
	CHECK(((struct tls_tcb *)tp)->self == tp, "self pointer missing");
	CHECK(sizeof(struct tls_tcb) > 0x28 + 7, "TCB too small for the guard word at 0x28");
}

static void test_bad_templates_rejected(void)
{
	static const unsigned char init[4];
	struct tls_layout l;
	const struct tls_image bad[] = {
	    {.init = init, .init_size = 4, .mem_size = 4, .align = 0},
	    {.init = init, .init_size = 4, .mem_size = 4, .align = 24},
	    {.init = init, .init_size = 8, .mem_size = 4, .align = 8},
	    {.init = NULL, .init_size = 4, .mem_size = 4, .align = 8},
	    {.init = init, .init_size = 4, .mem_size = SIZE_MAX - 2, .align = 8},
	    {.init = init, .init_size = 4, .mem_size = 4, .align = (size_t)1 << 63},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(tls_layout_compute(&bad[i], &l) == RX_EINVAL, "bad template %zu accepted", i);
}

static void test_host_has_no_template(void)
{
	struct tls_image img;

	/* Host programs do not define the rx_tls_* symbols: the weak
	 * references must read as "no template". */
	tls_image_get(&img);
	CHECK(img.mem_size == 0 && img.init_size == 0, "host template %zu/%zu bytes", img.init_size,
	      img.mem_size);
}

#define NTHREADS 3

struct tp_seen {
	uintptr_t tp, self, guard;
};

static void record_tp(void *arg)
{
	struct tp_seen *s = arg;

	thread_yield(); /* the others run: the base must come back with us */
	s->tp = plat_linux_tls_base();
	if (s->tp) {
		s->self = ((const struct tls_tcb *)s->tp)->self;
		s->guard = *(const uintptr_t *)(s->tp + 0x28);
	}
}

static void test_threads_get_own_tcb(void)
{
	struct tp_seen s[NTHREADS] = {{0}};
	struct thread *t[NTHREADS];

	for (int i = 0; i < NTHREADS; i++)
		CHECK(thread_create(&t[i], "tp", record_tp, &s[i], 0, THREAD_JOINABLE) == 0,
		      "create %d", i);
	for (int i = 0; i < NTHREADS; i++)
		CHECK(thread_join(t[i]) == 0, "join %d", i);
	for (int i = 0; i < NTHREADS; i++) {
		CHECK(s[i].tp != 0, "thread %d ran with FS base 0", i);
		CHECK(s[i].self == s[i].tp, "thread %d: %%fs:0 is %#lx, want %#lx", i,
		      (unsigned long)s[i].self, (unsigned long)s[i].tp);
		CHECK(s[i].guard != 0 && (s[i].guard & 0xff) == 0, "thread %d: guard %#lx", i,
		      (unsigned long)s[i].guard);
		for (int j = 0; j < i; j++)
			CHECK(s[i].tp != s[j].tp, "threads %d and %d share a TCB", j, i);
	}
	uintptr_t boot = plat_linux_tls_base();
	CHECK(boot != 0 && ((const struct tls_tcb *)boot)->self == boot,
	      "boot thread has no TCB after the switch back (base %#lx)", (unsigned long)boot);
}

int main(int argc, char **argv)
{
	if (plat_linux_init(64u << 20) < 0) {
		fprintf(stderr, "plat_linux_init failed\n");
		return 2;
	}
	harness_begin(argc, argv, "tls");
	harness_run("layout rounds the template to its alignment", test_layout_rounds_to_alignment);
	harness_run("small alignment keeps the TCB aligned",
		    test_small_alignment_keeps_tcb_aligned);
	harness_run("empty template gives a TCB only", test_empty_template_is_tcb_only);
	harness_run("malformed templates rejected", test_bad_templates_rejected);
	harness_run("host program has no template", test_host_has_no_template);
	harness_run("each thread gets its own TCB and guard", test_threads_get_own_tcb);
	return harness_end();
}
