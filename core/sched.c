/*
 * The scheduler proper: run queue, switching, the idle path and deferred
 * reclamation. Cooperative: a thread leaves the CPU only through
 * sched_switch. Run-queue and timer manipulation happens with events
 * disabled because event handlers may wake threads at any moment.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include "sched_priv.h"

#define TIMER_STORAGE_STATIC 64

/* The context sched_init is called from; usable even before that. */
static struct thread boot_thread = {
    .magic = THREAD_MAGIC,
    .state = THREAD_RUNNING,
    .timer = {.deadline_ns = 0, .index = TIMER_NODE_IDLE},
    .name = "boot",
};

static struct timer_node *timer_storage_static[TIMER_STORAGE_STATIC];

struct thread *sched_current = &boot_thread;
struct sched_stats sched_counters = {.threads_live = 1};
/* Usable before sched_init: the boot thread may sleep that early. */
struct timer_heap sched_timers = {
    .nodes = timer_storage_static,
    .count = 0,
    .capacity = TIMER_STORAGE_STATIC,
};
static struct thread *runq_head, *runq_tail;
static struct thread *reap_list;
static uintptr_t tls_loaded;
/* Event flags of the thread that switched away; a new thread starts with them. */
static unsigned long switch_flags;

void sched_init(void)
{
	sched_current = &boot_thread;
	boot_thread.state = THREAD_RUNNING;
	/* The boot thread's TLS lasts as long as the guest: set it up once. */
	if (!boot_thread.tcb.self) {
		if (sched_tls_attach(&boot_thread) < 0)
			panic("sched: no memory for the boot thread's TLS block");
		tls_loaded = boot_thread.tls_base;
		plat_set_tls_base(boot_thread.tls_base);
	}
}

void sched_make_runnable(struct thread *t)
{
	t->state = THREAD_RUNNABLE;
	t->run_next = NULL;
	if (runq_tail)
		runq_tail->run_next = t;
	else
		runq_head = t;
	runq_tail = t;
}

static struct thread *runq_pop(void)
{
	struct thread *t = runq_head;

	if (t) {
		runq_head = t->run_next;
		if (!runq_head)
			runq_tail = NULL;
		t->run_next = NULL;
	}
	return t;
}

int sched_reserve_timer_slot(void)
{
	size_t need = sched_counters.threads_live + 1;

	if (need <= sched_timers.capacity)
		return 0;
	size_t cap = sched_timers.capacity * 2;
	struct timer_node **bigger = mem_alloc(cap * sizeof(*bigger), 0);
	if (!bigger)
		return RX_ENOMEM;
	unsigned long f = plat_irq_save();
	struct timer_node **old = sched_timers.nodes;
	timer_heap_move(&sched_timers, bigger, cap);
	plat_irq_restore(f);
	if (old != timer_storage_static)
		mem_free(old);
	return 0;
}

void sched_defer_free(struct thread *t)
{
	t->run_next = reap_list;
	reap_list = t;
}

void sched_reap(void)
{
	while (reap_list) {
		struct thread *t = reap_list;
		reap_list = t->run_next;
		sched_free_thread(t);
	}
}

/*
 * Exited threads kept with their stacks for reuse: creating a thread is
 * then a list pop instead of a stack allocation (which on the guest
 * means page-table updates for the guard page). Bounded, so a burst of
 * threads does not pin memory for good.
 */
#define THREAD_CACHE_MAX 32
static struct thread *thread_cache;
static unsigned thread_cache_count;

struct thread *sched_cached_thread(size_t stack_size)
{
	struct thread **link = &thread_cache;

	for (struct thread *t = thread_cache; t; link = &t->run_next, t = t->run_next) {
		if (t->stack_size == stack_size) {
			*link = t->run_next;
			thread_cache_count--;
			return t;
		}
	}
	return NULL;
}

void sched_free_thread(struct thread *t)
{
	t->magic = 0; /* catches most uses of a released handle */
	if (t == &boot_thread)
		return;
	sched_tls_release(t);
	if (t->stack_lowest && thread_cache_count < THREAD_CACHE_MAX) {
		t->run_next = thread_cache;
		thread_cache = t;
		thread_cache_count++;
		return;
	}
	if (t->stack_lowest)
		plat_stack_free(t->stack_lowest, t->stack_size);
	mem_free(t);
}

static void load_tls(struct thread *t)
{
	if (t->tls_base != tls_loaded) {
		tls_loaded = t->tls_base;
		plat_set_tls_base(t->tls_base);
	}
}

void thread_set_tls_base(uintptr_t base)
{
	sched_current->tls_base = base;
	tls_loaded = base;
	plat_set_tls_base(base);
}

void sched_switch(unsigned long flags)
{
	struct thread *prev = sched_current;
	struct thread *next;

	for (;;) {
		if (sched_timers.count)
			sched_expire_timers(plat_monotonic_ns());
		next = runq_pop();
		if (next)
			break;
		/* Idle: nothing runnable until an event or the next deadline. */
		struct timer_node *first = timer_heap_min(&sched_timers);
		sched_counters.idle_blocks++;
		plat_block_until(first ? first->deadline_ns : 0);
		/* Let pending handlers run; they may wake someone. */
		plat_irq_restore(flags);
		flags = plat_irq_save();
	}

	next->state = THREAD_RUNNING;
	if (next == prev)
		return;
	sched_counters.switches++;
	sched_current = next;
	load_tls(next);
	switch_flags = flags;
	arch_context_switch(&prev->saved_sp, next->saved_sp);
	/* Running again as prev, on prev's stack: others' stacks are free to go. */
	sched_reap();
}

void thread_yield(void)
{
	unsigned long f = plat_irq_save();

	if (!runq_head && sched_timers.count)
		sched_expire_timers(plat_monotonic_ns());
	if (runq_head) {
		sched_make_runnable(sched_current);
		sched_switch(f);
	}
	plat_irq_restore(f);
}

void sched_thread_start(void)
{
	struct thread *self = sched_current;

	sched_reap();
	plat_irq_restore(switch_flags);
	self->entry(self->arg);
	thread_exit();
}

void sched_get_stats(struct sched_stats *out)
{
	unsigned long f = plat_irq_save();
	*out = sched_counters;
	plat_irq_restore(f);
}
