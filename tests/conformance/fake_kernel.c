/*
 * The fake kernel (see fake_kernel.h). Context rules mirror the real
 * kernel: the CPU is taken and given with *_nowrap primitives only, the
 * big lock is a SPIN mutex that backend_unschedule drops and
 * backend_schedule takes back after the CPU (backing off the CPU when
 * the try fails), and unschedule kicks a "soft interrupt" condvar.
 */
#include "fake_kernel.h"

#include <core/log.h>
#include <core/mem.h>

#define MAX_TRACKED 16

static struct {
	struct rumpuser_mtx *mtx; /* the scheduler mutex (SPIN) */
	struct rumpuser_cv *cv;
	struct lwp *holder;
	int waiters;
} cpu;

static struct rumpuser_mtx *giant;
static struct rumpuser_cv *softint_cv;
static int next_lwp_id = 1;
static int violations, bad_starts;
static char first_violation[160];
static struct {
	struct rumpuser_mtx *m;
	int flags;
} tracked[MAX_TRACKED];

__attribute__((format(printf, 1, 2))) static void violation(const char *fmt, ...)
{
	va_list ap;

	if (violations++ == 0) { /* keep the first since the last reset */
		va_start(ap, fmt);
		fmt_vsnprintf(first_violation, sizeof(first_violation), fmt, ap);
		va_end(ap);
	}
}

void fk_reset_violations(void) { violations = 0; }

int fk_violations(void) { return violations; }

const char *fk_first_violation(void) { return violations != 0 ? first_violation : "none"; }

int fk_bad_starts(void) { return bad_starts; }

struct rumpuser_mtx *fk_sched_mutex(void) { return cpu.mtx; }

struct lwp *fk_cpu_holder(void) { return cpu.holder; }

void fk_track_interlock(struct rumpuser_mtx *m, int flags)
{
	for (int i = 0; i < MAX_TRACKED; i++) {
		if (tracked[i].m == NULL || tracked[i].m == m) {
			tracked[i].m = m;
			tracked[i].flags = flags;
			return;
		}
	}
	violation("fake kernel: too many tracked interlocks");
}

static int tracked_flags(void *m)
{
	for (int i = 0; i < MAX_TRACKED; i++)
		if (tracked[i].m == m)
			return tracked[i].flags;
	return 0;
}

void fk_reset_counts(struct lwp *l)
{
	l->unsched_calls = l->sched_calls = 0;
	l->held_out = 0;
	l->last_interlock_unsched = l->last_interlock_sched = NULL;
	l->interlock_owned_at_sched = -1;
}

static struct lwp *new_lwp(int temporary)
{
	void *p;

	if (rumpuser_malloc(sizeof(struct lwp), 0, &p) != 0)
		panic("fake kernel: no memory for an lwp");
	struct lwp *l = p;
	*l = (struct lwp){.id = next_lwp_id++, .temporary = temporary};
	fk_reset_counts(l);
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
	return l;
}

static void free_lwp(struct lwp *l)
{
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	rumpuser_free(l, sizeof(*l));
}

/* CPU allocation with the scheduler mutex held (the kernel's way). */
static void cpu_acquire_locked(struct lwp *l)
{
	while (cpu.holder != NULL) {
		cpu.waiters++;
		rumpuser_cv_wait_nowrap(cpu.cv, cpu.mtx);
		cpu.waiters--;
	}
	cpu.holder = l;
}

static void cpu_release_locked(struct lwp *l)
{
	if (cpu.holder != l)
		violation("lwp %d released a CPU held by lwp %d", l->id,
			  cpu.holder != NULL ? cpu.holder->id : 0);
	cpu.holder = NULL;
	if (cpu.waiters > 0)
		rumpuser_cv_signal(cpu.cv);
}

static void cpu_acquire(struct lwp *l)
{
	rumpuser_mutex_enter_nowrap(cpu.mtx);
	cpu_acquire_locked(l);
	rumpuser_mutex_exit(cpu.mtx);
}

static void cpu_release(struct lwp *l)
{
	rumpuser_mutex_enter_nowrap(cpu.mtx);
	cpu_release_locked(l);
	rumpuser_mutex_exit(cpu.mtx);
}

void fk_giant_enter(struct lwp *l)
{
	if (l->giant++ == 0)
		rumpuser_mutex_enter_nowrap(giant);
}

void fk_giant_exit(struct lwp *l)
{
	if (l->giant <= 0) {
		violation("lwp %d released a big lock it does not hold", l->id);
		return;
	}
	if (--l->giant == 0)
		rumpuser_mutex_exit(giant);
}

/* Is a tracked interlock held by the caller? 1 yes, 0 no, -1 unknown. */
static int interlock_owned(struct rumpuser_mtx *m, int flags, struct lwp *l)
{
	struct lwp *owner;

	if (flags & RUMPUSER_MTX_KMUTEX) {
		rumpuser_mutex_owner(m, &owner);
		return owner == l;
	}
	if (rumpuser_mutex_tryenter(m) == 0) {
		rumpuser_mutex_exit(m);
		return 0;
	}
	return -1; /* held, by us or someone else */
}

static void up_backend_unschedule(int nlocks, int *held, void *interlock)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL) {
		violation("backend_unschedule without curlwp");
		*held = 0;
		return;
	}
	l->unsched_calls++;
	l->last_interlock_unsched = interlock;
	if (nlocks != 0)
		violation("backend_unschedule asked to drop %d holds, not all (0)", nlocks);
	if (cpu.holder != l)
		violation("lwp %d unscheduled without holding the CPU", l->id);
	int flags = tracked_flags(interlock);
	if (flags != 0 && interlock_owned(interlock, flags, l) == 0)
		violation("interlock released before backend_unschedule");

	*held = l->giant;
	l->held_out = l->giant;
	if (l->giant > 0) {
		l->giant = 0;
		rumpuser_mutex_exit(giant);
	}
	rumpuser_cv_signal(softint_cv); /* kick soft interrupts: re-enters us */
	if (interlock == cpu.mtx) {
		/* the caller sleeps on the scheduler lock it does not hold:
		 * take it for the caller and give the CPU up under it */
		rumpuser_mutex_enter_nowrap(cpu.mtx);
		cpu_release_locked(l);
		return;
	}
	cpu_release(l);
}

static void up_backend_schedule(int nlocks, void *interlock)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL) {
		violation("backend_schedule without curlwp");
		return;
	}
	l->sched_calls++;
	l->last_interlock_sched = interlock;
	if (cpu.holder == l)
		violation("lwp %d scheduled while already holding the CPU", l->id);
	if (nlocks != l->held_out)
		violation("lwp %d: %d holds dropped, %d given back", l->id, l->held_out, nlocks);

	int flags = tracked_flags(interlock);
	if (flags != 0) {
		int owned = interlock_owned(interlock, flags, l);
		l->interlock_owned_at_sched = owned;
		if (flags == (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX) && owned == 1)
			violation("SPIN|KMUTEX interlock taken before the CPU");
		if (flags == RUMPUSER_MTX_SPIN && owned == 0)
			violation("SPIN interlock not taken before the CPU");
	}
	if (interlock == cpu.mtx) {
		/* mutex-first order: we hold the scheduler lock; drop it here */
		cpu_acquire_locked(l);
		rumpuser_mutex_exit(cpu.mtx);
	} else {
		cpu_acquire(l);
	}
	if (nlocks > 0) {
		if (rumpuser_mutex_tryenter(giant) != 0) {
			/* never wait for the big lock holding a CPU */
			cpu_release(l);
			rumpuser_mutex_enter_nowrap(giant);
			cpu_acquire(l);
		}
		l->giant = nlocks;
	}
}

static void up_schedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL) {
		l = new_lwp(1);
		rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	}
	cpu_acquire(l);
}

static void up_unschedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL) {
		violation("hyp_unschedule without curlwp");
		return;
	}
	if (l->giant != 0)
		violation("hyp_unschedule holding the big lock");
	rumpuser_cv_signal(softint_cv);
	cpu_release(l);
	if (l->temporary) {
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		free_lwp(l);
	}
}

static int up_newlwp(rumpuser_pid_t pid)
{
	struct lwp *old = rumpuser_curlwp(), *l;

	if (pid != 0)
		return 3; /* ESRCH: only proc0 exists here */
	if (old == NULL || cpu.holder != old) {
		violation("newlwp without a CPU");
		return 22;
	}
	l = new_lwp(0);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, old);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	cpu.holder = l;
	if (old->temporary)
		free_lwp(old);
	return 0;
}

static struct lwp *up_curlwp(void) { return rumpuser_curlwp(); }

static void up_unused_void(void) { violation("an upcall this platform must not use was called"); }

static void up_switch(struct lwp *l)
{
	(void)l;
	up_unused_void();
}

static int up_rfork(void *cookie, int fdflags, const char *comm)
{
	(void)cookie;
	(void)fdflags;
	(void)comm;
	return 6; /* ENXIO: no system call proxy */
}

static int up_syscall(int num, void *args, long *retval)
{
	(void)num;
	(void)args;
	(void)retval;
	return 6;
}

static void up_execnotify(const char *comm)
{
	(void)comm;
	up_unused_void();
}

static rumpuser_pid_t up_getpid(void) { return 6; }

static const struct rumpuser_hyperup table = {
    .hyp_schedule = up_schedule,
    .hyp_unschedule = up_unschedule,
    .hyp_backend_unschedule = up_backend_unschedule,
    .hyp_backend_schedule = up_backend_schedule,
    .hyp_lwproc_switch = up_switch,
    .hyp_lwproc_release = up_unused_void,
    .hyp_lwproc_rfork = up_rfork,
    .hyp_lwproc_newlwp = up_newlwp,
    .hyp_lwproc_curlwp = up_curlwp,
    .hyp_syscall = up_syscall,
    .hyp_lwpexit = up_unused_void,
    .hyp_execnotify = up_execnotify,
    .hyp_getpid = up_getpid,
};

const struct rumpuser_hyperup *fk_table(void) { return &table; }

int fk_init(void)
{
	rumpuser_mutex_init(&cpu.mtx, RUMPUSER_MTX_SPIN);
	rumpuser_cv_init(&cpu.cv);
	rumpuser_mutex_init(&giant, RUMPUSER_MTX_SPIN);
	rumpuser_cv_init(&softint_cv);
	return rumpuser_init(RUMPUSER_VERSION, &table);
}

struct lwp *fk_enter_kernel(void)
{
	struct lwp *l = new_lwp(0);

	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	cpu_acquire(l);
	return l;
}

void fk_leave_kernel(struct lwp *l)
{
	if (l->giant != 0)
		violation("lwp %d left the kernel holding the big lock", l->id);
	cpu_release(l);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	free_lwp(l);
}

struct spawn {
	void (*fn)(struct lwp *l, void *arg);
	void *arg;
};

static void *bouncer(void *p)
{
	struct spawn st = *(struct spawn *)p;
	struct lwp *l;

	rumpuser_free(p, sizeof(struct spawn));
	if (rumpuser_curlwp() != NULL)
		bad_starts++;
	l = fk_enter_kernel();
	st.fn(l, st.arg);
	fk_leave_kernel(l);
	rumpuser_thread_exit();
}

int fk_spawn(void (*fn)(struct lwp *l, void *arg), void *arg, const char *name, void **cookie)
{
	void *p;
	int err;

	if ((err = rumpuser_malloc(sizeof(struct spawn), 0, &p)) != 0)
		return err;
	*(struct spawn *)p = (struct spawn){fn, arg};
	err = rumpuser_thread_create(bouncer, p, name, 1, -1, -1, cookie);
	if (err != 0)
		rumpuser_free(p, sizeof(struct spawn));
	return err;
}
