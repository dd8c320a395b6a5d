/* Thread life cycle: create, exit, join; names, per-thread keys, TLS blocks. */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>
#include <core/str.h>

#include "sched_priv.h"

/* Initial FPU state of a thread: all exceptions masked, round to nearest. */
#define INITIAL_MXCSR 0x1f80u
#define INITIAL_FCW 0x037fu

/*
 * The frame arch_context_switch pops for a thread that never ran: FPU
 * control words, r15..r12, rbx, rbp, then the return address. It sits
 * so that the trampoline starts with %rsp 16-byte aligned, which gives
 * the C entry the ABI's alignment (%rsp + 8 a multiple of 16).
 */
enum {
	FRAME_FPU,
	FRAME_R15,
	FRAME_R14,
	FRAME_R13,
	FRAME_R12,
	FRAME_RBX,
	FRAME_RBP,
	FRAME_RET,
	FRAME_WORDS
};

/* The image's TLS template and its block layout, read once. */
static struct tls_image tls_img;
static struct tls_layout tls_lay;
static bool tls_ready;

/* Stack-protector guard in each TCB (%fs:0x28): varies per thread and
 * has a zero low byte so string overruns do not reproduce it. It is not
 * secret: this is a single-image guest without attackers inside. */
static uintptr_t stack_guard_for(uintptr_t tp)
{
	return ((tp * 0x9e3779b97f4a7c15u) ^ 0x5ac3a5f00d15ea5eu) & ~(uintptr_t)0xff;
}

int sched_tls_attach(struct thread *t)
{
	if (!tls_ready) {
		tls_image_get(&tls_img);
		if (tls_layout_compute(&tls_img, &tls_lay) < 0)
			panic("tls: malformed TLS template (size %zu/%zu, align %zu)",
			      tls_img.init_size, tls_img.mem_size, tls_img.align);
		tls_ready = true;
	}
	void *block = &t->tcb; /* no template: the TCB alone, inside the thread */
	t->tls_block = NULL;
	if (tls_lay.tls_size) {
		block = mem_alloc(tls_lay.block_size, tls_lay.align);
		if (!block)
			return RX_ENOMEM;
		t->tls_block = block;
	}
	uintptr_t tp = tls_block_init(&tls_img, &tls_lay, block);
	((struct tls_tcb *)tp)->stack_guard = stack_guard_for(tp);
	t->tls_base = tp;
	return 0;
}

void sched_tls_release(struct thread *t)
{
	if (t->tls_block)
		mem_free(t->tls_block);
	t->tls_block = NULL;
	t->tls_base = 0;
}

int thread_create(struct thread **out, const char *name, void (*entry)(void *), void *arg,
		  size_t stack_size, unsigned flags)
{
	if (!entry || (flags & ~THREAD_JOINABLE))
		return RX_EINVAL;
	if (stack_size == 0)
		stack_size = THREAD_STACK_DEFAULT;
	if (stack_size > ((size_t)1 << 40))
		return RX_ENOMEM;
	stack_size = (stack_size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	int rc = sched_reserve_timer_slot();
	if (rc < 0)
		return rc;
	void *lowest;
	struct thread *t = sched_cached_thread(stack_size);
	if (t) {
		lowest = t->stack_lowest;
		__builtin_memset(t, 0, sizeof(*t));
	} else {
		t = mem_zalloc(sizeof(*t), 0);
		if (!t)
			return RX_ENOMEM;
		rc = plat_stack_alloc(stack_size, &lowest);
		if (rc < 0) {
			mem_free(t);
			return rc;
		}
	}

	t->magic = THREAD_MAGIC;
	t->flags = flags;
	t->entry = entry;
	t->arg = arg;
	t->stack_lowest = lowest;
	t->stack_size = stack_size;
	rc = sched_tls_attach(t);
	if (rc < 0) {
		sched_free_thread(t); /* back to the cache, or freed with its stack */
		return rc;
	}
	timer_node_init(&t->timer);
	(void)str_copy_trunc(t->name, name, sizeof(t->name));

	uintptr_t top = (uintptr_t)lowest + stack_size; /* page aligned */
	uint64_t *frame = (uint64_t *)top - FRAME_WORDS;
	for (int i = 0; i < FRAME_WORDS; i++)
		frame[i] = 0;
	frame[FRAME_FPU] = INITIAL_MXCSR | ((uint64_t)INITIAL_FCW << 32);
	frame[FRAME_RET] = (uint64_t)(uintptr_t)arch_thread_trampoline;
	t->saved_sp = frame;

	unsigned long f = plat_irq_save();
	sched_counters.threads_created++;
	sched_counters.threads_live++;
	sched_make_runnable(t);
	plat_irq_restore(f);
	if (out)
		*out = t;
	return 0;
}

void thread_exit(void)
{
	struct thread *self = sched_current;
	unsigned long f = plat_irq_save();

	sched_waitq_detach(self);
	self->state = THREAD_EXITED;
	sched_counters.threads_live--;
	if (self->flags & THREAD_JOINABLE)
		waitq_wake_all(&self->exit_wq);
	else
		sched_defer_free(self);
	sched_switch(f);
	panic("thread %s ran after exiting", self->name);
}

int thread_join(struct thread *t)
{
	if (!t || t->magic != THREAD_MAGIC || !(t->flags & THREAD_JOINABLE) || t->joined ||
	    t == sched_current)
		return RX_EINVAL;
	t->joined = true;
	for (;;) {
		waitq_prepare(&t->exit_wq, 0);
		if (t->state == THREAD_EXITED) {
			waitq_cancel(&t->exit_wq);
			break;
		}
		waitq_finish(&t->exit_wq);
	}
	/* t exited on its own stack and we run on ours: safe to release. */
	sched_free_thread(t);
	return 0;
}

struct thread *thread_self(void) { return sched_current; }

const char *thread_name(const struct thread *t) { return t ? t->name : "?"; }

static int keys_taken;

int thread_key_create(thread_key_t *key)
{
	if (keys_taken >= THREAD_NKEYS)
		return RX_ENOSPC;
	*key = keys_taken++;
	return 0;
}

static int key_ok(thread_key_t key)
{
	if (key < 0 || key >= keys_taken)
		panic("thread key %d was never created", key);
	return key;
}

void *thread_key_get(thread_key_t key) { return sched_current->values[key_ok(key)].ptr; }

void thread_key_set(thread_key_t key, void *value) { sched_current->values[key_ok(key)].ptr = value; }

void *thread_key_addr(thread_key_t key) { return &sched_current->values[key_ok(key)]; }
