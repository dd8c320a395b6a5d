/*
 * Cooperative, non-preemptive threads on one CPU.
 *
 * A thread runs until it blocks, yields, sleeps or exits; nothing else
 * switches threads. Event handlers (irq context) may only call
 * waitq_wake_one/all; everything else is thread context. Blocking with
 * events disabled (inside plat_irq_save) is a bug: the idle path restores
 * the caller's event state to let handlers run.
 *
 * Waiting without losing a wakeup: a condition that an event handler can
 * change must be re-checked between waitq_prepare and waitq_finish:
 *
 *	for (;;) {
 *		waitq_prepare(&q, deadline);
 *		if (condition) { waitq_cancel(&q); break; }
 *		if (waitq_finish(&q) == RX_ETIMEDOUT) ...;
 *	}
 *
 * A wake between prepare and finish makes finish return at once.
 */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct thread;

/* Flags for thread_create. */
#define THREAD_JOINABLE 0x1u

#define THREAD_STACK_DEFAULT (64u * 1024u)
#define THREAD_NAME_MAX 32
/*
 * Per-thread values for the layers above, by key. A layer takes its keys
 * once (at start-up, or on first use: threads are cooperative, so no two
 * callers race) and uses them in every thread; each thread's value starts
 * out NULL. Keys are few: take them per layer, never per object.
 */
#define THREAD_NKEYS 4
typedef int thread_key_t;

/* Set up the scheduler; the calling context becomes the "boot" thread. */
void sched_init(void);

/*
 * Create a runnable thread running entry(arg). The name is copied.
 * stack_size 0 means THREAD_STACK_DEFAULT. Returns 0 and stores the
 * thread in *out (out may be NULL for non-joinable threads), or an
 * rx_error (RX_ENOMEM when memory is short; nothing is leaked).
 */
int thread_create(struct thread **out, const char *name, void (*entry)(void *), void *arg,
		  size_t stack_size, unsigned flags);

/* Exit the calling thread (returning from entry does the same). */
__attribute__((noreturn)) void thread_exit(void);

/* Wait for a joinable thread to exit and release it. RX_EINVAL if the
 * thread is not joinable, is the caller, or another join has claimed it.
 * The handle is invalid after a successful join. */
int thread_join(struct thread *t);

void thread_yield(void);
struct thread *thread_self(void);
const char *thread_name(const struct thread *t);

/* Take a free key: 0, or RX_ENOSPC when all THREAD_NKEYS are taken. */
int thread_key_create(thread_key_t *key);
/* The calling thread's value for key. A key that was never created is a
 * bug and panics. */
void *thread_key_get(thread_key_t key);
void thread_key_set(thread_key_t key, void *value);
/* Address of the calling thread's value: 8 bytes, aligned for any
 * scalar, for per-thread variables that must be lvalues (errno). */
void *thread_key_addr(thread_key_t key);

/* FS base of the calling thread, restored on every switch to it. */
void thread_set_tls_base(uintptr_t base);

/* Sleep until monotonic time reaches deadline_ns (plat_monotonic_ns). */
void sched_sleep_until(uint64_t deadline_ns);
void sched_sleep_ns(uint64_t ns);

/* Counters for benchmarks and tests. */
struct sched_stats {
	uint64_t switches;
	uint64_t threads_created;
	uint64_t threads_live;
	uint64_t idle_blocks;
};
void sched_get_stats(struct sched_stats *out);

/* A queue of blocked threads. Zero-initialised is valid. */
struct waitq {
	struct thread *head;
	struct thread *tail;
};

void waitq_init(struct waitq *q);
/* Enqueue the current thread; deadline_ns 0 = none. */
void waitq_prepare(struct waitq *q, uint64_t deadline_ns);
/* Block unless already woken; dequeue. 0 if woken, RX_ETIMEDOUT. */
int waitq_finish(struct waitq *q);
/* Dequeue without blocking (condition already true). */
void waitq_cancel(struct waitq *q);
/* prepare + finish, for conditions no event handler changes. */
int waitq_wait(struct waitq *q, uint64_t deadline_ns);
/* Make waiters runnable; return how many were woken. irq-safe. */
int waitq_wake_one(struct waitq *q);
int waitq_wake_all(struct waitq *q);
bool waitq_empty(const struct waitq *q);

#endif
