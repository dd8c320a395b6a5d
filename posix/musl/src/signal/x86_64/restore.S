/*
 * rumpxen replacement for musl's restore.s: the signal return
 * trampoline, which sigaction installs as sa_restorer.
 *
 * A handler returns here with %rsp pointing just above the return
 * address the layer pushed when it delivered the signal, where (as in
 * Linux's rt_sigframe) the saved ucontext_t begins.
 *
 * Calls __rx_syscall(SYS_rt_sigreturn, sp, 0, 0, 0, 0, 0) with
 * sp = that %rsp. The layer must restore the interrupted context (and
 * signal mask) from the ucontext at sp; the call never returns.
 */
#include <bits/syscall.h>

	.text
	nop			/* unwinders look one byte before the return address */
	.global __restore_rt
	.hidden __restore_rt
	.type __restore_rt,@function
__restore_rt:
	mov %rsp,%rsi
	mov $SYS_rt_sigreturn,%edi
	xor %edx,%edx
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	and $-16,%rsp		/* the frame stays above %rsp */
	sub $8,%rsp
	pushq $0
	call __rx_syscall
	ud2			/* rt_sigreturn does not return */
	.size __restore_rt,.-__restore_rt
