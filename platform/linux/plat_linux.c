/*
 * core/plat.h implemented on Linux (see plat_linux.h). Stacks are mmap'd
 * with a PROT_NONE guard page below them so an overflow faults at once.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <rumpxen/app.h>

#include <core/errors.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include "plat_linux.h"

static uintptr_t tls_base;

/* Event simulation: nesting depth of plat_irq_save (0 = enabled) and
 * the one pending simulated event. */
static unsigned long irq_depth;
static bool event_armed;
static uint64_t event_due;
static void (*event_handler)(void *);
static void *event_arg;

/* Virtual time (plat_linux_virtual_clock): while on, the clock reads
 * virtual_now, which only blocking moves. virtual_ahead keeps the clock
 * monotonic once real time takes over again. */
static bool virtual_on;
static uint64_t virtual_now;
static uint64_t virtual_ahead;

static uint64_t host_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec + virtual_ahead;
}

uint64_t plat_monotonic_ns(void) { return virtual_on ? virtual_now : host_monotonic_ns(); }

void plat_linux_virtual_clock(bool on)
{
	if (on == virtual_on)
		return;
	if (on) {
		virtual_now = host_monotonic_ns();
	} else {
		uint64_t real = host_monotonic_ns();
		if (virtual_now > real)
			virtual_ahead += virtual_now - real;
	}
	virtual_on = on;
}

void plat_wallclock(int64_t *sec, long *nsec)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	*sec = ts.tv_sec;
	*nsec = ts.tv_nsec;
}

/* Run the simulated event if it is due; events are enabled on entry. */
static void deliver_event(void)
{
	if (!event_armed || plat_monotonic_ns() < event_due)
		return;
	event_armed = false;
	irq_depth = 1; /* handlers run with events disabled, as on the guest */
	event_handler(event_arg);
	irq_depth = 0;
}

unsigned long plat_irq_save(void) { return irq_depth++; }

void plat_irq_restore(unsigned long flags)
{
	irq_depth = flags;
	if (flags == 0 && event_armed)
		deliver_event();
}

int plat_linux_raise_event_at(uint64_t due_ns, void (*handler)(void *), void *arg)
{
	if (event_armed)
		return RX_EBUSY;
	event_due = due_ns;
	event_handler = handler;
	event_arg = arg;
	event_armed = true;
	return 0;
}

static __attribute__((noreturn)) void fatal(const char *msg)
{
	plat_console_write(msg, strlen(msg));
	plat_crash();
}

void plat_block_until(uint64_t deadline_ns)
{
	/* The scheduler holds exactly one level; more means the thread
	 * blocked inside its own irq-disabled section (or in a handler),
	 * where no event could ever be delivered. */
	if (irq_depth > 1)
		fatal("plat: a thread blocked with events disabled\n");
	uint64_t wake = deadline_ns;
	if (event_armed && (wake == 0 || event_due < wake))
		wake = event_due;
	if (wake == 0)
		fatal("plat: every thread is blocked, no deadline, no event (deadlock)\n");
	if (virtual_on) {
		if (wake > virtual_now)
			virtual_now = wake;
		return;
	}
	wake -= virtual_ahead; /* back to the host clock's scale */
	struct timespec ts = {
	    .tv_sec = (time_t)(wake / 1000000000u),
	    .tv_nsec = (long)(wake % 1000000000u),
	};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

void plat_console_write(const char *buf, size_t len)
{
	fflush(stdout);
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

void plat_set_tls_base(uintptr_t base) { tls_base = base; }

uintptr_t plat_linux_tls_base(void) { return tls_base; }

int plat_stack_alloc(size_t size, void **lowest)
{
	if (size == 0 || size % PAGE_SIZE)
		return RX_EINVAL;
	char *p = mmap(NULL, size + PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return RX_ENOMEM;
	if (mprotect(p, PAGE_SIZE, PROT_NONE) < 0) {
		munmap(p, size + PAGE_SIZE);
		return RX_ENOMEM;
	}
	*lowest = p + PAGE_SIZE;
	return 0;
}

void plat_stack_free(void *lowest, size_t size)
{
	munmap((char *)lowest - PAGE_SIZE, size + PAGE_SIZE);
}

static struct exit_hook *exit_hooks;

void app_at_exit(struct exit_hook *hook)
{
	hook->next = exit_hooks;
	exit_hooks = hook;
}

/* The host's one exit path: the hooks, then the process ends with the
 * status, as the guest's launcher would report it. */
void app_exit(int status)
{
	while (exit_hooks) {
		struct exit_hook *h = exit_hooks;
		exit_hooks = h->next;
		h->fn();
	}
	fflush(stdout);
	exit(status < 0 || status > 255 ? 255 : status);
}

void plat_crash(void)
{
	fflush(stdout);
	_exit(PLAT_LINUX_CRASH_STATUS);
}

int plat_linux_init(size_t heap_bytes)
{
	size_t npages = (heap_bytes + PAGE_SIZE - 1) / PAGE_SIZE;

	if (npages == 0)
		return RX_EINVAL;
	void *p = mmap(NULL, npages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return RX_ENOMEM;
	page_add_region(p, npages);
	sched_init();
	return 0;
}
