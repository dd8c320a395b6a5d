/*
 * The few Linux x86-64 user-ABI types and constants the layer's system
 * calls read or write. Numbers (system calls, errno) are generated from
 * the kernel headers instead (posix/gen-linux-abi); these layouts are
 * checked against the build host's headers by the posix-unit tests.
 */
#ifndef POSIX_LINUX_ABI_H
#define POSIX_LINUX_ABI_H

#include <stddef.h>
#include <stdint.h>

/* readv/writev: <sys/uio.h>. At most LX_UIO_MAXIOV entries. */
struct lx_iovec {
	void *iov_base;
	size_t iov_len;
};
#define LX_UIO_MAXIOV 1024

/* Largest count one read, write or getrandom transfers (Linux's
 * MAX_RW_COUNT: INT_MAX rounded down to a page); longer requests are
 * cut short, as Linux does. */
#define LX_MAX_RW_COUNT 0x7ffff000L

/* clock_gettime: <time.h>. */
struct lx_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};
#define LX_CLOCK_REALTIME 0
#define LX_CLOCK_MONOTONIC 1
#define LX_CLOCK_PROCESS_CPUTIME_ID 2
#define LX_CLOCK_THREAD_CPUTIME_ID 3
#define LX_CLOCK_MONOTONIC_RAW 4
#define LX_CLOCK_REALTIME_COARSE 5
#define LX_CLOCK_MONOTONIC_COARSE 6
#define LX_CLOCK_BOOTTIME 7
#define LX_CLOCK_REALTIME_ALARM 8
#define LX_CLOCK_BOOTTIME_ALARM 9
#define LX_CLOCK_TAI 11

/* uname: <sys/utsname.h>, six NUL-terminated fields. */
#define LX_UTSNAME_LEN 65
struct lx_utsname {
	char sysname[LX_UTSNAME_LEN];
	char nodename[LX_UTSNAME_LEN];
	char release[LX_UTSNAME_LEN];
	char version[LX_UTSNAME_LEN];
	char machine[LX_UTSNAME_LEN];
	char domainname[LX_UTSNAME_LEN];
};

/* getrandom flags: <sys/random.h>. */
#define LX_GRND_NONBLOCK 0x1
#define LX_GRND_RANDOM 0x2
#define LX_GRND_INSECURE 0x4

#endif
