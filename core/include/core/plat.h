/*
 * What the core needs from the layer below it. platform/xen implements
 * these for the guest; platform/linux implements them on Linux so the
 * core (and the layers above it) run and are tested on the host.
 *
 * Context: "irq" below means the asynchronous event upcall (Xen event
 * channels). Code running in it may only wake threads (waitq_wake_*).
 */
#ifndef CORE_PLAT_H
#define CORE_PLAT_H

#include <stddef.h>
#include <stdint.h>

/* Monotonic time in nanoseconds since boot. Read the clock on every call. */
uint64_t plat_monotonic_ns(void);

/* Wall-clock time: seconds and nanoseconds since the Unix epoch. */
void plat_wallclock(int64_t *sec, long *nsec);

/* Disable / restore asynchronous event delivery; nests. */
unsigned long plat_irq_save(void);
void plat_irq_restore(unsigned long flags);

/*
 * Called by the scheduler when no thread is runnable, with events
 * disabled. Wait until an event is pending or monotonic time reaches
 * deadline_ns (0 = no deadline), then return, still with events
 * disabled. Pending handlers run when the caller restores events.
 */
void plat_block_until(uint64_t deadline_ns);

/* Write bytes to the console; never drops bytes, may spin briefly. */
void plat_console_write(const char *buf, size_t len);

/* Make `base` the FS base (TLS pointer) of the running context. */
void plat_set_tls_base(uintptr_t base);

/*
 * Thread stacks. Allocate `size` bytes (a multiple of the page size)
 * of stack with an unmapped guard page below it; *lowest receives the
 * lowest usable address. Return 0 or an rx_error.
 */
int plat_stack_alloc(size_t size, void **lowest);
void plat_stack_free(void *lowest, size_t size);

/* End the guest as crashed (panic, fatal trap); the launcher reports a
 * crash. An orderly end is the application's business (rumpxen/app.h). */
__attribute__((noreturn)) void plat_crash(void);

#endif
