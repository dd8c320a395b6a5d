/*
 * rumpxen replacement for musl's __unmapself.s: the last act of a
 * detached thread, which frees its own stack and exits.
 *
 * _Noreturn void __unmapself(void *base, size_t size)
 *   rdi = base, rsi = size
 *
 * Calls __rx_syscall(SYS_munmap, base, size, 0, 0, 0, 0) and then
 * __rx_syscall(SYS_exit, 0, 0, 0, 0, 0, 0) while still running on the
 * stack inside [base, base + size). The layer's munmap must therefore
 * not hand out a range holding the calling thread's stack until that
 * thread has exited (the scheduler reaps it after the switch away).
 */
#include <bits/syscall.h>

	.text
	.global __unmapself
	.type __unmapself,@function
__unmapself:
	mov %rsi,%rdx		/* b = size */
	mov %rdi,%rsi		/* a = base */
	mov $SYS_munmap,%edi
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	pushq $0		/* f; %rsp is now 16-byte aligned */
	call __rx_syscall
	mov $SYS_exit,%edi
	xor %esi,%esi
	xor %edx,%edx
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	call __rx_syscall
	ud2			/* SYS_exit does not return */
	.size __unmapself,.-__unmapself
