/*
 * rumpxen replacement for musl's syscall_cp.s: the cancellable system
 * call (read, write, waits, ...: every cancellation point).
 *
 * long __syscall_cp_asm(volatile int *cancel, long n,
 *                       long a, long b, long c, long d, long e, long f)
 *   rdi = cancel, rsi = n, rdx..r9 = a..d, 8(%rsp) = e, 16(%rsp) = f
 *
 * If *cancel is set the call is not made: __cp_cancel acts on it.
 * Otherwise calls __rx_syscall(n, a, b, c, d, e, f) and returns its
 * result. musl's cancellation handler redirects a thread interrupted
 * between __cp_begin and __cp_end to __cp_cancel; the window ends right
 * after the call, so a call that completed is never cancelled.
 *
 * A thread interrupted while inside the layer is not in the window. The
 * layer must therefore end a blocking call of a thread asked to cancel
 * (by tgkill with musl's SIGCANCEL) with -EINTR: musl's __syscall_cp_c
 * then sees *cancel set and cancels.
 */
#include <bits/syscall.h>

	.text
	.global __cp_begin
	.hidden __cp_begin
	.global __cp_end
	.hidden __cp_end
	.global __cp_cancel
	.hidden __cp_cancel
	.hidden __cancel
	.global __syscall_cp_asm
	.hidden __syscall_cp_asm
	.type __syscall_cp_asm,@function
__syscall_cp_asm:
__cp_begin:
	mov (%rdi),%eax
	test %eax,%eax
	jnz __cp_cancel
	push %rbp
	mov %rsp,%rbp		/* e at 16(%rbp), f at 24(%rbp) */
	mov %rsi,%rdi
	mov %rdx,%rsi
	mov %rcx,%rdx
	mov %r8,%rcx
	mov %r9,%r8
	mov 16(%rbp),%r9
	sub $8,%rsp		/* keeps %rsp 16-byte aligned at the call */
	pushq 24(%rbp)
	call __rx_syscall
__cp_end:
	leave
	ret
__cp_cancel:
	jmp __cancel
	.size __syscall_cp_asm,.-__syscall_cp_asm
