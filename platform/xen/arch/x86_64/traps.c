/*
 * Exceptions. Every exception is fatal for this guest: print a crash
 * report (what, where, registers, fault address, thread, backtrace)
 * and crash the domain. The report is written straight to the console
 * with events disabled and no allocation, so it works from any state.
 */
#include <runtime/hypercall.h>
#include <runtime/platform.h>
#include <runtime/shared_info.h>

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

/* clang-format off */
#define TRAP_LIST(X)                                                                       \
	X(0, de, "divide error") X(1, db, "debug") X(2, nmi, "NMI") X(3, bp, "breakpoint") \
	X(4, of, "overflow") X(5, br, "bound range") X(6, ud, "invalid opcode")            \
	X(7, nm, "device not available") X(8, df, "double fault")                          \
	X(9, cso, "coprocessor segment overrun") X(10, ts, "invalid TSS")                  \
	X(11, np, "segment not present") X(12, ss, "stack-segment fault")                  \
	X(13, gp, "general protection") X(14, pf, "page fault")                            \
	X(15, spurious, "spurious interrupt") X(16, mf, "x87 floating point")              \
	X(17, ac, "alignment check") X(18, mc, "machine check")                            \
	X(19, xm, "SIMD floating point") X(20, ve, "virtualization")                       \
	X(21, cp, "control protection")
/* clang-format on */

#define DECLARE_ENTRY(vec, short, name) extern char trap_##short[];
TRAP_LIST(DECLARE_ENTRY)

static const char *vector_name(uint64_t vec)
{
#define NAME_CASE(v, short, name)                                                                  \
	case v:                                                                                    \
		return name;
	switch (vec) {
		TRAP_LIST(NAME_CASE)
	case 256:
		return "failsafe callback (bad segment on return)";
	default:
		return "unknown exception";
	}
}

/* Flags: DPL 3 (so int3 works from our ring-3 kernel) and bit 2, which
 * makes Xen disable events on entry. */
#define TI_FLAGS (3 | 4)

static void panic_backtrace(void)
{
	backtrace_print((uint64_t)(uintptr_t)__builtin_return_address(0),
			(uint64_t)(uintptr_t)__builtin_frame_address(0));
}

void traps_init(void)
{
#define TABLE_ENTRY(vec, short, name) {vec, TI_FLAGS, FLAT_KERNEL_CS, (unsigned long)trap_##short},
	static struct trap_info table[] = {TRAP_LIST(TABLE_ENTRY){0, 0, 0, 0}};
	extern char hypervisor_callback[], failsafe_callback[];

	if (HYPERVISOR_set_trap_table(table))
		panic("traps: set_trap_table failed");
	if (HYPERVISOR_set_callbacks((unsigned long)hypervisor_callback,
				     (unsigned long)failsafe_callback, 0))
		panic("traps: set_callbacks failed");
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
	uint64_t cr2 = xen_shared_info ? xen_vcpu0()->arch.cr2 : 0;
	struct thread *self = thread_self();
	const char *tname = self ? thread_name(self) : "boot";

	if (in_crash++) {
		emit("\nrumpxen: fault while reporting a crash (vector %lu at %lx)\n",
		     (unsigned long)f->vector, (unsigned long)f->rip);
		plat_crash();
	}
	if (f->vector == 14 && mm_is_stack_guard(cr2))
		emit("\nrumpxen: CRASH: stack overflow in thread %s (guard page %lx)\n", tname,
		     (unsigned long)cr2);
	else
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
