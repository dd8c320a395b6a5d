/* Scheduler tests: threads, joins, wait queues, deadlines, slots, TLS. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <core/errors.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include "harness.h"
#include "plat_linux.h"

#define MS 1000000ull

static uint64_t now(void) { return plat_monotonic_ns(); }

/* --- create, join, many threads ---------------------------------------- */

static void set_flag(void *arg) { *(int *)arg = 1; }

static void test_create_join(void)
{
	struct thread *t;
	int flag = 0;

	CHECK(thread_create(&t, "setter", set_flag, &flag, 0, THREAD_JOINABLE) == 0, "create");
	CHECK(flag == 0, "thread ran before the creator yielded");
	CHECK(thread_join(t) == 0, "join");
	CHECK(flag == 1, "thread did not run");

	/* Joining a thread that has already exited. */
	flag = 0;
	CHECK(thread_create(&t, "setter", set_flag, &flag, 0, THREAD_JOINABLE) == 0, "create");
	thread_yield();
	CHECK(flag == 1, "thread did not run on yield");
	CHECK(thread_join(t) == 0, "join after exit");
}

#define MANY 1000
#define MANY_ROUNDS 10
static long many_counter;

static void yielder(void *arg)
{
	(void)arg;
	for (int i = 0; i < MANY_ROUNDS; i++) {
		many_counter++;
		thread_yield();
	}
}

static void test_thousand_threads(void)
{
	static struct thread *ts[MANY];
	struct sched_stats before, after;

	sched_get_stats(&before);
	many_counter = 0;
	for (int i = 0; i < MANY; i++)
		CHECK(thread_create(&ts[i], "many", yielder, NULL, 16384, THREAD_JOINABLE) == 0,
		      "create %d", i);
	sched_get_stats(&after);
	CHECK(after.threads_live == before.threads_live + MANY, "live %llu",
	      (unsigned long long)after.threads_live);
	for (int i = 0; i < MANY; i++)
		CHECK(thread_join(ts[i]) == 0, "join %d", i);
	sched_get_stats(&after);
	CHECK(many_counter == (long)MANY * MANY_ROUNDS, "counter %ld", many_counter);
	CHECK(after.threads_created == before.threads_created + MANY, "created");
	CHECK(after.threads_live == before.threads_live, "live after joins %llu",
	      (unsigned long long)after.threads_live);
	CHECK(after.switches >= before.switches + (uint64_t)MANY * MANY_ROUNDS, "switches %llu",
	      (unsigned long long)(after.switches - before.switches));
}

/* Round robin: three threads yielding record a strict A B C A B C order. */
static char order_log[32];
static int order_len;

static void order_worker(void *arg)
{
	for (int i = 0; i < 3; i++) {
		order_log[order_len++] = *(const char *)arg;
		thread_yield();
	}
}

static void test_round_robin(void)
{
	struct thread *t[3];
	static const char names[3] = {'A', 'B', 'C'};

	order_len = 0;
	for (int i = 0; i < 3; i++)
		CHECK(thread_create(&t[i], "rr", order_worker, (void *)&names[i], 0,
				    THREAD_JOINABLE) == 0,
		      "create");
	for (int i = 0; i < 3; i++)
		CHECK(thread_join(t[i]) == 0, "join");
	order_log[order_len] = '\0';
	CHECK(strcmp(order_log, "ABCABCABC") == 0, "order %s", order_log);
}

/* Non-joinable threads are reclaimed by the scheduler. */
static void nothing(void *arg) { (void)arg; }

static void run_detached_round(int n)
{
	for (int i = 0; i < n; i++)
		EXPECT(thread_create(NULL, "detached", nothing, NULL, 0, 0) == 0, "create %d", i);
	/* Two yields: they all run and exit, then the reaper frees them. */
	thread_yield();
	thread_yield();
}

static void test_detached_reclaimed(void)
{
	struct mem_stats m1, m2;
	struct sched_stats s1, s2;

	run_detached_round(500); /* warm the allocator's caches */
	mem_get_stats(&m1);
	sched_get_stats(&s1);
	run_detached_round(500);
	mem_get_stats(&m2);
	sched_get_stats(&s2);
	CHECK(!harness_failed(), "creating detached threads failed");
	CHECK(s2.threads_live == s1.threads_live, "live %llu vs %llu",
	      (unsigned long long)s2.threads_live, (unsigned long long)s1.threads_live);
	CHECK(m2.free_bytes == m1.free_bytes, "leak: %zu bytes", m1.free_bytes - m2.free_bytes);
}

static void test_exit_midway(void);
static int after_exit_ran;

static void exits_early(void *arg)
{
	(void)arg;
	thread_exit();
	after_exit_ran = 1;
}

static void test_exit_midway(void)
{
	struct thread *t;

	after_exit_ran = 0;
	CHECK(thread_create(&t, "early", exits_early, NULL, 0, THREAD_JOINABLE) == 0, "create");
	CHECK(thread_join(t) == 0, "join");
	CHECK(after_exit_ran == 0, "code after thread_exit ran");
}

/* --- errors --------------------------------------------------------------- */

static struct waitq park_q;

static void parked(void *arg)
{
	(void)arg;
	waitq_wait(&park_q, 0);
}

static struct thread *join_target;
static int second_join_rc;

static void second_joiner(void *arg)
{
	(void)arg;
	second_join_rc = thread_join(join_target);
}

static void test_join_errors(void)
{
	struct thread *t;

	CHECK(thread_join(NULL) == RX_EINVAL, "join NULL");
	CHECK(thread_join(thread_self()) == RX_EINVAL, "join self");
	CHECK(thread_create(&t, "parked", parked, NULL, 0, 0) == 0, "create");
	thread_yield(); /* let it park */
	CHECK(thread_join(t) == RX_EINVAL, "join of a non-joinable thread");
	CHECK(waitq_wake_one(&park_q) == 1, "wake parked");
	thread_yield();

	/* Two joiners: the first claims it, the second is refused. */
	CHECK(thread_create(&join_target, "target", parked, NULL, 0, THREAD_JOINABLE) == 0, "c");
	struct thread *j2;
	thread_yield();
	CHECK(thread_create(&j2, "joiner2", second_joiner, NULL, 0, THREAD_JOINABLE) == 0, "c2");
	second_join_rc = 12345;
	/* We join first (claims the target); joiner2 then runs and must fail. */
	waitq_wake_one(&park_q);
	CHECK(thread_join(join_target) == 0, "first join");
	CHECK(thread_join(j2) == 0, "join joiner2");
	CHECK(second_join_rc == RX_EINVAL, "second join returned %d", second_join_rc);
}

static void test_create_errors(void)
{
	struct thread *t = NULL;
	struct sched_stats before, after;

	sched_get_stats(&before);
	CHECK(thread_create(&t, "x", NULL, NULL, 0, 0) == RX_EINVAL, "NULL entry");
	CHECK(thread_create(&t, "x", nothing, NULL, 0, 0x80) == RX_EINVAL, "unknown flag");
	CHECK(thread_create(&t, "x", nothing, NULL, (size_t)1 << 50, 0) == RX_ENOMEM, "huge stack");
	sched_get_stats(&after);
	CHECK(after.threads_live == before.threads_live, "a failed create left a thread");
	CHECK(t == NULL, "failed create stored a thread");
}

static void test_create_out_of_memory(void)
{
	/* Take every page, then creating must fail cleanly and recover.
	 * Held blocks are chained through their first words. */
	struct held {
		struct held *next;
		unsigned order;
	} *pages = NULL;
	struct sched_stats before, after;

	for (int order = 24; order >= 0;) {
		struct held *h = page_alloc((unsigned)order);
		if (!h) {
			order--;
			continue;
		}
		h->order = (unsigned)order;
		h->next = pages;
		pages = h;
	}
	/* Small-object caches may still have room for a thread struct;
	 * drain every size class, chaining the objects through themselves. */
	void *chain = NULL;
	for (size_t size = 2048; size >= 16; size -= 16) {
		void **obj;
		while ((obj = mem_alloc(size, 0))) {
			*obj = chain;
			chain = obj;
		}
	}
	sched_get_stats(&before);
	struct thread *t = NULL;
	/* A stack size no exited thread had, so the thread cache cannot help. */
	int rc = thread_create(&t, "oom", nothing, NULL, 3 * PAGE_SIZE, THREAD_JOINABLE);
	sched_get_stats(&after);
	while (chain) {
		void *next = *(void **)chain;
		mem_free(chain);
		chain = next;
	}
	while (pages) {
		struct held *next = pages->next;
		page_free(pages, pages->order);
		pages = next;
	}
	CHECK(rc == RX_ENOMEM, "create with no memory returned %d", rc);
	CHECK(after.threads_live == before.threads_live, "live changed");
	CHECK(thread_create(&t, "after", nothing, NULL, 0, THREAD_JOINABLE) == 0, "recover");
	CHECK(thread_join(t) == 0, "join");
}

/* --- names, slots, TLS ---------------------------------------------------- */

static void test_names(void)
{
	struct thread *t;
	char longname[64];

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK(thread_create(&t, longname, nothing, NULL, 0, THREAD_JOINABLE) == 0, "create");
	CHECK(strlen(thread_name(t)) == THREAD_NAME_MAX - 1, "name not truncated: %zu",
	      strlen(thread_name(t)));
	CHECK(thread_join(t) == 0, "join");
	CHECK(thread_create(&t, "worker-7", nothing, NULL, 0, THREAD_JOINABLE) == 0, "create");
	CHECK(strcmp(thread_name(t), "worker-7") == 0, "name %s", thread_name(t));
	CHECK(thread_join(t) == 0, "join");
}

struct slot_check {
	uintptr_t value;
	uintptr_t tls;
	int ok;
};

static thread_key_t ptr_key = -1, int_key = -1;

static void slot_worker(void *arg)
{
	struct slot_check *c = arg;

	c->ok = 1;
	if (thread_key_get(ptr_key) != NULL || *(int *)thread_key_addr(int_key) != 0)
		c->ok = 0; /* a new thread's values start empty */
	thread_key_set(ptr_key, (void *)c->value);
	*(int *)thread_key_addr(int_key) = (int)c->value;
	thread_set_tls_base(c->tls);
	for (int i = 0; i < 5; i++) {
		thread_yield();
		if (thread_key_get(ptr_key) != (void *)c->value ||
		    *(int *)thread_key_addr(int_key) != (int)c->value ||
		    plat_linux_tls_base() != c->tls)
			c->ok = 0;
	}
}

static void test_slots_and_tls(void)
{
	struct slot_check c[3] = {{11, 0x1000, 0}, {22, 0x2000, 0}, {33, 0x3000, 0}};
	struct thread *t[3];

	CHECK(thread_key_create(&ptr_key) == 0 && thread_key_create(&int_key) == 0,
	      "two keys for the test");
	thread_set_tls_base(0x9000);
	for (int i = 0; i < 3; i++)
		CHECK(thread_create(&t[i], "slots", slot_worker, &c[i], 0, THREAD_JOINABLE) == 0,
		      "create");
	for (int i = 0; i < 3; i++)
		CHECK(thread_join(t[i]) == 0, "join");
	for (int i = 0; i < 3; i++)
		CHECK(c[i].ok, "thread %d saw another thread's slot or TLS base", i);
	CHECK(plat_linux_tls_base() == 0x9000, "boot TLS not restored: %#lx",
	      (unsigned long)plat_linux_tls_base());
	thread_set_tls_base(0);
}

static void bad_slot(void) { thread_key_get(THREAD_NKEYS); }

static void test_bad_slot_panics(void)
{
	char why[256];

	CHECK(harness_expect_crash(bad_slot, "thread key 4 was never created", why, sizeof(why)),
	      "%s", why);
}

/* Runs after every other key user of this program: it takes the rest. */
static void test_keys_run_out(void)
{
	thread_key_t k = -1;
	int n = 0, rc;

	while ((rc = thread_key_create(&k)) == 0 && n <= THREAD_NKEYS) {
		CHECK(k >= 0 && k < THREAD_NKEYS, "key %d out of range", k);
		CHECK(thread_key_get(k) == NULL, "fresh key %d has a value", k);
		n++;
	}
	CHECK(rc == RX_ENOSPC, "key %d of %d: got %d, want RX_ENOSPC", n, THREAD_NKEYS, rc);
	CHECK(thread_key_create(&k) == RX_ENOSPC, "a full table stays full");
}

/* --- stack alignment and FPU state ---------------------------------------- */

/* test_asm.S: stores (%rsp + 8) mod 16 at entry into *arg. */
void entry_alignment_probe(void *arg);

static void test_stack_alignment(void)
{
	for (size_t size = 4096; size <= 65536; size *= 4) {
		struct thread *t;
		long misalign = -1;
		CHECK(thread_create(&t, "align", entry_alignment_probe, &misalign, size,
				    THREAD_JOINABLE) == 0,
		      "create");
		CHECK(thread_join(t) == 0, "join");
		CHECK(misalign == 0, "entry %%rsp+8 mod 16 = %ld (stack %zu)", misalign, size);
	}
}

static uint32_t read_mxcsr(void)
{
	uint32_t v;
	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

static void write_mxcsr(uint32_t v) { __asm__ volatile("ldmxcsr %0" : : "m"(v)); }

static uint16_t read_fcw(void)
{
	uint16_t v;
	__asm__ volatile("fnstcw %0" : "=m"(v));
	return v;
}

static void write_fcw(uint16_t v) { __asm__ volatile("fldcw %0" : : "m"(v)); }

struct fpu_check {
	uint32_t mxcsr;
	uint16_t fcw;
	uint32_t start_mxcsr;
	uint16_t start_fcw;
	int ok;
};

static void fpu_worker(void *arg)
{
	struct fpu_check *c = arg;

	c->start_mxcsr = read_mxcsr();
	c->start_fcw = read_fcw();
	write_mxcsr(c->mxcsr);
	write_fcw(c->fcw);
	c->ok = 1;
	for (int i = 0; i < 4; i++) {
		thread_yield();
		if (read_mxcsr() != c->mxcsr || read_fcw() != c->fcw)
			c->ok = 0;
	}
	write_mxcsr(0x1f80);
	write_fcw(0x037f);
}

static void test_fpu_control_preserved(void)
{
	/* Round down / round up, different x87 precision control. */
	struct fpu_check c[2] = {{0x3f80, 0x027f, 0, 0, 0}, {0x5f80, 0x0b7f, 0, 0, 0}};
	struct thread *t[2];
	uint32_t my_mxcsr = read_mxcsr();
	uint16_t my_fcw = read_fcw();

	write_mxcsr(0x7f80); /* toward zero, in the boot thread */
	for (int i = 0; i < 2; i++)
		CHECK(thread_create(&t[i], "fpu", fpu_worker, &c[i], 0, THREAD_JOINABLE) == 0, "c");
	for (int i = 0; i < 2; i++)
		CHECK(thread_join(t[i]) == 0, "join");
	uint32_t after = read_mxcsr();
	write_mxcsr(my_mxcsr);
	write_fcw(my_fcw);
	CHECK(after == 0x7f80, "boot MXCSR %#x after switches", after);
	for (int i = 0; i < 2; i++) {
		CHECK(c[i].ok, "thread %d lost its FPU control state", i);
		CHECK(c[i].start_mxcsr == 0x1f80, "new thread MXCSR %#x", c[i].start_mxcsr);
		CHECK(c[i].start_fcw == 0x037f, "new thread FCW %#x", c[i].start_fcw);
	}
}

/* --- wait queues and deadlines ------------------------------------------- */

static void test_waitq_timeout(void)
{
	struct waitq q;
	waitq_init(&q);
	uint64_t t0 = now();
	int rc = waitq_wait(&q, t0 + 3 * MS);
	uint64_t dt = now() - t0;

	CHECK(rc == RX_ETIMEDOUT, "rc %d", rc);
	CHECK(dt >= 3 * MS, "returned after %llu ns, before the deadline", (unsigned long long)dt);
	CHECK(waitq_empty(&q), "timed-out waiter still queued");
	/* A deadline already in the past times out at once. */
	rc = waitq_wait(&q, 1);
	CHECK(rc == RX_ETIMEDOUT, "past deadline rc %d", rc);
}

struct waker_arg {
	struct waitq *q;
	uint64_t delay;
	int woken;
};

static void waker(void *arg)
{
	struct waker_arg *w = arg;

	sched_sleep_ns(w->delay);
	w->woken = waitq_wake_one(w->q);
}

static void test_waitq_wake_before_deadline(void)
{
	struct waitq q = {NULL, NULL};
	struct waker_arg w = {&q, 1 * MS, -1};
	struct thread *t;

	CHECK(thread_create(&t, "waker", waker, &w, 0, THREAD_JOINABLE) == 0, "create");
	uint64_t t0 = now();
	int rc = waitq_wait(&q, t0 + 2000 * MS);
	uint64_t dt = now() - t0;
	CHECK(thread_join(t) == 0, "join");
	CHECK(rc == 0, "rc %d", rc);
	CHECK(w.woken == 1, "wake_one returned %d", w.woken);
	CHECK(dt < 1000 * MS, "woke after %llu ms", (unsigned long long)(dt / MS));
}

static void test_prepare_finish_no_lost_wakeup(void)
{
	struct waitq q = {NULL, NULL};
	struct sched_stats s1, s2;

	/* A wake between prepare and finish (as an event handler would do)
	 * makes finish return at once, without blocking. */
	waitq_prepare(&q, 0);
	CHECK(waitq_wake_one(&q) == 1, "wake found no waiter");
	sched_get_stats(&s1);
	CHECK(waitq_finish(&q) == 0, "finish after wake");
	sched_get_stats(&s2);
	CHECK(s2.switches == s1.switches && s2.idle_blocks == s1.idle_blocks,
	      "finish blocked although already woken");

	/* Same with another thread waking while we yield between the two. */
	struct waker_arg w = {&q, 0, -1};
	struct thread *t;
	CHECK(thread_create(&t, "waker", waker, &w, 0, THREAD_JOINABLE) == 0, "create");
	waitq_prepare(&q, now() + 5000 * MS);
	thread_yield();
	while (w.woken < 0)
		thread_yield();
	uint64_t t0 = now();
	CHECK(waitq_finish(&q) == 0, "finish");
	CHECK(now() - t0 < 1000 * MS, "finish waited for the deadline");
	CHECK(thread_join(t) == 0, "join");
}

static void test_waitq_cancel(void)
{
	struct waitq q = {NULL, NULL};

	waitq_prepare(&q, now() + 1 * MS);
	CHECK(!waitq_empty(&q), "prepare did not enqueue");
	waitq_cancel(&q);
	CHECK(waitq_empty(&q), "cancel did not dequeue");
	CHECK(waitq_wake_one(&q) == 0, "cancelled waiter was woken");
	/* The cancelled deadline must not fire into a later wait. */
	sched_sleep_ns(3 * MS);
	struct waker_arg w = {&q, 2 * MS, -1};
	struct thread *t;
	CHECK(thread_create(&t, "waker", waker, &w, 0, THREAD_JOINABLE) == 0, "create");
	CHECK(waitq_wait(&q, 0) == 0, "later wait");
	CHECK(thread_join(t) == 0, "join");
}

static struct waitq fifo_q;
static int fifo_log[8], fifo_n;

static void fifo_waiter(void *arg)
{
	waitq_wait(&fifo_q, 0);
	fifo_log[fifo_n++] = (int)(intptr_t)arg;
}

static void test_wake_one_fifo_and_wake_all(void)
{
	struct thread *t[5];

	fifo_n = 0;
	for (int i = 0; i < 5; i++)
		CHECK(thread_create(&t[i], "fifo", fifo_waiter, (void *)(intptr_t)i, 0,
				    THREAD_JOINABLE) == 0,
		      "create");
	thread_yield(); /* all five wait now */
	CHECK(waitq_wake_one(&fifo_q) == 1, "wake_one");
	CHECK(waitq_wake_one(&fifo_q) == 1, "wake_one");
	thread_yield();
	CHECK(fifo_n == 2 && fifo_log[0] == 0 && fifo_log[1] == 1, "wake_one order %d,%d (n=%d)",
	      fifo_log[0], fifo_log[1], fifo_n);
	CHECK(waitq_wake_all(&fifo_q) == 3, "wake_all count");
	CHECK(waitq_wake_all(&fifo_q) == 0, "wake_all on an empty queue");
	for (int i = 0; i < 5; i++)
		CHECK(thread_join(t[i]) == 0, "join");
	CHECK(fifo_n == 5, "not all woke: %d", fifo_n);
}

/* Sleepers with shuffled deadlines wake in deadline order. */
#define SLEEPERS 300
static int wake_log[SLEEPERS], wake_n;

static uint64_t sleep_base;

static void sleeper_entry(void *arg)
{
	int rank = (int)(intptr_t)arg;

	sched_sleep_until(sleep_base + (uint64_t)rank * 100000u); /* 0.1 ms apart */
	wake_log[wake_n++] = rank;
}

static void test_sleep_order(void)
{
	static struct thread *t[SLEEPERS];
	static int ranks[SLEEPERS];
	uint32_t seed = 12345;

	for (int i = 0; i < SLEEPERS; i++)
		ranks[i] = i;
	for (int i = SLEEPERS - 1; i > 0; i--) {
		seed = seed * 1103515245u + 12345u;
		int j = (int)((seed >> 8) % (uint32_t)(i + 1));
		int x = ranks[i];
		ranks[i] = ranks[j];
		ranks[j] = x;
	}
	/* Virtual time: creating 300 threads on a busy host may take longer
	 * than any margin, and sleepers whose deadline has passed would wake
	 * in creation order. */
	plat_linux_virtual_clock(true);
	wake_n = 0;
	sleep_base = now() + 20 * MS;
	for (int i = 0; i < SLEEPERS; i++)
		CHECK(thread_create(&t[i], "sleeper", sleeper_entry, (void *)(intptr_t)ranks[i],
				    8192, THREAD_JOINABLE) == 0,
		      "create");
	for (int i = 0; i < SLEEPERS; i++)
		CHECK(thread_join(t[i]) == 0, "join");
	uint64_t end = now();
	plat_linux_virtual_clock(false);
	CHECK(wake_n == SLEEPERS, "woke %d", wake_n);
	CHECK(end == sleep_base + (uint64_t)(SLEEPERS - 1) * 100000u,
	      "the last sleeper woke %lld ns after its deadline",
	      (long long)(end - sleep_base - (uint64_t)(SLEEPERS - 1) * 100000u));
	for (int i = 0; i < SLEEPERS; i++)
		CHECK(wake_log[i] == i, "position %d woke rank %d", i, wake_log[i]);
}

static void test_sleep_accuracy(void)
{
	struct sched_stats s1, s2;

	/* Deadline arithmetic in virtual time: a 1 ms sleep blocks until
	 * exactly 1 ms later, not a tick later and not at once. */
	plat_linux_virtual_clock(true);
	sched_get_stats(&s1);
	for (int i = 0; i < 9; i++) {
		uint64_t t0 = now();
		sched_sleep_ns(1 * MS);
		uint64_t d = now() - t0;
		CHECK(d == 1 * MS, "a 1 ms sleep took %llu ns of virtual time",
		      (unsigned long long)d);
	}
	sched_get_stats(&s2);
	plat_linux_virtual_clock(false);
	CHECK(s2.idle_blocks >= s1.idle_blocks + 9, "sleeping did not go through the idle path");

	/* In real time a sleep never ends early. How late it ends depends
	 * on the host's load, so it is not checked here. */
	for (int i = 0; i < 3; i++) {
		uint64_t t0 = now();
		sched_sleep_ns(1 * MS);
		uint64_t d = now() - t0;
		CHECK(d >= 1 * MS, "slept only %llu ns", (unsigned long long)d);
	}
}

/* --- event handlers (simulated events of the host platform) ---------------- */

static struct waitq event_q;
static int handler_runs;
static int handler_woke;

static void wake_from_handler(void *arg)
{
	(void)arg;
	handler_runs++;
	handler_woke = waitq_wake_one(&event_q);
}

static void test_event_wakes_idle_waiter(void)
{
	uint64_t t0 = now();

	handler_runs = 0;
	CHECK(plat_linux_raise_event_at(t0 + 2 * MS, wake_from_handler, NULL) == 0, "raise");
	CHECK(plat_linux_raise_event_at(t0, wake_from_handler, NULL) == RX_EBUSY,
	      "second pending event accepted");
	int rc = waitq_wait(&event_q, 0); /* no deadline: only the event can wake us */
	uint64_t dt = now() - t0;
	CHECK(rc == 0, "rc %d", rc);
	CHECK(handler_runs == 1 && handler_woke == 1, "handler runs %d woke %d", handler_runs,
	      handler_woke);
	CHECK(dt >= 2 * MS, "woke after %llu ns, before the event", (unsigned long long)dt);
}

static void test_event_between_prepare_and_finish(void)
{
	struct sched_stats s1, s2;

	handler_runs = 0;
	waitq_prepare(&event_q, now() + 5000 * MS);
	CHECK(plat_linux_raise_event_at(now(), wake_from_handler, NULL) == 0, "raise");
	/* Any restore of events delivers it, as on the guest. */
	plat_irq_restore(plat_irq_save());
	CHECK(handler_runs == 1 && handler_woke == 1, "handler did not run at restore");
	sched_get_stats(&s1);
	uint64_t t0 = now();
	CHECK(waitq_finish(&event_q) == 0, "finish");
	sched_get_stats(&s2);
	CHECK(now() - t0 < 1000 * MS, "the wakeup was lost (waited for the deadline)");
	CHECK(s2.idle_blocks == s1.idle_blocks, "finish blocked although woken");
}

static void deferred_event(void *arg)
{
	int *ran = arg;
	*ran = 1;
}

static void test_event_not_delivered_while_disabled(void)
{
	int ran = 0;
	unsigned long f = plat_irq_save();

	CHECK(plat_linux_raise_event_at(now(), deferred_event, &ran) == 0, "raise");
	unsigned long g = plat_irq_save();
	plat_irq_restore(g); /* still disabled: nested */
	int early = ran;
	plat_irq_restore(f);
	CHECK(early == 0, "handler ran while events were disabled");
	CHECK(ran == 1, "handler did not run when events were enabled again");
}

static void block_with_events_disabled(void)
{
	plat_irq_save();
	sched_sleep_ns(1 * MS);
}

static void test_block_disabled_reported(void)
{
	char why[256];
	CHECK(harness_expect_crash(block_with_events_disabled, "blocked with events disabled", why,
				   sizeof(why)),
	      "%s", why);
}

/* --- misuse ---------------------------------------------------------------- */

static void double_prepare(void)
{
	struct waitq a = {NULL, NULL}, b = {NULL, NULL};
	waitq_prepare(&a, 0);
	waitq_prepare(&b, 0);
}

static void test_double_prepare_panics(void)
{
	char why[256];
	CHECK(harness_expect_crash(double_prepare, "already waiting", why, sizeof(why)), "%s", why);
}

static void finish_wrong_queue(void)
{
	struct waitq a = {NULL, NULL}, b = {NULL, NULL};
	waitq_prepare(&a, 0);
	waitq_finish(&b);
}

static void test_finish_wrong_queue_panics(void)
{
	char why[256];
	CHECK(harness_expect_crash(finish_wrong_queue, "waits on another queue", why, sizeof(why)),
	      "%s", why);
}

static void wait_forever(void)
{
	struct waitq q = {NULL, NULL};
	waitq_wait(&q, 0);
}

static void test_deadlock_reported(void)
{
	char why[256];
	CHECK(harness_expect_crash(wait_forever, "deadlock", why, sizeof(why)), "%s", why);
}

int main(int argc, char **argv)
{
	if (plat_linux_init(256u << 20) < 0) {
		fprintf(stderr, "plat_linux_init failed\n");
		return 2;
	}
	harness_begin(argc, argv, "sched");
	harness_run("create and join", test_create_join);
	harness_run("1000 threads create, yield and join", test_thousand_threads);
	harness_run("yield is round robin", test_round_robin);
	harness_run("detached threads are reclaimed", test_detached_reclaimed);
	harness_run("thread_exit midway", test_exit_midway);
	harness_run("join errors", test_join_errors);
	harness_run("create errors", test_create_errors);
	harness_run("create out of memory fails cleanly", test_create_out_of_memory);
	harness_run("names copied and truncated", test_names);
	harness_run("key values and TLS base per thread", test_slots_and_tls);
	harness_run("a key never created panics", test_bad_slot_panics);
	harness_run("keys run out with RX_ENOSPC", test_keys_run_out);
	harness_run("new thread stack alignment", test_stack_alignment);
	harness_run("MXCSR and x87 control word per thread", test_fpu_control_preserved);
	harness_run("waitq deadline times out", test_waitq_timeout);
	harness_run("waitq wake before deadline", test_waitq_wake_before_deadline);
	harness_run("prepare/finish loses no wakeup", test_prepare_finish_no_lost_wakeup);
	harness_run("waitq cancel", test_waitq_cancel);
	harness_run("wake_one FIFO, wake_all count", test_wake_one_fifo_and_wake_all);
	harness_run("300 sleepers wake in deadline order", test_sleep_order);
	harness_run("1 ms sleep accuracy", test_sleep_accuracy);
	harness_run("event handler wakes an idle waiter", test_event_wakes_idle_waiter);
	harness_run("event between prepare and finish is not lost",
		    test_event_between_prepare_and_finish);
	harness_run("events wait until enabled", test_event_not_delivered_while_disabled);
	harness_run("blocking with events disabled is reported", test_block_disabled_reported);
	harness_run("double prepare panics", test_double_prepare_panics);
	harness_run("finish on the wrong queue panics", test_finish_wrong_queue_panics);
	harness_run("deadlock is reported, not hung", test_deadlock_reported);
	return harness_end();
}
