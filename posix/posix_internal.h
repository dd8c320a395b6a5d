/*
 * Inside the system-call layer: the handler type, the handlers (one
 * file per concern) and the argument checks they share.
 */
#ifndef POSIX_INTERNAL_H
#define POSIX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "posix/linux_abi.h"
#include "posix/linux_errno.h"
#include "posix/linux_sysnr.h"
#include "posix/syscall.h"

/* A call's six arguments, as passed to __rx_syscall. */
struct posix_args {
	long a[6];
};

/* A handler returns the call's result: >= 0, or -LX_E*. */
typedef long (*posix_handler)(const struct posix_args *args);

/* Indexed by Linux number; NULL: not implemented (-ENOSYS). */
extern const posix_handler posix_table[LX_SYS_COUNT];
/* Names by number (generated). */
extern const char *const lx_sysnames[LX_SYS_COUNT];

/* The platform's operations (posix_init). */
extern struct posix_ops posix_ops;

/* Run call n: its handler, or -LX_ENOSYS with the once-only log. */
long posix_dispatch(long n, const struct posix_args *args);
/* Log "not implemented" for n the first time it is seen. */
void posix_note_unimplemented(long n);

/* Argument checks: 0 or -LX_E*. */
/* A buffer of len bytes at p: -LX_EFAULT when NULL (len > 0) or when it
 * wraps around the address space. */
int posix_check_buf(const void *p, size_t len);
/* An iovec array for readv/writev: the count must be 0..LX_UIO_MAXIOV
 * (-LX_EINVAL), the array and each non-empty buffer valid (-LX_EFAULT),
 * the total within a signed size (-LX_EINVAL). *total is the sum. */
int posix_check_iov(const struct lx_iovec *iov, long iovcnt, size_t *total);

/* Handlers, by file. */
/* console.c */
long posix_sys_write(const struct posix_args *args);
long posix_sys_writev(const struct posix_args *args);
/* random.c */
long posix_sys_getrandom(const struct posix_args *args);
/* identity.c */
long posix_sys_uname(const struct posix_args *args);
long posix_sys_getpid(const struct posix_args *args);
long posix_sys_getid(const struct posix_args *args);
/* time.c */
long posix_sys_clock_gettime(const struct posix_args *args);
/* Map a Linux clock id onto the platform's clocks: true, or false for
 * an id Linux x86-64 does not define (or a per-process CPU clock). */
bool posix_clock_from_linux(long id, enum posix_clock *clock);

#endif
