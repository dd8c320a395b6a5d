/*
 * Thread context switch for the cooperative scheduler (SysV x86-64).
 *
 * Only what the ABI makes callee-saved needs saving, because a switch
 * is an ordinary function call for both sides: %rbx, %rbp, %r12-%r15,
 * %rsp, the x87 control word and MXCSR (rump kernel code compiled with
 * SSE runs on these threads and may change rounding or masks).
 *
 * Frame on the saved stack, lowest address first (sched_thread.c builds
 * the same frame for a thread that never ran):
 *	0: MXCSR (low 4 bytes), x87 control word (bytes 4-5)
 *	8: r15, r14, r13, r12, rbx, rbp
 *	56: return address
 */
	.text

/* void arch_context_switch(void **save_sp, void *load_sp) */
	.globl arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)

	movq %rsi, %rsp
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size arch_context_switch, . - arch_context_switch

/*
 * First return target of a new thread. %rsp is 16-byte aligned here, so
 * the call below enters C with the alignment the ABI requires. A zero
 * %rbp ends frame-pointer backtraces at the thread's first frame.
 */
	.globl arch_thread_trampoline
	.type arch_thread_trampoline, @function
arch_thread_trampoline:
	xorl %ebp, %ebp
	call sched_thread_start
	ud2
	.size arch_thread_trampoline, . - arch_thread_trampoline

	.section .note.GNU-stack, "", @progbits
