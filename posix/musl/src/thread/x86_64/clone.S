/*
 * rumpxen replacement for musl's clone.s: thread creation (and the
 * CLONE_VM|CLONE_VFORK child of posix_spawn).
 *
 * int __clone(int (*func)(void *), void *stack, int flags, void *arg,
 *             pid_t *ptid, void *tls, pid_t *ctid)
 *   rdi = func, rsi = stack, edx = flags, rcx = arg, r8 = ptid,
 *   r9 = tls, 8(%rsp) = ctid
 *
 * Stores func and arg at the 16-byte aligned top of the child's stack
 * and calls
 *   __rx_syscall(SYS_clone, flags, child_sp, ptid, ctid, tls, entry)
 * with Linux's argument order plus entry = __rx_clone_child.
 *
 * Unlike the kernel's clone, the call returns once, in the parent: the
 * child's tid, or -errno. The layer must start the child at `entry`
 * with %rsp = child_sp (16-byte aligned; func at 0(%rsp), arg at
 * 8(%rsp)) and, as Linux does, honour CLONE_SETTLS (FS base = tls),
 * CLONE_PARENT_SETTID (*ptid = tid before returning) and
 * CLONE_CHILD_CLEARTID (at the child's exit: *ctid = 0, then a futex
 * wake on ctid). The child runs func(arg), then exits the thread with
 * func's result. A direct syscall(SYS_clone, ...) passes a garbage
 * sixth argument: the layer can refuse any entry but __rx_clone_child.
 */
#include <bits/syscall.h>

	.text
	.global __clone
	.hidden __clone
	.type __clone,@function
__clone:
	push %rbp
	mov %rsp,%rbp		/* ctid at 16(%rbp) */
	and $-16,%rsi
	sub $16,%rsi
	mov %rdi,0(%rsi)	/* func */
	mov %rcx,8(%rsi)	/* arg */
	mov %edx,%r11d		/* flags: an int, zero-extended */
	mov %rsi,%rdx		/* b = child_sp */
	mov %r11,%rsi		/* a = flags */
	mov %r8,%rcx		/* c = ptid */
	mov 16(%rbp),%r8	/* d = ctid */
				/* e = tls, already in %r9 */
	mov $SYS_clone,%edi
	lea __rx_clone_child(%rip),%rax
	sub $8,%rsp		/* keeps %rsp 16-byte aligned at the call */
	push %rax		/* f = entry */
	call __rx_syscall
	leave
	ret
	.size __clone,.-__clone

/* The child's first instruction; never returns. */
	.global __rx_clone_child
	.hidden __rx_clone_child
	.type __rx_clone_child,@function
__rx_clone_child:
	xor %ebp,%ebp		/* ends backtraces */
	pop %rax		/* func */
	pop %rdi		/* arg */
	call *%rax
	mov %eax,%esi
	mov $SYS_exit,%edi
	xor %edx,%edx
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	sub $8,%rsp
	pushq $0
	call __rx_syscall
	ud2			/* SYS_exit does not return */
	.size __rx_clone_child,.-__rx_clone_child
