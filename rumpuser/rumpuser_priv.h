/*
 * Shared state and helpers of the rumpuser layer (not for the kernel or
 * applications).
 *
 * The rump CPU rule, kept by every file here: a hypercall that may wait
 * brackets the wait itself - never the fast path, never kernel work -
 * with rumpuser__unschedule()/rumpuser__reschedule(), exactly once, and
 * passes the big-lock count back unchanged. *_nowrap paths and
 * non-blocking hypercalls never call an upcall. No private lock is held
 * across an upcall (upcalls re-enter our mutex and condvar code).
 */
#ifndef RUMPUSER_INT_H
#define RUMPUSER_INT_H

#include "rumpuser.h"

/* NetBSD errno numbers (the kernel's numbering, whatever the host's). */
enum {
	NB_EPERM = 1,
	NB_ENOENT = 2,
	NB_EIO = 5,
	NB_ENXIO = 6,
	NB_E2BIG = 7,
	NB_EBADF = 9,
	NB_ENOMEM = 12,
	NB_EACCES = 13,
	NB_EBUSY = 16,
	NB_EEXIST = 17,
	NB_ENODEV = 19,
	NB_EINVAL = 22,
	NB_EMFILE = 24,
	NB_ENOSPC = 28,
	NB_EROFS = 30,
	NB_ERANGE = 34,
	NB_EAGAIN = 35,
	NB_ETIMEDOUT = 60,
	NB_ENOSYS = 78,
	NB_EPROTO = 96,
};

/* The kernel's upcall table; NULL before rumpuser_init succeeded. */
extern const struct rumpuser_hyperup *rumpuser__hyp;

/*
 * Release the caller's rump CPU before a wait; returns the big-lock
 * holds to give back. Without an upcall table (platform code using the
 * primitives before or without a kernel) there is nothing to release.
 */
static inline int rumpuser__unschedule(void *interlock)
{
	int held = 0;

	if (rumpuser__hyp != NULL)
		rumpuser__hyp->hyp_backend_unschedule(0, &held, interlock);
	return held;
}

static inline void rumpuser__reschedule(int held, void *interlock)
{
	if (rumpuser__hyp != NULL)
		rumpuser__hyp->hyp_backend_schedule(held, interlock);
}

/* Leave the calling thread bound to no lwp (threads.c); for threads of
 * this layer that start outside rumpuser_thread_create. */
void rumpuser__lwp_unbind(void);

/* rx_error (0 or negative) -> NetBSD errno (0 or positive); errors.c. */
int rumpuser__errno_from_rx(int rx_err);
/* The same for block transfers (rumpuser_bio, iovread/iovwrite): a
 * request outside the device is EINVAL there. */
int rumpuser__bio_errno_from_rx(int rx_err);

/* Absolute monotonic deadline for a relative time, saturating; never 0. */
uint64_t rumpuser__deadline_after(int64_t sec, int64_t nsec);

/* Whether a device / network backend is registered (bio.c, virtif.c). */
int rumpuser__dev_present(void);
int rumpuser__net_present(void);
/* The network backend (NULL when none) and its context; netdev.c. */
struct rumpuser_netdev_ops;
const struct rumpuser_netdev_ops *rumpuser__net_get(void **ctx);
/* Count interfaces using the backend (it cannot be replaced meanwhile). */
void rumpuser__net_hold(int delta);

/* Random sources (random.c); forcing one exists for tests. */
enum rumpuser__random_source {
	RUMPUSER_RANDOM_RDSEED = 0,
	RUMPUSER_RANDOM_RDRAND = 1,
	RUMPUSER_RANDOM_CHACHA20 = 2,
};
int rumpuser__random_source(void);
/* 0, or ENXIO when the CPU lacks that source. */
int rumpuser__random_force_source(int src);

#endif
