/*
 * Condition variables.
 *
 * The wrapped wait (cv_wait, cv_timedwait) keeps this order:
 *  1. hyp_backend_unschedule(mtx as interlock) before touching mtx - the
 *     kernel may hand us a scheduler mutex it does not hold, and the
 *     upcall takes it for us;
 *  2. enqueue on the cv, release mtx, block: no yield in between, so a
 *     signal cannot slip past (cooperative scheduler);
 *  3. reacquire: SPIN|KMUTEX -> rump CPU first, then mtx (a spin-mutex
 *     owner never gives up its CPU, so waiting for a CPU while owning
 *     one could deadlock); otherwise mtx first, then the CPU.
 * nwaiters counts threads between entry and return, signalled or not,
 * so cv_has_waiters is exact.
 */
#include "rumpuser_mutex_priv.h"

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>

struct rumpuser_cv {
	struct waitq q;
	int nwaiters;
};

void rumpuser_cv_init(struct rumpuser_cv **cvp)
{
	struct rumpuser_cv *cv = mem_zalloc(sizeof(*cv), 0);

	if (cv == NULL)
		panic("rumpuser_cv_init: out of memory");
	waitq_init(&cv->q);
	*cvp = cv;
}

void rumpuser_cv_destroy(struct rumpuser_cv *cv)
{
	if (cv->nwaiters != 0)
		panic("rumpuser_cv_destroy: cv %p has %d waiters", (void *)cv, cv->nwaiters);
	mem_free(cv);
}

/* Step 2: returns 0 when woken, RX_ETIMEDOUT when the deadline passed. */
static int release_and_block(struct rumpuser_cv *cv, struct rumpuser_mtx *m, uint64_t deadline)
{
	waitq_prepare(&cv->q, deadline);
	rumpuser_mutex_exit(m);
	return waitq_finish(&cv->q);
}

static int wrapped_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *m, uint64_t deadline)
{
	int held, rc;
	const int both = RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX;

	cv->nwaiters++;
	held = rumpuser__unschedule(m);
	rc = release_and_block(cv, m, deadline);
	if ((m->flags & both) == both) {
		rumpuser__reschedule(held, m);
		rumpuser__mutex_wait_nowrap(m);
	} else {
		rumpuser__mutex_wait_nowrap(m);
		rumpuser__reschedule(held, m);
	}
	cv->nwaiters--;
	return rc;
}

void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *m) { wrapped_wait(cv, m, 0); }

/* Caller holds m, maybe no rump CPU; no upcalls. */
void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *m)
{
	cv->nwaiters++;
	release_and_block(cv, m, 0);
	rumpuser__mutex_wait_nowrap(m);
	cv->nwaiters--;
}

/* Relative timeout; the deadline is fixed on entry, before unscheduling,
 * with nanosecond precision (a tiny timeout is still a timeout). */
int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *m, int64_t sec, int64_t nsec)
{
	uint64_t deadline = rumpuser__deadline_after(sec, nsec);

	return wrapped_wait(cv, m, deadline) == RX_ETIMEDOUT ? NB_ETIMEDOUT : 0;
}

void rumpuser_cv_signal(struct rumpuser_cv *cv) { waitq_wake_one(&cv->q); }

void rumpuser_cv_broadcast(struct rumpuser_cv *cv) { waitq_wake_all(&cv->q); }

void rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *nwaitersp) { *nwaitersp = cv->nwaiters; }
