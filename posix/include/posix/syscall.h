/*
 * The POSIX system-call layer: the C library (musl, built by
 * posix/musl.mk) makes every system call by calling __rx_syscall with
 * Linux x86-64 numbers, arguments and structure layouts.
 *
 * Results: >= 0 on success, or -errno with Linux errno values (musl
 * turns them into errno). Numbers the layer does not implement return
 * -ENOSYS and are logged once each, by name, at debug level.
 *
 * What the layer cannot do itself the platform supplies through struct
 * posix_ops, installed with posix_init before the first system call.
 * Context: thread context only (never from an event or trap handler);
 * calls may block the calling thread where the ops do.
 */
#ifndef POSIX_SYSCALL_H
#define POSIX_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

/* The clocks the platform is asked for (Linux clock ids map onto them). */
enum posix_clock {
	POSIX_CLOCK_REALTIME,	 /* wall time since the Epoch */
	POSIX_CLOCK_MONOTONIC,	 /* time since boot, never steps */
	POSIX_CLOCK_PROCESS_CPU, /* CPU time of the program */
	POSIX_CLOCK_THREAD_CPU,	 /* CPU time of the calling thread */
};

struct posix_ops {
	/* Write len (> 0) bytes of buf for fd 1 (stdout) or 2 (stderr).
	 * Returns how many were taken, 1..len, or -errno (Linux). Without
	 * it, fds 1 and 2 are closed (-EBADF). */
	long (*console_write)(int fd, const void *buf, size_t len);
	/* Fill buf with len (> 0) random bytes: 0 or -errno (Linux).
	 * nonblock: return -EAGAIN rather than wait for entropy. */
	int (*random)(void *buf, size_t len, int nonblock);
	/* The clock's current value in nanoseconds: 0, or -errno (Linux;
	 * -EINVAL for a clock the platform does not keep). */
	int (*clock_ns)(enum posix_clock clock, uint64_t *ns);
	/* uname's host name (at most 64 bytes are shown; NULL: "rumpxen").
	 * Must stay valid. */
	const char *nodename;
};

/* Install the platform's operations (the struct is copied). Calls that
 * need a NULL member fail as documented there, or with -ENOSYS. */
void posix_init(const struct posix_ops *ops);

/* The system-call entry: n is the Linux x86-64 number, a..f the
 * arguments (0 where the call takes fewer). */
long __rx_syscall(long n, long a, long b, long c, long d, long e, long f);

/* The name of Linux system call n ("write"), or NULL for a number
 * Linux x86-64 does not have. */
const char *posix_syscall_name(long n);

#endif
