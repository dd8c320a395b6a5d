/*
 * rumpxen replacement for musl's __set_thread_area.s.
 *
 * int __set_thread_area(void *tp)      (rdi = tp)
 *   Makes tp the calling thread's thread pointer: musl reads its thread
 *   descriptor at %fs:0. Returns 0 or -errno.
 *
 * Calls __rx_syscall(SYS_arch_prctl, ARCH_SET_FS, tp, 0, 0, 0, 0).
 * The layer must set the FS base of the calling thread to tp and keep
 * it as that thread's FS base across every thread switch.
 */
#include <bits/syscall.h>

/* ARCH_SET_FS from Linux's <asm/prctl.h>; musl's headers lack it. */
#define ARCH_SET_FS 0x1002

	.text
	.global __set_thread_area
	.hidden __set_thread_area
	.type __set_thread_area,@function
__set_thread_area:
	push %rbp
	mov %rsp,%rbp
	mov %rdi,%rdx
	mov $ARCH_SET_FS,%esi
	mov $SYS_arch_prctl,%edi
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	sub $8,%rsp		/* keeps %rsp 16-byte aligned at the call */
	pushq $0		/* argument f */
	call __rx_syscall
	leave
	ret
	.size __set_thread_area,.-__set_thread_area
