/*
 * Host threads for the kernel and the host-thread -> lwp binding.
 *
 * Per-thread state lives in two core thread keys of this layer: the
 * bound lwp (NULL when none) and the errno. Every thread
 * started here clears both before running kernel code, whatever the
 * core did, so a fresh thread always sees curlwp == NULL.
 */
#include "rumpuser_priv.h"
#include "rumpuser_plat.h"

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/sched.h>

#include <stdint.h>

static thread_key_t lwp_key = -1, errno_key = -1;

/* Taken on first use: the first hypercall may come before rumpuser_init
 * (e.g. curlwp from the kernel's early start-up). */
static void keys_init(void)
{
	if (lwp_key >= 0)
		return;
	if (thread_key_create(&lwp_key) || thread_key_create(&errno_key))
		panic("rumpuser: no thread keys left for curlwp and errno");
}

static struct lwp *bound_lwp(void)
{
	keys_init();
	return thread_key_get(lwp_key);
}

static void bind_lwp(struct lwp *l)
{
	keys_init();
	thread_key_set(lwp_key, l);
}

void rumpuser__lwp_unbind(void) { bind_lwp(NULL); }

struct thread_start {
	void *(*func)(void *);
	void *arg;
};

static void thread_trampoline(void *p)
{
	struct thread_start st = *(struct thread_start *)p;

	mem_free(p);
	bind_lwp(NULL);
	rumpuser_seterrno(0);
	st.func(st.arg);
	thread_exit();
}

/*
 * Never blocks. The name is copied by the core; the joinable flag is
 * fixed at creation, before the new thread can run (it only runs when
 * the caller next yields).
 */
int rumpuser_thread_create(void *(*func)(void *), void *arg, const char *name, int mustjoin,
			   int priority, int cpuidx, void **joincookiep)
{
	struct thread_start *st;
	struct thread *t;
	int err;

	(void)priority; /* round-robin scheduler: hints only */
	(void)cpuidx;
	if (func == NULL || (mustjoin && joincookiep == NULL))
		return NB_EINVAL;
	st = mem_alloc(sizeof(*st), 0);
	if (st == NULL)
		return NB_ENOMEM;
	st->func = func;
	st->arg = arg;
	err = thread_create(&t, name != NULL ? name : "rump", thread_trampoline, st, 0,
			    mustjoin ? THREAD_JOINABLE : 0);
	if (err != 0) {
		mem_free(st);
		return err == RX_ENOMEM ? NB_EAGAIN : rumpuser__errno_from_rx(err);
	}
	if (mustjoin)
		*joincookiep = t;
	return 0;
}

/* Called without a rump CPU and without an lwp; the core reclaims the
 * stack after the switch away. */
void rumpuser_thread_exit(void) { thread_exit(); }

/* The exiting thread may need the rump CPU to get to its exit: wrap. */
int rumpuser_thread_join(void *joincookie)
{
	int held, err;

	if (joincookie == NULL)
		return NB_EINVAL;
	held = rumpuser__unschedule(NULL);
	err = thread_join(joincookie);
	rumpuser__reschedule(held, NULL);
	return rumpuser__errno_from_rx(err);
}

/* The hot path of a kernel built with RUMP_CURLWP=hypercall: a test and
 * one load. */
struct lwp *rumpuser_curlwp(void) { return bound_lwp(); }

/* Never blocks. SET/CLEAR violations are kernel bugs: halt loudly. */
void rumpuser_curlwpop(int op, struct lwp *l)
{
	struct lwp *cur = bound_lwp();

	switch (op) {
	case RUMPUSER_LWP_CREATE:
	case RUMPUSER_LWP_DESTROY:
		return; /* informational: no per-lwp data kept */
	case RUMPUSER_LWP_SET:
		if (l == NULL || cur != NULL)
			panic("rumpuser_curlwpop(SET, %p) on thread %s bound to %p", (void *)l,
			      thread_name(thread_self()), (void *)cur);
		bind_lwp(l);
		return;
	case RUMPUSER_LWP_CLEAR:
		if (l == NULL || cur != l)
			panic("rumpuser_curlwpop(CLEAR, %p) on thread %s bound to %p", (void *)l,
			      thread_name(thread_self()), (void *)cur);
		bind_lwp(NULL);
		return;
	default:
		panic("rumpuser_curlwpop: unknown operation %d", op);
	}
}

/*
 * Called after every system call, without a rump CPU and usually without
 * an lwp: kept per host thread, in NetBSD numbering (what the rump system
 * call stubs deliver; the application side reads it with
 * rumpuser_thread_errno()).
 */
void rumpuser_seterrno(int error)
{
	keys_init();
	thread_key_set(errno_key, (void *)(intptr_t)error);
}

int rumpuser_thread_errno(void)
{
	keys_init();
	return (int)(intptr_t)thread_key_get(errno_key);
}
