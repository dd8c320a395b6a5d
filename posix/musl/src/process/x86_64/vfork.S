/*
 * rumpxen replacement for musl's vfork.s.
 *
 * pid_t vfork(void)
 *
 * Calls __rx_syscall(SYS_vfork, 0, 0, 0, 0, 0, 0) as an ordinary call
 * and returns through __syscall_ret (errno on failure). The call returns
 * once: the layer must not resume a child through it, because the
 * child would run on the frames the parent goes on to use. Without
 * processes it fails; a later process model must give vfork fork
 * semantics instead.
 */
#include <bits/syscall.h>

	.text
	.global vfork
	.type vfork,@function
vfork:
	mov $SYS_vfork,%edi
	xor %esi,%esi
	xor %edx,%edx
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	pushq $0		/* f; %rsp is now 16-byte aligned */
	call __rx_syscall
	add $8,%rsp
	mov %rax,%rdi
	.hidden __syscall_ret
	jmp __syscall_ret
	.size vfork,.-vfork
