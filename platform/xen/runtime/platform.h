/*
 * Internal interfaces between the pieces of the Xen platform (boot
 * order, crash path). Not for drivers or applications.
 */
#ifndef RXEN_PLATFORM_H
#define RXEN_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include <runtime/xen.h>

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

/* Power off (any context). A status the launcher must see has been
 * recorded before (app/exit.c); as dom0 (direct boot) the status goes
 * to the emulator's exit port instead. */
__attribute__((noreturn)) void xen_poweroff(int status);
/* Shut down as crashed (any context): the launcher reports a crash. */
__attribute__((noreturn)) void xen_crash(void);

#endif
