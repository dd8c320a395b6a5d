/*
 * Internal interfaces between the pieces of the Xen platform (boot
 * order, crash path). Not for drivers or applications.
 */
#ifndef RXEN_PLATFORM_H
#define RXEN_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include <rxen/xen.h>

/* Boot steps, in the order xen_boot calls them. */
void traps_init(void);
void time_init(void);
void time_timer_init(void);

/* Monotonic clock value when the first instruction ran (ns), and when
 * main was entered; for boot-time reporting. */
extern uint64_t boot_first_ns;
extern uint64_t boot_main_ns;

/* Write raw bytes to the console (used by the crash path too). */
void xen_console_write(const char *buf, size_t len);

/* Print a backtrace starting from frame pointer rbp (crash paths). */
void backtrace_print(uint64_t rip, uint64_t rbp);
/* Name of the function containing addr and the offset into it, or NULL. */
const char *symbol_lookup(uint64_t addr, uint64_t *offset);

/* If addr is in the guard page of a thread stack, the thread's lowest
 * usable stack address; else 0. */
int mm_is_stack_guard(uint64_t addr);

/* Polled xenstore write for the exit path (no events, no threads).
 * Path relative to the domain home unless absolute. */
int store_poll_write(const char *path, const char *value);

/* Work for the application's exit, e.g. a driver logging its counters:
 * app_exit runs every registered hook once, newest first, in thread
 * context before it records the status. The hook must stay valid. */
struct exit_hook {
	void (*fn)(void);
	struct exit_hook *next;
};
void app_at_exit(struct exit_hook *hook);

/* The application's exit (thread context): run the exit hooks, record
 * the status through the xenstore client, then power off. */
__attribute__((noreturn)) void app_exit(int status);
/* Power off with a status (0..255; others become 255); unless
 * `recorded`, write it to xenstore first with the polled client (any
 * context). */
__attribute__((noreturn)) void xen_poweroff(int status, int recorded);

#endif
