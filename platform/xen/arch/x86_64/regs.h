/*
 * Assembly helpers shared by the entry files: the register save area
 * (struct trap_frame in traps.c, lowest address first: r15 .. rax) and
 * the event upcall around its C handler, and the PVH segment selectors (pvh_gdt in pvh_entry.S).
 */
#ifndef RXEN_REGS_H
#define RXEN_REGS_H

#define PVH_CS 0x08
#define PVH_DS 0x10
#define PVH_TSS 0x18

#ifdef __ASSEMBLY__
/* clang-format off */
#define SAVE_REGS		\
	pushq %rax;		\
	pushq %rbx;		\
	pushq %rcx;		\
	pushq %rdx;		\
	pushq %rsi;		\
	pushq %rdi;		\
	pushq %rbp;		\
	pushq %r8;		\
	pushq %r9;		\
	pushq %r10;		\
	pushq %r11;		\
	pushq %r12;		\
	pushq %r13;		\
	pushq %r14;		\
	pushq %r15

#define RESTORE_REGS		\
	popq %r15;		\
	popq %r14;		\
	popq %r13;		\
	popq %r12;		\
	popq %r11;		\
	popq %r10;		\
	popq %r9;		\
	popq %r8;		\
	popq %rbp;		\
	popq %rdi;		\
	popq %rsi;		\
	popq %rdx;		\
	popq %rcx;		\
	popq %rbx;		\
	popq %rax

/* Run the event upcall's C handler with the interrupted registers saved
 * around it, on a stack aligned as the ABI wants (both modes' entries). */
#define UPCALL_SAVED_CALL(fn)	\
	SAVE_REGS;		\
	movq %rsp, %rbx;	/* callee-saved: survives the C call */ \
	andq $-16, %rsp;	\
	call fn;		\
	movq %rbx, %rsp;	\
	RESTORE_REGS
/* clang-format on */
#endif

#endif
