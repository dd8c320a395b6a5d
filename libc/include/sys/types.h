/* Basic system types, sized as on NetBSD/amd64 so application code and
 * the rump kernel's system call interface agree. */
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef int64_t off_t;
typedef int32_t pid_t;
typedef uint32_t mode_t;
typedef uint32_t uid_t;
typedef uint32_t gid_t;
typedef uint64_t dev_t;
typedef uint64_t ino_t;
typedef uint32_t nlink_t;
typedef int64_t blkcnt_t;
typedef int32_t blksize_t;
typedef int64_t time_t;
typedef int32_t suseconds_t;
typedef uint32_t useconds_t;
typedef uint32_t clock_t;
typedef uint32_t id_t;
typedef int32_t clockid_t;
typedef int32_t timer_t;

/* BSD names; the rump kernel's public headers (rump.h,
 * rump_syscalls.h) use them. */
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;

#endif
