/*
 * Reader/writer locks.
 *
 * Invariants: writer != NULL excludes readers > 0 (no writer gets in
 * while any reader holds the lock, and the reverse); readers counts
 * shared holds without naming them. Waiting writers are preferred: while
 * writers_waiting > 0, new readers queue, so a steady stream of readers
 * cannot starve a writer. Exit wakes one writer when the lock became
 * free and a writer waits, else all readers. Every waiter re-checks the
 * condition after waking.
 */
#include "rumpuser_priv.h"

#include <core/log.h>
#include <core/mem.h>
#include <core/sched.h>

#include <stdbool.h>

struct rumpuser_rw {
	struct thread *writer;
	struct lwp *writer_lwp;
	int readers;
	int writers_waiting;
	struct waitq readq;
	struct waitq writeq;
};

void rumpuser_rw_init(struct rumpuser_rw **rwp)
{
	struct rumpuser_rw *rw = mem_zalloc(sizeof(*rw), 0);

	if (rw == NULL)
		panic("rumpuser_rw_init: out of memory");
	waitq_init(&rw->readq);
	waitq_init(&rw->writeq);
	*rwp = rw;
}

static bool can_read(const struct rumpuser_rw *rw)
{
	return rw->writer == NULL && rw->writers_waiting == 0;
}

static bool can_write(const struct rumpuser_rw *rw)
{
	return rw->writer == NULL && rw->readers == 0;
}

static void take_write(struct rumpuser_rw *rw)
{
	rw->writer = thread_self();
	rw->writer_lwp = rumpuser_curlwp();
}

static void check_type(int lktype, const char *what)
{
	if (lktype != RUMPUSER_RW_READER && lktype != RUMPUSER_RW_WRITER)
		panic("%s: bad lock type %d", what, lktype);
}

int rumpuser_rw_tryenter(int lktype, struct rumpuser_rw *rw)
{
	check_type(lktype, "rumpuser_rw_tryenter");
	if (lktype == RUMPUSER_RW_READER) {
		if (!can_read(rw))
			return NB_EBUSY;
		rw->readers++;
		return 0;
	}
	if (!can_write(rw))
		return NB_EBUSY;
	take_write(rw);
	return 0;
}

/* Blocks only when contended, and then without the rump CPU. */
void rumpuser_rw_enter(int lktype, struct rumpuser_rw *rw)
{
	int held;

	if (rumpuser_rw_tryenter(lktype, rw) == 0)
		return;
	if (rw->writer == thread_self())
		panic("rumpuser_rw_enter: thread %s already holds rwlock %p for writing",
		      thread_name(rw->writer), (void *)rw);
	held = rumpuser__unschedule(NULL);
	if (lktype == RUMPUSER_RW_READER) {
		while (!can_read(rw))
			waitq_wait(&rw->readq, 0);
		rw->readers++;
	} else {
		rw->writers_waiting++;
		while (!can_write(rw))
			waitq_wait(&rw->writeq, 0);
		rw->writers_waiting--;
		take_write(rw);
	}
	rumpuser__reschedule(held, NULL);
}

/* Only reader: become the writer. Never waits. */
int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw)
{
	if (rw->readers == 0 || rw->writer != NULL)
		panic("rumpuser_rw_tryupgrade: rwlock %p not read-held", (void *)rw);
	if (rw->readers != 1)
		return NB_EBUSY;
	rw->readers = 0;
	take_write(rw);
	return 0;
}

/* Writer becomes one reader with no gap a writer could use. */
void rumpuser_rw_downgrade(struct rumpuser_rw *rw)
{
	if (rw->writer != thread_self())
		panic("rumpuser_rw_downgrade: rwlock %p not write-held by this thread", (void *)rw);
	rw->writer = NULL;
	rw->writer_lwp = NULL;
	rw->readers = 1;
	if (rw->writers_waiting == 0)
		waitq_wake_all(&rw->readq);
}

void rumpuser_rw_exit(struct rumpuser_rw *rw)
{
	if (rw->writer != NULL) {
		if (rw->writer != thread_self())
			panic("rumpuser_rw_exit: rwlock %p write-held by another thread",
			      (void *)rw);
		rw->writer = NULL;
		rw->writer_lwp = NULL;
	} else if (rw->readers > 0) {
		rw->readers--;
	} else {
		panic("rumpuser_rw_exit: rwlock %p not held", (void *)rw);
	}
	if (rw->writers_waiting > 0) {
		if (rw->readers == 0)
			waitq_wake_one(&rw->writeq);
	} else {
		waitq_wake_all(&rw->readq);
	}
}

void rumpuser_rw_destroy(struct rumpuser_rw *rw)
{
	if (rw->writer != NULL || rw->readers != 0 || rw->writers_waiting != 0 ||
	    !waitq_empty(&rw->readq))
		panic("rumpuser_rw_destroy: rwlock %p still in use", (void *)rw);
	mem_free(rw);
}

/* WRITER: held exclusively by the caller. READER: held shared by anyone. */
void rumpuser_rw_held(int lktype, struct rumpuser_rw *rw, int *heldp)
{
	check_type(lktype, "rumpuser_rw_held");
	if (lktype == RUMPUSER_RW_WRITER)
		*heldp = rw->writer != NULL && rw->writer == thread_self() &&
			 rw->writer_lwp == rumpuser_curlwp();
	else
		*heldp = rw->readers > 0;
}
