/*
 * Thread-local storage: a `__thread` variable with an initial value and
 * a zero-initialised one, used by several threads that yield to each
 * other between writes and reads: each thread must start from the
 * initial values and see only its own writes.
 */
#include <core/log.h>
#include <core/sched.h>

#include "lib/check.h"

#define NTHREADS 4
#define ROUNDS 5
#define INITIAL 0x5eed

static __thread long tls_initialised = INITIAL;
static __thread long tls_zeroed;

/* The TCB at the thread pointer: %fs:0 holds the pointer itself and
 * %fs:0x28 the stack-protector guard (see core/README.md). */
static uintptr_t fs_word(unsigned long off)
{
	uintptr_t v;

	__asm__ volatile("movq %%fs:(%1), %0" : "=r"(v) : "r"(off));
	return v;
}

static int tcb_ok(void)
{
	uintptr_t tp = fs_word(0);

	return tp != 0 && (uintptr_t)&tls_zeroed < tp && fs_word(0x28) != 0;
}

struct worker {
	int id;
	int bad_tcb;   /* %fs:0 or %fs:0x28 did not hold what the ABI promises */
	int bad_start; /* the values found at entry were not the initial ones */
	int bad_after_yield;
	long seen_init, seen_zero;
};

static void work(void *arg)
{
	struct worker *w = arg;

	if (tls_initialised != INITIAL || tls_zeroed != 0)
		w->bad_start = 1;
	w->bad_tcb = !tcb_ok();
	w->seen_init = tls_initialised;
	w->seen_zero = tls_zeroed;
	for (int r = 0; r < ROUNDS; r++) {
		tls_initialised = w->id * 1000 + r;
		tls_zeroed = -(w->id * 1000 + r);
		thread_yield();
		if (tls_initialised != w->id * 1000 + r || tls_zeroed != -(w->id * 1000 + r))
			w->bad_after_yield++;
	}
}

int main(int argc, char **argv)
{
	struct worker w[NTHREADS];
	struct thread *t[NTHREADS];
	(void)argc, (void)argv;

	check(tls_initialised == INITIAL && tls_zeroed == 0, "main thread sees the initial values",
	      "initialised %ld, zeroed %ld", tls_initialised, tls_zeroed);
	check(tcb_ok(), "main thread has a TCB", "%%fs:0 %#lx, %%fs:0x28 %#lx, variable at %p",
	      (unsigned long)fs_word(0), (unsigned long)fs_word(0x28), (void *)&tls_zeroed);
	tls_initialised = -1;
	tls_zeroed = -1;
	for (int i = 0; i < NTHREADS; i++) {
		w[i] = (struct worker){.id = i + 1};
		int err = thread_create(&t[i], "tls", work, &w[i], 0, THREAD_JOINABLE);
		check(err == 0, "thread created", "thread %d: error %d", i, err);
		if (err)
			t[i] = 0;
	}
	for (int i = 0; i < NTHREADS; i++) {
		if (!t[i])
			continue;
		int err = thread_join(t[i]);
		check(err == 0, "thread joined", "thread %d: error %d", i, err);
		check(!w[i].bad_start, "new thread starts from the initial values",
		      "thread %d saw initialised %ld, zeroed %ld", i + 1, w[i].seen_init,
		      w[i].seen_zero);
		check(!w[i].bad_tcb, "new thread has a TCB with self pointer and guard",
		      "thread %d", i + 1);
		check(!w[i].bad_after_yield, "thread keeps its own copy across yields",
		      "thread %d: %d of %d rounds saw another value", i + 1, w[i].bad_after_yield,
		      ROUNDS);
	}
	check(tls_initialised == -1 && tls_zeroed == -1, "main thread keeps its own copy",
	      "initialised %ld, zeroed %ld", tls_initialised, tls_zeroed);
	console_printf("tls tests done, %d failed\n", failures);
	return failures ? 1 : 0;
}
