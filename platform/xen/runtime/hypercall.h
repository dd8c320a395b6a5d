/*
 * Hypercalls through the hypercall page (filled by Xen at boot: from the
 * ELF note under PV, after pvh_boot names it through the MSR CPUID gives
 * under PVH; entry N is at hypercall_page + 32*N). x86-64 convention: arguments in
 * rdi, rsi, rdx, r10, r8; result in rax; rcx and r11 are clobbered, and
 * debug builds of Xen also scribble over the argument registers, so
 * every argument register is declared as an output.
 *
 * All wrappers return Xen's result: 0 / a non-negative value, or a
 * negative Xen errno (<xen/errno.h> numbering, not rx_error).
 * Callable from any context, including irq.
 */
#ifndef RXEN_HYPERCALL_H
#define RXEN_HYPERCALL_H

#include <runtime/xen.h>

extern char hypercall_page[4096];

#define RX_HCALL_ENTRY(nr) (hypercall_page + (nr)*32)

static inline long rx_hypercall5(unsigned nr, unsigned long a1, unsigned long a2, unsigned long a3,
				 unsigned long a4, unsigned long a5)
{
	register unsigned long r_di __asm__("rdi") = a1;
	register unsigned long r_si __asm__("rsi") = a2;
	register unsigned long r_dx __asm__("rdx") = a3;
	register unsigned long r_10 __asm__("r10") = a4;
	register unsigned long r_8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("call *%[entry]"
			 : "=a"(ret), "+r"(r_di), "+r"(r_si), "+r"(r_dx), "+r"(r_10), "+r"(r_8)
			 : [entry] "r"(RX_HCALL_ENTRY(nr))
			 : "rcx", "r11", "memory");
	return ret;
}

#define rx_hypercall0(nr) rx_hypercall5(nr, 0, 0, 0, 0, 0)
#define rx_hypercall1(nr, a) rx_hypercall5(nr, (unsigned long)(a), 0, 0, 0, 0)
#define rx_hypercall2(nr, a, b) rx_hypercall5(nr, (unsigned long)(a), (unsigned long)(b), 0, 0, 0)
#define rx_hypercall3(nr, a, b, c)                                                                 \
	rx_hypercall5(nr, (unsigned long)(a), (unsigned long)(b), (unsigned long)(c), 0, 0)
#define rx_hypercall4(nr, a, b, c, d)                                                              \
	rx_hypercall5(nr, (unsigned long)(a), (unsigned long)(b), (unsigned long)(c),              \
		      (unsigned long)(d), 0)

static inline long HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return rx_hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_mmu_update(mmu_update_t *req, unsigned count, unsigned *done,
					 domid_t dom)
{
	return rx_hypercall4(__HYPERVISOR_mmu_update, req, count, done, dom);
}

static inline long HYPERVISOR_mmuext_op(struct mmuext_op *op, unsigned count, unsigned *done,
					domid_t dom)
{
	return rx_hypercall4(__HYPERVISOR_mmuext_op, op, count, done, dom);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
	return rx_hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

static inline long HYPERVISOR_set_callbacks(unsigned long event_addr, unsigned long failsafe_addr,
					    unsigned long syscall_addr)
{
	return rx_hypercall3(__HYPERVISOR_set_callbacks, event_addr, failsafe_addr, syscall_addr);
}

static inline long HYPERVISOR_callback_op(int cmd, void *arg)
{
	return rx_hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return rx_hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_set_timer_op(uint64_t deadline_ns)
{
	return rx_hypercall1(__HYPERVISOR_set_timer_op, deadline_ns);
}

static inline long HYPERVISOR_memory_op(unsigned cmd, void *arg)
{
	return rx_hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

/* flags: UVMF_INVLPG / UVMF_TLB_FLUSH | UVMF_LOCAL etc. */
static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
	return rx_hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_update_va_mapping_otherdomain(unsigned long va, uint64_t pte,
							    unsigned long flags, domid_t dom)
{
	return rx_hypercall4(__HYPERVISOR_update_va_mapping_otherdomain, va, pte, flags, dom);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return rx_hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned count, const char *buf)
{
	return rx_hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return rx_hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_grant_table_op(unsigned cmd, void *uop, unsigned count)
{
	return rx_hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned vcpu, void *arg)
{
	return rx_hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return rx_hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

static inline long HYPERVISOR_set_segment_base(int which, unsigned long base)
{
	return rx_hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long HYPERVISOR_vm_assist(unsigned cmd, unsigned type)
{
	return rx_hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
	return rx_hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_hvm_op(int cmd, void *arg)
{
	return rx_hypercall2(__HYPERVISOR_hvm_op, cmd, arg);
}

/* Translate a negative Xen errno into an rx_error (for callers that
 * report hypercall failures through the platform's numbering). */
int xen_errno_to_rx(long xen_err);

#endif
