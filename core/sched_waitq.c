/*
 * Wait queues and deadlines. A waiting thread sits on one waitq (doubly
 * linked through the thread) and, when it has a deadline, in the timer
 * heap. Whoever ends the wait first (a wake, the deadline, a cancel)
 * detaches it from both, so a wait ends exactly once. All of this runs
 * with events disabled: wakes may come from event handlers.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <core/sched.h>

#include "sched_priv.h"

#define container_of_timer(n)                                                                      \
	((struct thread *)((char *)(n) - __builtin_offsetof(struct thread, timer)))

void waitq_init(struct waitq *q)
{
	q->head = NULL;
	q->tail = NULL;
}

bool waitq_empty(const struct waitq *q) { return q->head == NULL; }

void sched_waitq_detach(struct thread *t)
{
	struct waitq *q = t->waitq;

	if (!q)
		return;
	if (t->wq_prev)
		t->wq_prev->wq_next = t->wq_next;
	else
		q->head = t->wq_next;
	if (t->wq_next)
		t->wq_next->wq_prev = t->wq_prev;
	else
		q->tail = t->wq_prev;
	t->wq_next = t->wq_prev = NULL;
	t->waitq = NULL;
	if (timer_node_queued(&t->timer))
		timer_heap_remove(&sched_timers, &t->timer);
}

void waitq_prepare(struct waitq *q, uint64_t deadline_ns)
{
	struct thread *t = sched_current;
	unsigned long f = plat_irq_save();

	if (t->waitq)
		panic("waitq_prepare: thread %s is already waiting", t->name);
	t->woken = false;
	t->timed_out = false;
	t->waitq = q;
	t->wq_next = NULL;
	t->wq_prev = q->tail;
	if (q->tail)
		q->tail->wq_next = t;
	else
		q->head = t;
	q->tail = t;
	if (deadline_ns) {
		t->timer.deadline_ns = deadline_ns;
		/* Room is reserved per live thread (sched_reserve_timer_slot). */
		if (timer_heap_insert(&sched_timers, &t->timer) < 0)
			panic("waitq_prepare: timer queue full");
	}
	plat_irq_restore(f);
}

int waitq_finish(struct waitq *q)
{
	struct thread *t = sched_current;
	unsigned long f = plat_irq_save();

	if (t->waitq && t->waitq != q)
		panic("waitq_finish: thread %s waits on another queue", t->name);
	if (t->waitq) {
		if (timer_node_queued(&t->timer) && t->timer.deadline_ns <= plat_monotonic_ns()) {
			sched_waitq_detach(t);
			t->timed_out = true;
		} else {
			t->state = THREAD_BLOCKED;
			sched_switch(f);
		}
	}
	int rc = (t->timed_out && !t->woken) ? RX_ETIMEDOUT : 0;
	t->woken = false;
	t->timed_out = false;
	plat_irq_restore(f);
	return rc;
}

void waitq_cancel(struct waitq *q)
{
	struct thread *t = sched_current;
	unsigned long f = plat_irq_save();

	if (t->waitq == q)
		sched_waitq_detach(t);
	t->woken = false;
	t->timed_out = false;
	plat_irq_restore(f);
}

int waitq_wait(struct waitq *q, uint64_t deadline_ns)
{
	waitq_prepare(q, deadline_ns);
	return waitq_finish(q);
}

/* Events disabled. */
static void wake(struct thread *t)
{
	sched_waitq_detach(t);
	t->woken = true;
	if (t->state == THREAD_BLOCKED)
		sched_make_runnable(t);
}

int waitq_wake_one(struct waitq *q)
{
	unsigned long f = plat_irq_save();
	struct thread *t = q->head;

	if (t)
		wake(t);
	plat_irq_restore(f);
	return t ? 1 : 0;
}

int waitq_wake_all(struct waitq *q)
{
	unsigned long f = plat_irq_save();
	int n = 0;

	while (q->head) {
		wake(q->head);
		n++;
	}
	plat_irq_restore(f);
	return n;
}

void sched_expire_timers(uint64_t now)
{
	struct timer_node *n;

	while ((n = timer_heap_min(&sched_timers)) && n->deadline_ns <= now) {
		struct thread *t = container_of_timer(n);
		sched_waitq_detach(t);
		t->timed_out = true;
		if (t->state == THREAD_BLOCKED)
			sched_make_runnable(t);
	}
}

void sched_sleep_until(uint64_t deadline_ns)
{
	struct waitq q = {NULL, NULL};

	if (deadline_ns == 0)
		deadline_ns = 1; /* 0 means "no deadline" to waitq_prepare */
	waitq_prepare(&q, deadline_ns);
	waitq_finish(&q);
}

void sched_sleep_ns(uint64_t ns)
{
	uint64_t now = plat_monotonic_ns();
	uint64_t deadline = now + ns;

	if (deadline < now)
		deadline = UINT64_MAX;
	sched_sleep_until(deadline);
}
