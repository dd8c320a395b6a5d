/*
 * Exceptions. Every exception is fatal for this guest: print a crash
 * report (what, where, registers, fault address, thread, backtrace)
 * and crash the domain. The report is written straight to the console
 * with events disabled and no allocation, so it works from any state.
 */
#include <arch/x86_64/traps.h>
#include <runtime/mode.h>
#include <runtime/platform.h>

#include <core/log.h>
#include <core/plat.h>
#include <core/sched.h>

/* Saved by trap_common in entry.S (lowest address first). */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

void trap_handle(struct trap_frame *f);

static const char *vector_name(uint64_t vec)
{
#define NAME_CASE(v, short, name)                                                                  \
	case v:                                                                                    \
		return name;
	switch (vec) {
		TRAP_LIST(NAME_CASE)
	case TRAP_FAILSAFE:
		return "failsafe callback (bad segment on return)";
	default:
		return "unknown exception";
	}
}

static void panic_backtrace(void)
{
	backtrace_print((uint64_t)(uintptr_t)__builtin_return_address(0),
			(uint64_t)(uintptr_t)__builtin_frame_address(0));
}

void traps_init(void)
{
	xen_mode->traps_init();
	panic_backtrace_hook = panic_backtrace;
}

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		xen_console_write(buf, (size_t)n);
}

static int in_crash;

void trap_handle(struct trap_frame *f)
{
	uint64_t cr2 = xen_mode->fault_address();
	struct thread *self = thread_self();
	const char *tname = self ? thread_name(self) : "boot";

	if (in_crash++) {
		emit("\nrumpxen: fault while reporting a crash (vector %lu at %lx)\n",
		     (unsigned long)f->vector, (unsigned long)f->rip);
		plat_crash();
	}
	/* Stack overflow: a page fault on a guard page, or under PVH the
	 * double fault raised when that fault could not be pushed onto the
	 * exhausted stack (it runs on a stack of its own). */
	if ((f->vector == 14 || f->vector == 8) && mm_is_stack_guard(cr2)) {
		uint64_t off;
		const char *fn = symbol_lookup(f->rip, &off);
		if (fn)
			emit("\nrumpxen: CRASH: stack overflow in thread %s at rip %#lx %s+%#lx "
			     "(guard page %lx)\n",
			     tname, (unsigned long)f->rip, fn, (unsigned long)off,
			     (unsigned long)cr2);
		else
			emit(
			    "\nrumpxen: CRASH: stack overflow in thread %s at rip %#lx (guard page "
			    "%lx)\n",
			    tname, (unsigned long)f->rip, (unsigned long)cr2);
	} else
		emit("\nrumpxen: CRASH: %s (vector %lu, error %#lx) in thread %s\n",
		     vector_name(f->vector), (unsigned long)f->vector, (unsigned long)f->error,
		     tname);
	if (f->vector == 14)
		emit("  fault address (cr2) %#018lx: %s %s access, %s\n", (unsigned long)cr2,
		     (f->error & 4) ? "user" : "kernel", (f->error & 2) ? "write" : "read",
		     (f->error & 1) ? "protection violation" : "page not present");
	emit("  rip %#018lx rsp %#018lx rflags %#lx\n", (unsigned long)f->rip,
	     (unsigned long)f->rsp, (unsigned long)f->rflags);
	emit("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", (unsigned long)f->rax,
	     (unsigned long)f->rbx, (unsigned long)f->rcx, (unsigned long)f->rdx);
	emit("  rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", (unsigned long)f->rsi,
	     (unsigned long)f->rdi, (unsigned long)f->rbp, (unsigned long)f->r8);
	emit("  r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n", (unsigned long)f->r9,
	     (unsigned long)f->r10, (unsigned long)f->r11, (unsigned long)f->r12);
	emit("  r13 %016lx r14 %016lx r15 %016lx\n", (unsigned long)f->r13, (unsigned long)f->r14,
	     (unsigned long)f->r15);
	backtrace_print(f->rip, f->rbp);
	plat_crash();
}
