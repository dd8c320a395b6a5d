/*
 * Clock and timers from Xen's per-vcpu time record.
 *
 * System time: Xen publishes (system_time, tsc_timestamp, mul, shift)
 * under a version counter that is odd while an update is in progress;
 * read until the version is even and unchanged. Elapsed TSC ticks are
 * shifted, then multiplied by the 32.32 fixed-point mul (128-bit
 * product). plat_monotonic_ns counts from the first reading at boot and
 * never goes backwards.
 *
 * Blocking: arm the one-shot timer for the deadline, then wait for an
 * event (PV: SCHEDOP_block; PVH: hlt); the VIRQ_TIMER event (or any
 * other) ends the wait.
 */
#include <runtime/evtchn.h>
#include <runtime/hypercall.h>
#include <runtime/mode.h>
#include <runtime/platform.h>
#include <runtime/shared_info.h>

#include <core/log.h>
#include <core/plat.h>

uint64_t boot_first_ns;
uint64_t boot_main_ns;

static uint64_t boot_system_ns; /* Xen system time at boot */
static uint64_t last_ns;	/* monotonic floor */
static uint64_t timer_events;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t xen_system_ns(void)
{
	volatile struct vcpu_time_info *t = &xen_vcpu0()->time;
	uint32_t version;
	uint64_t ns;

	do {
		version = t->version;
		rx_barrier();
		uint64_t delta = rdtsc() - t->tsc_timestamp;
		int8_t shift = t->tsc_shift;
		if (shift < 0)
			delta >>= -shift;
		else
			delta <<= shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		rx_barrier();
	} while ((version & 1) || version != t->version);
	return ns;
}

uint64_t plat_monotonic_ns(void)
{
	uint64_t now = xen_system_ns() - boot_system_ns;
	/* Per-update rounding can step back a little; clamp. Single vcpu:
	 * a plain read-modify-write is enough. */
	unsigned long flags = plat_irq_save();
	if (now < last_ns)
		now = last_ns;
	else
		last_ns = now;
	plat_irq_restore(flags);
	return now;
}

void plat_wallclock(int64_t *sec, long *nsec)
{
	shared_info_t *s = xen_shared_info;
	uint32_t version;
	uint64_t wc_sec, wc_nsec;

	do {
		version = s->wc_version;
		rx_barrier();
		wc_sec = s->wc_sec | ((uint64_t)s->wc_sec_hi << 32);
		wc_nsec = s->wc_nsec;
		rx_barrier();
	} while ((version & 1) || version != s->wc_version);

	uint64_t total = wc_nsec + xen_system_ns();
	*sec = (int64_t)(wc_sec + total / 1000000000ull);
	*nsec = (long)(total % 1000000000ull);
}

static void timer_event(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	/* The event itself ends SCHEDOP_block; nothing else to do. */
	timer_events++;
}

void time_init(void)
{
	boot_system_ns = xen_system_ns();
	boot_first_ns = 0;
}

void time_timer_init(void)
{
	evtchn_port_t port;

	/* Only the one-shot deadlines plat_block_until asks for: make sure
	 * no periodic tick (a PV default on some Xen versions) runs. */
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	int rc = evtchn_bind_virq(VIRQ_TIMER, timer_event, NULL, &port);
	if (rc)
		panic("time: cannot bind VIRQ_TIMER (%d)", rc);
}

void plat_block_until(uint64_t deadline_ns)
{
	if (deadline_ns) {
		if (plat_monotonic_ns() >= deadline_ns)
			return;
		HYPERVISOR_set_timer_op(deadline_ns + boot_system_ns);
	}
	/* Returns at once if an event is already pending; otherwise the
	 * upcall may run inside the wait. Handlers only wake threads. */
	xen_mode->events_wait();
}
