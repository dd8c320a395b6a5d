/*
 * Scheduler internals shared by sched.c, sched_thread.c and sched_waitq.c.
 *
 * Invariants (kept with events disabled, plat_irq_save):
 *  - exactly one thread is RUNNING: `sched_current`;
 *  - a RUNNABLE thread is on the run queue, nothing else is;
 *  - a thread is on at most one waitq (t->waitq) and, while it is, its
 *    timer node is queued iff it has a deadline;
 *  - an EXITED thread never runs again; its stack is freed by another
 *    thread (the reaper after a switch, or thread_join), never by itself.
 */
#ifndef CORE_SCHED_PRIV_H
#define CORE_SCHED_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <core/sched.h>

#include "timer_heap.h"
#include "tls.h"

enum thread_state { THREAD_RUNNING, THREAD_RUNNABLE, THREAD_BLOCKED, THREAD_EXITED };

#define THREAD_MAGIC 0x74687264u /* "thrd" */

union thread_value {
	void *ptr;
	int i;
	long l;
};

struct thread {
	void *saved_sp; /* first member: the context switch stores rsp here */
	uint32_t magic;
	enum thread_state state;
	unsigned flags;
	bool joined; /* a join has claimed this thread */
	bool woken;  /* set by a wake between waitq_prepare and waitq_finish */
	bool timed_out;
	void (*entry)(void *);
	void *arg;
	void *stack_lowest; /* NULL for the boot thread (stack not ours) */
	size_t stack_size;
	uintptr_t tls_base;	 /* FS base: &tcb, or the TCB inside tls_block */
	void *tls_block;	 /* this thread's TLS copy and TCB; NULL: uses tcb */
	struct tls_tcb tcb;	 /* the whole block when the image has no TLS */
	struct thread *run_next; /* run queue / reap list link */
	struct waitq *waitq;	 /* queue this thread is prepared on, or NULL */
	struct thread *wq_next, *wq_prev;
	struct timer_node timer;
	struct waitq exit_wq; /* the joiner waits here */
	union thread_value values[THREAD_NKEYS];
	char name[THREAD_NAME_MAX];
};

extern struct thread *sched_current;
extern struct sched_stats sched_counters;
extern struct timer_heap sched_timers;

/* Append to the run queue and mark RUNNABLE. Events disabled. */
void sched_make_runnable(struct thread *t);
/*
 * Switch away from the current thread, which has already set its state
 * (BLOCKED, EXITED or RUNNABLE-and-queued). Called with events disabled
 * (flags = what plat_irq_save returned); returns, events still disabled,
 * when the thread runs again.
 */
void sched_switch(unsigned long flags);
/* Make sure the timer heap has room for one more thread. */
int sched_reserve_timer_slot(void);
/* Free exited, non-joinable threads. Never called on their stacks. */
void sched_reap(void);
/* Queue an exited non-joinable thread for sched_reap. */
void sched_defer_free(struct thread *t);
/* Release an exited thread's stack and structure (possibly into the
 * cache of reusable threads). */
void sched_free_thread(struct thread *t);
/* Give t its TLS block and TCB and set t->tls_base (no switch to it
 * yet); RX_ENOMEM when memory is short. sched_tls_release undoes it. */
int sched_tls_attach(struct thread *t);
void sched_tls_release(struct thread *t);
/* A released thread with a stack of exactly stack_size, or NULL. */
struct thread *sched_cached_thread(size_t stack_size);
/* Remove t from its waitq and timer queue, if any. Events disabled. */
void sched_waitq_detach(struct thread *t);
/* Wake every thread whose deadline is <= now. Events disabled. */
void sched_expire_timers(uint64_t now);

/* First code of every new thread (called from the assembly trampoline). */
__attribute__((noreturn)) void sched_thread_start(void);

/* core/arch/x86_64/switch.S */
void arch_context_switch(void **save_sp, void *load_sp);
void arch_thread_trampoline(void);

#endif
