/*
 * Guest tests of the Xen platform. One image, the first argument picks
 * the scenario; each prints "ok - ..." / "not ok - ..." lines, and the
 * scenarios that end the guest on purpose (crash, exit status) are
 * checked by the runner from the exit status and the console output.
 *
 *   basic       console, clock, sleep accuracy, threads, allocation
 *   pagefault   dereference an unmapped address (expects crash, 126)
 *   overflow    overflow a thread stack (expects crash, 126)
 *   ret7        main returns 7
 *   exit3       exit(3) from another thread ends the program
 *   config      keys set by the launcher (xenstore) are visible
 *   halt5       app_exit(5) with events masked (the polled exit-status path)
 */
#include <rumpxen/app.h>

#include <runtime/evtchn.h>
#include <runtime/mm.h>
#include <runtime/platform.h>

#include <core/config.h>
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include <stdlib.h>

#include "lib/check.h"


/* Many lines quickly: the runner counts them, so a dropped byte in the
 * console ring shows up as a missing or garbled line. */
static void test_console_burst(void)
{
	for (int i = 0; i < 400; i++)
		console_printf("burst %03d abcdefghijklmnopqrstuvwxyz0123456789\n", i);
	console_printf("burst done\n");
}

static void test_clock(void)
{
	uint64_t prev = plat_monotonic_ns(), backwards = 0;
	for (int i = 0; i < 100000; i++) {
		uint64_t now = plat_monotonic_ns();
		if (now < prev)
			backwards++;
		prev = now;
	}
	check(backwards == 0, "clock: monotonic over 100000 reads", "%lu steps back",
	      (unsigned long)backwards);

	int64_t sec;
	long nsec;
	plat_wallclock(&sec, &nsec);
	/* 2020-01-01 .. 2100-01-01 */
	check(sec > 1577836800 && sec < 4102444800 && nsec >= 0 && nsec < 1000000000,
	      "clock: wall clock plausible", "sec=%lld nsec=%ld", (long long)sec, nsec);

	/* A busy 20 ms by the clock must be roughly 20 ms of wall time too
	 * (loose: dom0 may step the domain's wall clock meanwhile). */
	int64_t s0, s1;
	long n0, n1;
	plat_wallclock(&s0, &n0);
	uint64_t t0 = plat_monotonic_ns();
	while (plat_monotonic_ns() - t0 < 20000000)
		;
	plat_wallclock(&s1, &n1);
	int64_t wall = (s1 - s0) * 1000000000ll + (n1 - n0);
	check(wall >= 15000000 && wall <= 40000000,
	      "clock: wall clock advances with the monotonic clock",
	      "20 ms monotonic = %lld ns wall", (long long)wall);
}

static void sort_u64(uint64_t *a, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
			uint64_t t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

static void test_sleep(void)
{
	/* A tick-based sleep turns every 1 ms sleep of this loop into a
	 * whole tick (10 ms); load on the emulated host only stretches some
	 * samples. So: none short, and the fastest quarter well under a tick. */
	enum { N = 41 };
	uint64_t d[N];

	for (int i = 0; i < N; i++) {
		uint64_t t0 = plat_monotonic_ns();
		sched_sleep_ns(1000000);
		d[i] = plat_monotonic_ns() - t0;
	}
	sort_u64(d, N);
	console_printf("sleep 1 ms: min %lu us, median %lu us, max %lu us\n",
		       (unsigned long)(d[0] / 1000), (unsigned long)(d[N / 2] / 1000),
		       (unsigned long)(d[N - 1] / 1000));
	check(d[0] >= 1000000, "sleep: 1 ms sleep never shorter than 1 ms", "min %lu ns",
	      (unsigned long)d[0]);
	check(d[N / 4] < 4000000,
	      "sleep: 1 ms sleep not stretched to a tick (first quartile < 4 ms)",
	      "first quartile %lu ns", (unsigned long)d[N / 4]);

	/* Five 50 ms sleeps: none short, the fastest on time (samples can
	 * stretch when the emulated host itself is starved of CPU). */
	uint64_t d50[5];
	for (int i = 0; i < 5; i++) {
		uint64_t t0 = plat_monotonic_ns();
		sched_sleep_ns(50000000);
		d50[i] = plat_monotonic_ns() - t0;
	}
	sort_u64(d50, 5);
	check(d50[0] >= 50000000 && d50[0] < 70000000,
	      "sleep: 50 ms sleeps never short, the fastest within [50, 70) ms",
	      "min %lu, median %lu ns", (unsigned long)d50[0], (unsigned long)d50[2]);

	struct evtchn_stats es, es2;
	evtchn_get_stats(&es);
	check(es.events > 0, "events: timer events delivered", "no event handled");
	sched_sleep_ns(100000000);
	evtchn_get_stats(&es2);
	check(es2.events - es.events <= 3, "sleep: 100 ms idle wakes up at most 3 times",
	      "%lu events", (unsigned long)(es2.events - es.events));
}

#define NTHREADS 1000
static int thread_runs;

static void yielder(void *arg)
{
	int *slot = arg;
	for (int i = 0; i < 3; i++) {
		(*slot)++;
		thread_yield();
	}
	thread_runs++;
}

static void test_threads(void)
{
	static struct thread *t[NTHREADS];
	static int counts[NTHREADS];
	int created = 0, rc = 0;

	for (int i = 0; i < NTHREADS; i++) {
		rc = thread_create(&t[i], "yielder", yielder, &counts[i], 8192, THREAD_JOINABLE);
		if (rc)
			break;
		created++;
	}
	check(created == NTHREADS, "threads: 1000 created", "stopped at %d: %s", created,
	      rx_strerror(rc));
	int joined = 0, complete = 0;
	for (int i = 0; i < created; i++) {
		if (thread_join(t[i]) == 0)
			joined++;
		if (counts[i] == 3)
			complete++;
	}
	check(joined == created && complete == created && thread_runs == created,
	      "threads: all yielded 3 times and joined", "joined %d, complete %d, ran %d of %d",
	      joined, complete, thread_runs, created);
	check(thread_join(t[0]) == RX_EINVAL || created == 0,
	      "threads: joining a joined thread is refused", "second join accepted");
}

static void test_alloc_exhaustion(void)
{
	struct mem_stats before, after;
	void *head = NULL;
	size_t blocks = 0;

	mem_get_stats(&before);
	/* Chain 64 KiB blocks until the allocator says no. */
	for (;;) {
		void **p = mem_alloc(65536, 0);
		if (!p)
			break;
		*p = head;
		head = p;
		blocks++;
	}
	mem_get_stats(&after);
	check(blocks > 0 && after.alloc_failures > before.alloc_failures,
	      "memory: allocation until exhaustion returns NULL", "%zu blocks, failures %lu",
	      blocks, (unsigned long)after.alloc_failures);
	console_printf("memory: exhausted after %zu KiB\n", blocks * 64);

	struct thread *t;
	int rc = thread_create(&t, "nomem", yielder, NULL, 0, THREAD_JOINABLE);
	check(rc == RX_ENOMEM, "memory: thread_create fails cleanly when memory is out", "got %d",
	      rc);
	if (rc == 0)
		thread_join(t);

	while (head) {
		void *next = *(void **)head;
		mem_free(head);
		head = next;
	}
	void *p = mem_alloc(65536, 0);
	check(p != NULL, "memory: allocations work again after freeing", "still NULL");
	mem_free(p);
	rc = thread_create(&t, "again", yielder, &thread_runs, 0, THREAD_JOINABLE);
	check(rc == 0 && thread_join(t) == 0, "memory: threads work again after freeing", "%d", rc);

	void *st;
	check(plat_stack_alloc(1000, &st) == RX_EINVAL, "memory: odd stack size refused",
	      "accepted");
}

/* Memory is mapped on demand: take every page from the allocator (2 MiB
 * blocks, then smaller), write both ends of each block, and check the
 * blocks reach the last page Xen gave. */
static void test_mm_all_memory_usable(void)
{
	struct held {
		struct held *next;
		unsigned order;
	} *head = NULL;
	uintptr_t top = 0;
	int writable = 1;

	for (int order = 9; order >= 0; order--) {
		struct held *h;
		while ((h = page_alloc((unsigned)order))) {
			size_t bytes = PAGE_SIZE << order;
			volatile char *end = (volatile char *)h + bytes - 1;
			*end = 0x5a;
			writable &= *end == 0x5a;
			h->order = (unsigned)order;
			h->next = head;
			head = h;
			if ((uintptr_t)h + bytes > top)
				top = (uintptr_t)h + bytes;
		}
	}
	check(writable && top == (uintptr_t)pfn_to_virt(xen_nr_pages),
	      "mm: all memory Xen gave becomes usable", "top %#lx, want %#lx, writable %d",
	      (unsigned long)top, (unsigned long)(uintptr_t)pfn_to_virt(xen_nr_pages), writable);
	while (head) {
		struct held *next = head->next;
		page_free(head, head->order);
		head = next;
	}
}

static void test_mm(void)
{
	struct mm_stats ms;
	mm_get_stats(&ms);
	check(ms.total_pages > 0 && ms.free_pages < ms.total_pages &&
		  ms.image_pages + ms.free_pages == ms.total_pages,
	      "mm: page accounting adds up", "total %lu image %lu free %lu", ms.total_pages,
	      ms.image_pages, ms.free_pages);
	test_mm_all_memory_usable();
	check(mm_set_page_prot((void *)1, 0) == RX_EINVAL, "mm: unaligned address refused",
	      "accepted");
	check(evtchn_bind(1u << 20, (evtchn_handler_t)test_mm, NULL) == RX_EINVAL,
	      "events: out-of-range port refused", "accepted");
	uint64_t off;
	const char *name = symbol_lookup((uint64_t)(uintptr_t)test_mm + 3, &off);
	check(name && off == 3, "symbols: own function found in the symbol table", "%s",
	      name ? name : "(none)");
}

/* Far deeper than any stack: the limit only keeps the compiler from
 * treating this as infinite recursion. */
static volatile int depth_limit = 1 << 30;

/* Link sets and constructors, the way rump kernel components register. */
static const int set_a = 11, set_b = 31;
__attribute__((section("link_set_rxtest"), used)) static const int *const set_ent_a = &set_a;
__attribute__((section("link_set_rxtest"), used)) static const int *const set_ent_b = &set_b;
extern const int *const __start_link_set_rxtest[], *const __stop_link_set_rxtest[];
static int ctor_ran;
__attribute__((constructor)) static void test_ctor(void) { ctor_ran = 1; }

static void test_image(void)
{
	int n = 0, sum = 0;
	for (const int *const *p = __start_link_set_rxtest; p < __stop_link_set_rxtest; p++) {
		n++;
		sum += **p;
	}
	check(n == 2 && sum == 42, "image: link set entries kept and bounded", "%d entries, sum %d",
	      n, sum);
	check(ctor_ran, "image: constructors ran before main", "not run");
}

static struct waitq loop_q;
static volatile int loop_hits;

static void loop_handler(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	loop_hits++;
	waitq_wake_all(&loop_q);
}

/* An event channel looped back to ourselves: notify one end, the other
 * end's handler runs in irq context and wakes a waiting thread. */
static void test_evtchn_loopback(void)
{
	evtchn_port_t a, b;
	int rc = evtchn_alloc_unbound(DOMID_SELF, &a);
	check(rc == 0, "events: alloc_unbound", "%s", rx_strerror(rc));
	if (rc)
		return;
	rc = evtchn_bind_interdomain(DOMID_SELF, a, NULL, NULL, &b);
	check(rc == 0, "events: bind_interdomain to ourselves", "%s", rx_strerror(rc));
	if (rc)
		return;
	check(evtchn_bind(a, loop_handler, NULL) == 0, "events: bind handler", "failed");
	check(evtchn_bind(a, loop_handler, NULL) == RX_EBUSY, "events: double bind refused",
	      "accepted");
	int woken = 0;
	for (int i = 0; i < 10; i++) {
		int before = loop_hits;
		evtchn_notify(b);
		for (;;) {
			waitq_prepare(&loop_q, plat_monotonic_ns() + 1000000000ull);
			if (loop_hits != before) {
				waitq_cancel(&loop_q);
				woken++;
				break;
			}
			if (waitq_finish(&loop_q) == RX_ETIMEDOUT)
				break;
		}
	}
	check(woken == 10, "events: 10 notifications each woke the waiter", "%d of 10", woken);
	check(evtchn_close(b) == 0 && evtchn_close(a) == 0, "events: close both ends",
	      "close failed");
	check(evtchn_notify(a) != 0, "events: notify on a closed port fails", "succeeded");
}

static void test_foreign_map(void)
{
	static volatile uint64_t target[512] __attribute__((aligned(4096)));
	void *va;
	int rc = mm_map_foreign_frame(virt_to_mfn((void *)target), DOMID_SELF, 1, &va);
	check(rc == 0, "mm: map a frame a second time", "%s", rx_strerror(rc));
	if (rc)
		return;
	((volatile uint64_t *)va)[7] = 0x1234abcdull;
	check(target[7] == 0x1234abcdull, "mm: second mapping shows the same frame", "read %#lx",
	      (unsigned long)target[7]);
	check(mm_unmap_foreign_frame(va) == 0, "mm: unmap", "failed");
	check(mm_unmap_foreign_frame((void *)target) == RX_EINVAL,
	      "mm: unmapping outside the mapping area refused", "accepted");
	check(mfn_to_virt(~0ul >> 20) == NULL, "mm: foreign mfn has no pseudo-physical address",
	      "mapped");
	rc = mm_map_foreign_frame(~0ul >> 20, DOMID_SELF, 1, &va);
	check(rc < 0, "mm: mapping a frame that does not exist fails cleanly", "rc %d", rc);
}

static int deep(int n)
{
	volatile char pad[512];
	pad[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return deep(n + 1) + pad[0];
}

static void exiter(void *arg)
{
	(void)arg;
	exit(3);
}

static void overflow_thread(void *arg)
{
	(void)arg;
	console_printf("overflowing the stack now\n");
	deep(0);
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "basic";

	console_printf("platform test: %s\n", mode);
	if (streq(mode, "basic")) {
		test_console_burst();
		test_image();
		test_mm();
		test_foreign_map();
		test_evtchn_loopback();
		test_clock();
		test_sleep();
		test_threads();
		test_alloc_exhaustion();
		console_printf("platform tests done, %d failed\n", failures);
		return failures ? 1 : 0;
	}
	if (streq(mode, "pagefault")) {
		console_printf("touching an unmapped address now\n");
		volatile uintptr_t addr = 0x10;
		return *(volatile int *)addr;
	}
	if (streq(mode, "overflow")) {
		struct thread *t;
		thread_create(&t, "deep", overflow_thread, NULL, 16384, THREAD_JOINABLE);
		thread_join(t);
		return 1;
	}
	if (streq(mode, "ret7"))
		return 7;
	if (streq(mode, "exit3")) {
		/* libc's exit() from a thread other than main. */
		struct thread *t;
		thread_create(&t, "exiter", exiter, NULL, 0, THREAD_JOINABLE);
		thread_join(t);
		console_printf("not ok - exit: app_exit returned\n");
		return 1;
	}
	if (streq(mode, "halt5")) {
		/* Events masked: the threaded xenstore client cannot work, so
		 * the status must go through the polled writer. */
		plat_irq_save();
		app_exit(5);
	}
	if (streq(mode, "config")) {
		const char *g = config_get("greeting");
		const char *n = config_get("name");
		check(g && streq(g, "hello_there"), "config: key from xenstore", "greeting = %s",
		      g ? g : "(unset)");
		check(n && streq(n, "cfgtest") && argc > 0 && streq(argv[0], "cfgtest"),
		      "config: name key sets argv[0]", "name = %s", n ? n : "(unset)");
		return failures ? 1 : 0;
	}
	console_printf("unknown mode %s\n", mode);
	return 1;
}
