/*
 * The rump CPU protocol: which hypercalls release the CPU, exactly once,
 * with the big-lock count handed back; the cv interlock rules for each
 * mutex flag combination; nowrap calls that never touch the CPU.
 */
#include "suite.h"

#include <core/sched.h>

/* --- a platform thread (no lwp, no CPU) holding a mutex for a while --- */
struct holder {
	struct rumpuser_mtx *m;
	int ms;
	int holding;
};

static void *hold_mutex_thread(void *p)
{
	struct holder *h = p;

	rumpuser_mutex_enter_nowrap(h->m);
	h->holding = 1;
	sched_sleep_ns((uint64_t)h->ms * 1000000);
	h->holding = 0;
	rumpuser_mutex_exit(h->m);
	rumpuser_thread_exit();
}

static void start_holder(struct holder *h, void **cookie)
{
	rumpuser_thread_create(hold_mutex_thread, h, "holder", 1, -1, -1, cookie);
	while (!h->holding)
		thread_yield(); /* keep the CPU: the holder needs none */
}

static void t_mutex_uncontended_no_wrap(struct lwp *self)
{
	struct rumpuser_mtx *m;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_enter(m);
	rumpuser_mutex_exit(m);
	rumpuser_mutex_destroy(m);
	CHECK_EQ(self->unsched_calls, 0);
	CHECK_EQ(self->sched_calls, 0);
}

static void t_nowrap_contended_keeps_cpu(struct lwp *self)
{
	struct holder h = {.ms = 3};
	void *cookie;

	rumpuser_mutex_init(&h.m, RUMPUSER_MTX_KMUTEX);
	start_holder(&h, &cookie);
	rumpuser_mutex_enter_nowrap(h.m); /* waits for the holder */
	CHECK_EQ(h.holding, 0);
	CHECK_EQ(self->unsched_calls, 0);
	CHECK_EQ(self->sched_calls, 0);
	CHECK(fk_cpu_holder() == self);
	rumpuser_mutex_exit(h.m);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	rumpuser_mutex_destroy(h.m);
}

static void t_spin_mutex_enter_never_wraps(struct lwp *self)
{
	struct holder h = {.ms = 3};
	void *cookie;

	rumpuser_mutex_init(&h.m, RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
	start_holder(&h, &cookie);
	rumpuser_mutex_enter(h.m);
	CHECK_EQ(h.holding, 0);
	CHECK_EQ(self->unsched_calls, 0);
	CHECK_EQ(self->sched_calls, 0);
	rumpuser_mutex_exit(h.m);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	rumpuser_mutex_destroy(h.m);
}

/* --- a kernel thread blocking on a held adaptive mutex --- */
struct contended {
	struct rumpuser_mtx *m;
	int unsched, sched, giant_after, had_cpu, owner_ok, got_it;
};

static void contend_fn(struct lwp *l, void *arg)
{
	struct contended *c = arg;
	struct lwp *owner;

	fk_giant_enter(l);
	fk_reset_counts(l);
	rumpuser_mutex_enter(c->m);
	c->got_it = 1;
	c->unsched = l->unsched_calls;
	c->sched = l->sched_calls;
	c->giant_after = l->giant;
	c->had_cpu = fk_cpu_holder() == l;
	rumpuser_mutex_owner(c->m, &owner);
	c->owner_ok = owner == l;
	rumpuser_mutex_exit(c->m);
	fk_giant_exit(l);
}

static void t_mutex_contended_wraps_once(struct lwp *self)
{
	struct contended c = {0};
	void *cookie;

	(void)self;
	rumpuser_mutex_init(&c.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_enter(c.m);
	CHECK_EQ(fk_spawn(contend_fn, &c, "contender", &cookie), 0);
	conf_sleep_ms(2); /* the contender runs and blocks on the mutex */
	CHECK_EQ(c.got_it, 0);
	rumpuser_mutex_exit(c.m);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	CHECK_EQ(c.got_it, 1);
	CHECK_EQ(c.unsched, 1);
	CHECK_EQ(c.sched, 1);
	CHECK_EQ(c.giant_after, 1);
	CHECK(c.had_cpu);
	CHECK(c.owner_ok);
	rumpuser_mutex_destroy(c.m);
}

static void t_mutex_tryenter_and_owner(struct lwp *self)
{
	struct rumpuser_mtx *m;
	struct lwp *owner;
	struct holder h = {.ms = 1};
	void *cookie;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_owner(m, &owner);
	CHECK(owner == NULL);
	CHECK_EQ(rumpuser_mutex_tryenter(m), 0);
	rumpuser_mutex_owner(m, &owner);
	CHECK(owner == self);
	CHECK_EQ(rumpuser_mutex_tryenter(m), 16); /* EBUSY, also for the owner */
	rumpuser_mutex_exit(m);
	rumpuser_mutex_owner(m, &owner);
	CHECK(owner == NULL);
	rumpuser_mutex_enter_nowrap(m);
	rumpuser_mutex_owner(m, &owner);
	CHECK(owner == self);
	rumpuser_mutex_exit(m);
	/* held by a thread without an lwp: busy, and owner reads NULL */
	h.m = m;
	start_holder(&h, &cookie);
	CHECK_EQ(rumpuser_mutex_tryenter(m), 16);
	rumpuser_mutex_owner(m, &owner);
	CHECK(owner == NULL);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	CHECK_EQ(self->unsched_calls, 1); /* the join, nothing else */
	rumpuser_mutex_destroy(m);
}

/* --- cv_wait with an interlock of each flag combination --- */
struct signaller {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int ready;
};

static void signal_fn(struct lwp *l, void *arg)
{
	struct signaller *s = arg;

	(void)l;
	rumpuser_mutex_enter(s->m);
	s->ready = 1;
	rumpuser_cv_signal(s->cv);
	rumpuser_mutex_exit(s->m);
}

static void cv_interlock(struct lwp *self, int flags)
{
	struct signaller s = {0};
	void *cookie;
	int waits = 0;

	rumpuser_mutex_init(&s.m, flags);
	rumpuser_cv_init(&s.cv);
	fk_track_interlock(s.m, flags);
	fk_giant_enter(self);
	fk_giant_enter(self); /* two holds must come back as two */
	rumpuser_mutex_enter(s.m);
	CHECK_EQ(fk_spawn(signal_fn, &s, "signaller", &cookie), 0);
	while (!s.ready) {
		rumpuser_cv_wait(s.cv, s.m);
		waits++;
	}
	CHECK_EQ(waits, 1);
	CHECK_EQ(self->unsched_calls, 1);
	CHECK_EQ(self->sched_calls, 1);
	CHECK(self->last_interlock_unsched == s.m);
	CHECK(self->last_interlock_sched == s.m);
	CHECK_EQ(self->giant, 2);
	CHECK(fk_cpu_holder() == self);
	if (flags == (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX))
		CHECK_EQ(self->interlock_owned_at_sched, 0); /* CPU first */
	if (flags == RUMPUSER_MTX_SPIN)
		CHECK_EQ(self->interlock_owned_at_sched, -1); /* mutex first: held */
	if (flags & RUMPUSER_MTX_KMUTEX) {
		struct lwp *owner;
		rumpuser_mutex_owner(s.m, &owner);
		CHECK(owner == self);
	}
	CHECK_EQ(rumpuser_mutex_tryenter(s.m), 16);
	rumpuser_mutex_exit(s.m);
	fk_giant_exit(self);
	fk_giant_exit(self);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	fk_track_interlock(s.m, 0);
	rumpuser_cv_destroy(s.cv);
	rumpuser_mutex_destroy(s.m);
}

static void t_cv_wait_spin(struct lwp *self) { cv_interlock(self, RUMPUSER_MTX_SPIN); }

static void t_cv_wait_kmutex(struct lwp *self) { cv_interlock(self, RUMPUSER_MTX_KMUTEX); }

static void t_cv_wait_spin_kmutex(struct lwp *self)
{
	cv_interlock(self, RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
}

/* The kernel's soft-interrupt pattern: sleep on the scheduler mutex
 * without holding it; the unschedule upcall takes it for us. */
struct kicker {
	struct rumpuser_cv *cv;
	int kicked;
};

static void kick_fn(struct lwp *l, void *arg)
{
	struct kicker *k = arg;

	(void)l;
	k->kicked = 1;
	rumpuser_cv_signal(k->cv);
}

static void t_cv_wait_scheduler_interlock(struct lwp *self)
{
	struct kicker k = {0};
	void *cookie;

	rumpuser_cv_init(&k.cv);
	CHECK_EQ(fk_spawn(kick_fn, &k, "kicker", &cookie), 0);
	rumpuser_cv_wait(k.cv, fk_sched_mutex());
	CHECK_EQ(k.kicked, 1);
	CHECK(fk_cpu_holder() == self);
	CHECK_EQ(self->unsched_calls, 1);
	CHECK_EQ(self->sched_calls, 1);
	/* neither held on entry nor on exit */
	CHECK_EQ(rumpuser_mutex_tryenter(fk_sched_mutex()), 0);
	rumpuser_mutex_exit(fk_sched_mutex());
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	rumpuser_cv_destroy(k.cv);
}

/* A platform thread signalling a cv under a mutex, no CPU involved. */
struct plain_signal {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int ready;
};

static void *plain_signal_thread(void *p)
{
	struct plain_signal *s = p;

	rumpuser_mutex_enter_nowrap(s->m);
	s->ready = 1;
	rumpuser_cv_broadcast(s->cv);
	rumpuser_mutex_exit(s->m);
	rumpuser_thread_exit();
}

static void t_cv_wait_nowrap_keeps_cpu(struct lwp *self)
{
	struct plain_signal s = {0};
	void *cookie;

	rumpuser_mutex_init(&s.m, RUMPUSER_MTX_SPIN);
	rumpuser_cv_init(&s.cv);
	rumpuser_mutex_enter_nowrap(s.m);
	CHECK_EQ(rumpuser_thread_create(plain_signal_thread, &s, "plain", 1, -1, -1, &cookie), 0);
	while (!s.ready)
		rumpuser_cv_wait_nowrap(s.cv, s.m);
	CHECK_EQ(self->unsched_calls, 0);
	CHECK_EQ(self->sched_calls, 0);
	CHECK(fk_cpu_holder() == self);
	CHECK_EQ(rumpuser_mutex_tryenter(s.m), 16);
	rumpuser_mutex_exit(s.m);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	rumpuser_cv_destroy(s.cv);
	rumpuser_mutex_destroy(s.m);
}

static void t_cv_timedwait_times_out_sub_ms(struct lwp *self)
{
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	struct lwp *owner;
	uint64_t t0, el;
	int rc;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&cv);
	rumpuser_mutex_enter(m);
	t0 = conf_now_ns();
	rc = rumpuser_cv_timedwait(cv, m, 0, 200000); /* 200 us */
	el = conf_now_ns() - t0;
	CHECK_EQ(rc, 60); /* ETIMEDOUT */
	CHECK(el >= 200000);
	CHECK(el < 1000000000);
	CHECK_EQ(self->unsched_calls, 1);
	CHECK_EQ(self->sched_calls, 1);
	rumpuser_mutex_owner(m, &owner);
	CHECK(owner == self);
	CHECK_EQ(rumpuser_cv_timedwait(cv, m, 0, 1), 60); /* 1 ns is still a timeout */
	rumpuser_mutex_exit(m);
	rumpuser_cv_destroy(cv);
	rumpuser_mutex_destroy(m);
}

struct late_signal {
	struct signaller s;
	int ms;
};

static void late_signal_fn(struct lwp *l, void *arg)
{
	struct late_signal *ls = arg;

	conf_sleep_ms(ls->ms);
	signal_fn(l, &ls->s);
}

static void t_cv_timedwait_signalled_before_deadline(struct lwp *self)
{
	struct late_signal ls = {.ms = 2};
	void *cookie;
	uint64_t t0, el;
	int rc = -1;

	(void)self;
	rumpuser_mutex_init(&ls.s.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&ls.s.cv);
	rumpuser_mutex_enter(ls.s.m);
	CHECK_EQ(fk_spawn(late_signal_fn, &ls, "late", &cookie), 0);
	t0 = conf_now_ns();
	while (!ls.s.ready) {
		rc = rumpuser_cv_timedwait(ls.s.cv, ls.s.m, 5, 0);
		CHECK_EQ(rc, 0);
	}
	el = conf_now_ns() - t0;
	CHECK(el >= 2000000);
	CHECK(el < 5000000000ull);
	rumpuser_mutex_exit(ls.s.m);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	rumpuser_cv_destroy(ls.s.cv);
	rumpuser_mutex_destroy(ls.s.m);
}

struct waiter {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int go, waiting, done;
};

static void waiter_fn(struct lwp *l, void *arg)
{
	struct waiter *w = arg;

	(void)l;
	rumpuser_mutex_enter(w->m);
	w->waiting = 1;
	while (!w->go)
		rumpuser_cv_wait(w->cv, w->m);
	rumpuser_mutex_exit(w->m);
	w->done = 1;
}

static void t_cv_has_waiters_exact(struct lwp *self)
{
	struct waiter w = {0};
	void *cookie;
	int n;

	(void)self;
	rumpuser_mutex_init(&w.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&w.cv);
	rumpuser_cv_has_waiters(w.cv, &n);
	CHECK_EQ(n, 0);
	CHECK_EQ(fk_spawn(waiter_fn, &w, "waiter", &cookie), 0);
	conf_sleep_ms(1);
	CHECK_EQ(w.waiting, 1);
	rumpuser_cv_has_waiters(w.cv, &n);
	CHECK_EQ(n, 1);
	rumpuser_mutex_enter(w.m);
	w.go = 1;
	rumpuser_cv_signal(w.cv);
	rumpuser_cv_has_waiters(w.cv, &n);
	CHECK_EQ(n, 1); /* signalled, not yet returned */
	rumpuser_mutex_exit(w.m);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	CHECK_EQ(w.done, 1);
	rumpuser_cv_has_waiters(w.cv, &n);
	CHECK_EQ(n, 0);
	rumpuser_cv_destroy(w.cv);
	rumpuser_mutex_destroy(w.m);
}

/* The joined thread needs the CPU to reach its exit. */
static void mark_fn(struct lwp *l, void *arg)
{
	(void)l;
	*(int *)arg = 1;
}

static void t_thread_join_releases_cpu(struct lwp *self)
{
	void *cookie;
	int ran = 0;

	fk_giant_enter(self);
	CHECK_EQ(fk_spawn(mark_fn, &ran, "joinee", &cookie), 0);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	CHECK_EQ(ran, 1);
	CHECK_EQ(self->unsched_calls, 1);
	CHECK_EQ(self->sched_calls, 1);
	CHECK_EQ(self->giant, 1);
	fk_giant_exit(self);
	CHECK_EQ(rumpuser_thread_join(NULL), 22);
}

static void t_clock_sleep_wraps_and_returns_0(struct lwp *self)
{
	int64_t s;
	long ns;
	uint64_t t0 = conf_now_ns();

	CHECK_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 300000), 0);
	CHECK(conf_now_ns() - t0 >= 300000);
	CHECK_EQ(self->unsched_calls, 1);
	CHECK_EQ(self->sched_calls, 1);
	CHECK_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &s, &ns), 0);
	ns += 500000;
	if (ns >= 1000000000) {
		ns -= 1000000000;
		s++;
	}
	CHECK_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, s, ns), 0);
	CHECK(conf_now_ns() >= (uint64_t)s * 1000000000u + (uint64_t)ns);
	CHECK_EQ(self->unsched_calls, 2);
	CHECK_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, 0, 0), 0); /* already past */
	CHECK_EQ(rumpuser_clock_sleep(7, 0, 1000), 22);
	CHECK_EQ(self->unsched_calls, self->sched_calls);
}

const struct conf_test conf_protocol_tests[] = {
    {"mutex_enter uncontended does not release the CPU", t_mutex_uncontended_no_wrap},
    {"mutex_enter contended releases the CPU once, big lock count kept",
     t_mutex_contended_wraps_once},
    {"mutex_enter_nowrap waits holding the CPU", t_nowrap_contended_keeps_cpu},
    {"mutex_enter on a SPIN mutex never releases the CPU", t_spin_mutex_enter_never_wraps},
    {"mutex tryenter and owner on every acquisition path", t_mutex_tryenter_and_owner},
    {"cv_wait interlock SPIN: mutex before CPU", t_cv_wait_spin},
    {"cv_wait interlock KMUTEX", t_cv_wait_kmutex},
    {"cv_wait interlock SPIN|KMUTEX: CPU before mutex", t_cv_wait_spin_kmutex},
    {"cv_wait on the scheduler mutex not held by the caller", t_cv_wait_scheduler_interlock},
    {"cv_wait_nowrap never releases the CPU", t_cv_wait_nowrap_keeps_cpu},
    {"cv_timedwait times out after 200 us with ETIMEDOUT", t_cv_timedwait_times_out_sub_ms},
    {"cv_timedwait signalled before the deadline returns 0",
     t_cv_timedwait_signalled_before_deadline},
    {"cv_has_waiters counts until the waiter returns", t_cv_has_waiters_exact},
    {"thread_join releases the CPU", t_thread_join_releases_cpu},
    {"clock_sleep relative and absolute wrap once and return 0", t_clock_sleep_wraps_and_returns_0},
    {NULL, NULL},
};
