/*
 * Mutexes for a cooperative scheduler: no atomics, a wait queue, and a
 * re-check of the owner after every wake-up (a woken thread may find the
 * mutex taken again).
 *
 * Invariants: owner is the host thread holding the mutex (NULL = free);
 * owner_lwp is curlwp at acquisition time, recorded on every path
 * (enter, nowrap, tryenter, reacquisition in cv_wait) and cleared on
 * release. Not recursive: the owner entering again is a kernel bug and
 * halts. Ownership is by host thread, never by lwp (lwp may be NULL).
 * SPIN mutexes never give up the rump CPU, whichever entry point is used.
 */
#include "rumpuser_mutex_priv.h"

#include <core/log.h>
#include <core/mem.h>

void rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags)
{
	struct rumpuser_mtx *m = mem_zalloc(sizeof(*m), 0);

	if (m == NULL)
		panic("rumpuser_mutex_init: out of memory");
	if ((flags & ~(RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX)) != 0 ||
	    (flags & (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX)) == 0)
		panic("rumpuser_mutex_init: bad flags %#x", flags);
	m->flags = flags;
	waitq_init(&m->q);
	*mtxp = m;
}

static void take(struct rumpuser_mtx *m)
{
	m->owner = thread_self();
	m->owner_lwp = rumpuser_curlwp();
}

static void check_not_mine(struct rumpuser_mtx *m, const char *what)
{
	if (m->owner == thread_self())
		panic("%s: mutex %p already owned by this thread (%s)", what, (void *)m,
		      thread_name(m->owner));
}

/* Wait for the mutex without touching the rump CPU. */
void rumpuser__mutex_wait_nowrap(struct rumpuser_mtx *m)
{
	while (m->owner != NULL)
		waitq_wait(&m->q, 0);
	take(m);
}

void rumpuser_mutex_enter(struct rumpuser_mtx *m)
{
	int held;

	check_not_mine(m, "rumpuser_mutex_enter");
	if (m->owner == NULL) {
		take(m);
		return;
	}
	if (m->flags & RUMPUSER_MTX_SPIN) {
		rumpuser__mutex_wait_nowrap(m);
		return;
	}
	held = rumpuser__unschedule(NULL);
	rumpuser__mutex_wait_nowrap(m); /* own it before asking for the CPU back */
	rumpuser__reschedule(held, NULL);
}

void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *m)
{
	check_not_mine(m, "rumpuser_mutex_enter_nowrap");
	rumpuser__mutex_wait_nowrap(m);
}

/* EBUSY when taken, by anyone including the caller. */
int rumpuser_mutex_tryenter(struct rumpuser_mtx *m)
{
	if (m->owner != NULL)
		return NB_EBUSY;
	take(m);
	return 0;
}

void rumpuser_mutex_exit(struct rumpuser_mtx *m)
{
	if (m->owner != thread_self())
		panic("rumpuser_mutex_exit: mutex %p not owned by this thread (%s)", (void *)m,
		      thread_name(thread_self()));
	m->owner = NULL;
	m->owner_lwp = NULL;
	waitq_wake_one(&m->q);
}

void rumpuser_mutex_destroy(struct rumpuser_mtx *m)
{
	if (m->owner != NULL || !waitq_empty(&m->q))
		panic("rumpuser_mutex_destroy: mutex %p still in use", (void *)m);
	mem_free(m);
}

/* Only meaningful for KMUTEX mutexes (the kernel's mutex_owned()). */
void rumpuser_mutex_owner(struct rumpuser_mtx *m, struct lwp **ownerp)
{
	if (!(m->flags & RUMPUSER_MTX_KMUTEX))
		panic("rumpuser_mutex_owner: mutex %p is not a KMUTEX", (void *)m);
	*ownerp = m->owner != NULL ? m->owner_lwp : NULL;
}
