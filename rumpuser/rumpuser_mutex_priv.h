/* The mutex object, shared by mutex.c and condvar.c. */
#ifndef RUMPUSER_MUTEX_PRIV_H
#define RUMPUSER_MUTEX_PRIV_H

#include "rumpuser_priv.h"

#include <core/sched.h>

struct rumpuser_mtx {
	int flags;	       /* RUMPUSER_MTX_* */
	struct thread *owner;  /* NULL when free */
	struct lwp *owner_lwp; /* curlwp of the owner when it took the mutex */
	struct waitq q;	       /* threads waiting for it */
};

/* Block until the mutex is free and take it; no upcalls. */
void rumpuser__mutex_wait_nowrap(struct rumpuser_mtx *m);

#endif
