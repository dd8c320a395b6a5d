/*
 * The layer's Linux ABI against the build host's C library headers
 * (glibc, built from its own copy of the kernel's definitions): the
 * generated system-call and errno numbers, the hand-written layouts and
 * constants of posix/linux_abi.h.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "posix/linux_abi.h"
#include "posix/linux_errno.h"
#include "posix/linux_sysnr.h"
#include "posix/syscall.h"

#define SAME_NR(name)                                                                              \
	CHECK(LX_SYS_##name == SYS_##name, #name ": %d, glibc %d", (int)LX_SYS_##name,             \
	      (int)SYS_##name);                                                                    \
	CHECK(posix_syscall_name(LX_SYS_##name) &&                                                 \
		  !strcmp(posix_syscall_name(LX_SYS_##name), #name),                               \
	      #name " is named")

static void test_sysnr(void)
{
	/* The phase-1 calls and those musl's start-up, threads and stdio use. */
	SAME_NR(read);
	SAME_NR(write);
	SAME_NR(writev);
	SAME_NR(getrandom);
	SAME_NR(uname);
	SAME_NR(getpid);
	SAME_NR(getuid);
	SAME_NR(geteuid);
	SAME_NR(getgid);
	SAME_NR(getegid);
	SAME_NR(clock_gettime);
	SAME_NR(arch_prctl);
	SAME_NR(set_tid_address);
	SAME_NR(clone);
	SAME_NR(futex);
	SAME_NR(exit);
	SAME_NR(exit_group);
	SAME_NR(munmap);
	SAME_NR(mmap);
	SAME_NR(brk);
	SAME_NR(rt_sigreturn);
	SAME_NR(rt_sigprocmask);
	SAME_NR(vfork);
	SAME_NR(ioctl);
	SAME_NR(set_mempolicy_home_node);
}

#define SAME_ERR(name) CHECK(LX_##name == name, #name ": %d, glibc %d", LX_##name, name)

static void test_errno(void)
{
	SAME_ERR(EPERM);
	SAME_ERR(EIO);
	SAME_ERR(EBADF);
	SAME_ERR(EAGAIN);
	SAME_ERR(EFAULT);
	SAME_ERR(EINVAL);
	SAME_ERR(ENOSYS);
	SAME_ERR(EINTR);
	SAME_ERR(ETIMEDOUT);
	SAME_ERR(EHWPOISON);
}

#define SAME_FIELD(ours, theirs, field)                                                            \
	CHECK(offsetof(ours, field) == offsetof(theirs, field), #field " offset");                 \
	CHECK(sizeof(((ours *)0)->field) == sizeof(((theirs *)0)->field), #field " size")

static void test_layouts(void)
{
	CHECK(sizeof(struct lx_iovec) == sizeof(struct iovec), "iovec size");
	SAME_FIELD(struct lx_iovec, struct iovec, iov_base);
	SAME_FIELD(struct lx_iovec, struct iovec, iov_len);
	CHECK(LX_UIO_MAXIOV == IOV_MAX, "UIO_MAXIOV %d, IOV_MAX %d", LX_UIO_MAXIOV, IOV_MAX);

	CHECK(sizeof(struct lx_timespec) == sizeof(struct timespec), "timespec size");
	SAME_FIELD(struct lx_timespec, struct timespec, tv_sec);
	SAME_FIELD(struct lx_timespec, struct timespec, tv_nsec);

	CHECK(sizeof(struct lx_utsname) == sizeof(struct utsname), "utsname size");
	SAME_FIELD(struct lx_utsname, struct utsname, sysname);
	SAME_FIELD(struct lx_utsname, struct utsname, nodename);
	SAME_FIELD(struct lx_utsname, struct utsname, release);
	SAME_FIELD(struct lx_utsname, struct utsname, version);
	SAME_FIELD(struct lx_utsname, struct utsname, machine);
	SAME_FIELD(struct lx_utsname, struct utsname, domainname);

	/* Linux's MAX_RW_COUNT: INT_MAX rounded down to a page. */
	long page = sysconf(_SC_PAGESIZE);
	CHECK(LX_MAX_RW_COUNT == (INT_MAX & ~(page - 1)), "MAX_RW_COUNT");
}

#define SAME_CONST(name) CHECK(LX_##name == name, #name ": %d, glibc %d", (int)LX_##name, (int)name)

static void test_constants(void)
{
	SAME_CONST(CLOCK_REALTIME);
	SAME_CONST(CLOCK_MONOTONIC);
	SAME_CONST(CLOCK_PROCESS_CPUTIME_ID);
	SAME_CONST(CLOCK_THREAD_CPUTIME_ID);
	SAME_CONST(CLOCK_MONOTONIC_RAW);
	SAME_CONST(CLOCK_REALTIME_COARSE);
	SAME_CONST(CLOCK_MONOTONIC_COARSE);
	SAME_CONST(CLOCK_BOOTTIME);
	SAME_CONST(CLOCK_REALTIME_ALARM);
	SAME_CONST(CLOCK_BOOTTIME_ALARM);
	SAME_CONST(CLOCK_TAI);
	SAME_CONST(GRND_NONBLOCK);
	SAME_CONST(GRND_RANDOM);
	SAME_CONST(GRND_INSECURE);
}

int main(int argc, char **argv)
{
	harness_begin(argc, argv, "posix abi");
	harness_run("system-call numbers and names match glibc's", test_sysnr);
	harness_run("errno values match glibc's", test_errno);
	harness_run("iovec, timespec, utsname layouts", test_layouts);
	harness_run("clock ids and getrandom flags", test_constants);
	return harness_end();
}
