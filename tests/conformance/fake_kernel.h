/*
 * A stand-in for the rump kernel's side of the hypercall protocol: an
 * upcall table that records and checks every call, one virtual CPU
 * allocated the way the kernel's scheduler does it (on our own
 * *_nowrap mutex and condvar, so upcalls re-enter the hypercall layer),
 * and a big lock on a SPIN mutex with a per-lwp hold count.
 *
 * Protocol violations (an unschedule without holding the CPU, a
 * schedule with a different hold count, an interlock in the wrong state
 * for its mutex flags...) are counted; tests assert the count stays 0.
 */
#ifndef CONFORMANCE_FAKE_KERNEL_H
#define CONFORMANCE_FAKE_KERNEL_H

#include "rumpuser.h"

/* The kernel's lwp, as far as this stand-in needs one. */
struct lwp {
	int id;
	int temporary;	   /* created by hyp_schedule, freed at hyp_unschedule */
	int giant;	   /* big-lock holds */
	int unsched_calls; /* hyp_backend_unschedule seen for this lwp */
	int sched_calls;   /* hyp_backend_schedule seen for this lwp */
	int held_out;	   /* hold count reported by the last unschedule */
	void *last_interlock_unsched;
	void *last_interlock_sched;
	int interlock_owned_at_sched; /* 1 owned by us, 0 not, -1 unknown */
};

/* Set up the fake kernel and call rumpuser_init(17, table). 0 or errno. */
int fk_init(void);
const struct rumpuser_hyperup *fk_table(void);

/* Make the calling host thread a kernel thread: bind a fresh lwp
 * (CREATE + SET) and take the CPU; and the reverse. */
struct lwp *fk_enter_kernel(void);
void fk_leave_kernel(struct lwp *l);

/* The lwp holding the CPU (NULL when free). */
struct lwp *fk_cpu_holder(void);

/* Big lock, as the kernel takes and drops it. */
void fk_giant_enter(struct lwp *l);
void fk_giant_exit(struct lwp *l);

/* Mutex flags of an interlock the checks should know about. */
void fk_track_interlock(struct rumpuser_mtx *m, int flags);

/* The scheduler mutex (SPIN only) a kernel may pass as cv interlock
 * without holding it. */
struct rumpuser_mtx *fk_sched_mutex(void);

/* Violations since the last reset, and the first one's description. */
void fk_reset_violations(void);
int fk_violations(void);
const char *fk_first_violation(void);

void fk_reset_counts(struct lwp *l);

/* Spawn a joinable kernel thread running fn(arg) between
 * fk_enter_kernel/fk_leave_kernel; records whether it started with
 * curlwp == NULL. Returns rumpuser_thread_create's result. */
int fk_spawn(void (*fn)(struct lwp *l, void *arg), void *arg, const char *name, void **cookie);
/* Threads spawned that did not start with curlwp == NULL. */
int fk_bad_starts(void);

#endif
