/*
 * rumpxen replacement for musl's arch/x86_64/syscall_arch.h.
 *
 * Every system call musl makes from C goes through these inline
 * functions. They call the system-call layer (posix/) as an ordinary
 * function and never execute the `syscall` instruction, which in a Xen
 * PV guest is a hypercall.
 *
 * Contract of __rx_syscall (declared for the layer in
 * posix/include/posix/syscall.h):
 *   n       Linux x86-64 system-call number
 *   a..f    the call's arguments as Linux takes them; unused ones are 0
 *   result  >= 0 on success, or -errno with Linux errno values, which
 *           musl's __syscall_ret turns into errno
 * Being a C call, it may clobber every register the SysV ABI lets a call
 * clobber (more than the instruction's rcx and r11); the compiler knows.
 */

long __rx_syscall(long n, long a, long b, long c, long d, long e, long f);

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

static __inline long __syscall0(long n) { return __rx_syscall(n, 0, 0, 0, 0, 0, 0); }

static __inline long __syscall1(long n, long a1) { return __rx_syscall(n, a1, 0, 0, 0, 0, 0); }

static __inline long __syscall2(long n, long a1, long a2)
{
	return __rx_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __rx_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __rx_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	return __rx_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return __rx_syscall(n, a1, a2, a3, a4, a5, a6);
}

/* No VDSO_USEFUL: there is no vDSO, so clock_gettime and getcpu always
 * call the layer instead of searching the auxiliary vector for one. */

#define IPC_64 0
