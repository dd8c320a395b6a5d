/*
 * Clocks and sleeping. gettime reads the platform clock on every call
 * (the kernel's DELAY() busy-waits on ABSMONO holding its CPU); sleep
 * always releases the rump CPU and returns 0 only when the time has
 * really come (early wake-ups are retried here).
 */
#include "rumpuser_priv.h"

#include <core/plat.h>
#include <core/sched.h>

#define NSEC_PER_SEC 1000000000ull

/* sec/nsec as nanoseconds; negative totals become 0, huge ones saturate. */
static uint64_t to_ns(int64_t sec, int64_t nsec)
{
	int64_t carry = nsec / (int64_t)NSEC_PER_SEC;
	int64_t rest = nsec % (int64_t)NSEC_PER_SEC;

	if (rest < 0) {
		rest += NSEC_PER_SEC;
		carry--;
	}
	if (sec > INT64_MAX - carry)
		return UINT64_MAX;
	sec += carry;
	if (sec < 0)
		return 0;
	if ((uint64_t)sec > (UINT64_MAX - (uint64_t)rest) / NSEC_PER_SEC)
		return UINT64_MAX;
	return (uint64_t)sec * NSEC_PER_SEC + (uint64_t)rest;
}

uint64_t rumpuser__deadline_after(int64_t sec, int64_t nsec)
{
	uint64_t now = plat_monotonic_ns(), d = to_ns(sec, nsec);
	uint64_t deadline = d > UINT64_MAX - now ? UINT64_MAX : now + d;

	return deadline != 0 ? deadline : 1; /* 0 would mean "no deadline" */
}

int rumpuser_clock_gettime(int clk, int64_t *sec, long *nsec)
{
	uint64_t ns;

	if (sec == NULL || nsec == NULL)
		return NB_EINVAL;
	switch (clk) {
	case RUMPUSER_CLOCK_RELWALL:
		plat_wallclock(sec, nsec);
		return 0;
	case RUMPUSER_CLOCK_ABSMONO:
		ns = plat_monotonic_ns();
		*sec = (int64_t)(ns / NSEC_PER_SEC);
		*nsec = (long)(ns % NSEC_PER_SEC);
		return 0;
	default:
		return NB_EINVAL;
	}
}

/* RELWALL: relative duration; ABSMONO: absolute monotonic deadline. */
int rumpuser_clock_sleep(int clk, int64_t sec, long nsec)
{
	uint64_t deadline;
	int held;

	switch (clk) {
	case RUMPUSER_CLOCK_RELWALL:
		deadline = rumpuser__deadline_after(sec, nsec);
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		deadline = to_ns(sec, nsec);
		break;
	default:
		return NB_EINVAL;
	}
	held = rumpuser__unschedule(NULL);
	while (plat_monotonic_ns() < deadline)
		sched_sleep_until(deadline);
	rumpuser__reschedule(held, NULL);
	return 0;
}
