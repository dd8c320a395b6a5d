/*
 * The platform interface (core/plat.h) on Linux, so the core and the
 * layers above it run as an ordinary host process for tests and
 * benchmarks.
 *
 * Events: the host has no event channels, but a test may schedule one
 * simulated event (plat_linux_raise_event_at). Its handler runs like an
 * event upcall on the guest: with events disabled, when the code that
 * disabled them restores them (or in the idle path once it is due).
 * plat_irq_save/restore only count nesting, so they stay cheap.
 *
 * Misuse is reported, not hung: blocking with no deadline and no
 * pending event (a deadlock), and blocking while the caller itself had
 * events disabled, print a message and end the process with
 * PLAT_LINUX_CRASH_STATUS.
 */
#ifndef HOST_PLAT_LINUX_H
#define HOST_PLAT_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Give the core a heap of heap_bytes (mmap'd, rounded up to pages) and
 * make the calling context the boot thread. Call once, first. Returns 0
 * or an rx_error.
 */
int plat_linux_init(size_t heap_bytes);

/* The TLS base the scheduler last asked for. The host never loads it
 * into %fs (the C library owns that register here); tests read it. */
uintptr_t plat_linux_tls_base(void);

/*
 * Run handler(arg) as an event handler once monotonic time reaches
 * due_ns. One simulated event may be pending at a time: RX_EBUSY when
 * another one is. Thread context only.
 */
int plat_linux_raise_event_at(uint64_t due_ns, void (*handler)(void *), void *arg);

/*
 * Virtual time, for tests of ordering and deadline arithmetic that must
 * not depend on how busy the host is. While on, the monotonic clock
 * stands still except when every thread is blocked: then it jumps to the
 * earliest deadline (or pending event) instead of sleeping. Turning it
 * off resumes real time, never going backwards.
 */
void plat_linux_virtual_clock(bool on);

/* Status plat_crash exits with, so a test can tell a crash from a halt. */
#define PLAT_LINUX_CRASH_STATUS 134

#endif
