/*
 * The compiler's <limits.h> gives the integer limits; telling it a C
 * library limits.h is present keeps it from looking for a system one.
 * Added here: the POSIX limits applications commonly use (NetBSD values).
 */
#ifndef _LIBC_LIMITS_H_
#define _LIBC_LIMITS_H_ 1
#include_next <limits.h>

#define SSIZE_MAX LONG_MAX
#define PATH_MAX 1024
#define NAME_MAX 511
#define IOV_MAX 1024

#endif
