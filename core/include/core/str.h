/*
 * Bounded string helpers for code with no C library below it (the core,
 * the platform and its drivers). Every scan takes a bound or stops at a
 * NUL the caller vouches for, so untrusted input cannot run a helper off
 * the end of its buffer. Pure functions: any context.
 */
#ifndef CORE_STR_H
#define CORE_STR_H

#include <stdbool.h>
#include <stddef.h>

/* Length of s, or max when no NUL is among its first max bytes. */
size_t str_nlen(const char *s, size_t max);

/* Whether two NUL-terminated strings are equal. */
bool str_eq(const char *a, const char *b);

/*
 * Copy src with its NUL into dst[size]. 0, or RX_E2BIG when it does not
 * fit; dst then holds the empty string (when size > 0). src is read at
 * most size bytes far.
 */
int str_copy(char *dst, const char *src, size_t size);

/* Copy as much of src as fits into dst[size] (size > 0), always
 * NUL-terminated; src may be NULL (dst becomes empty). Returns the
 * length copied. */
size_t str_copy_trunc(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned decimal number that fills the whole string: 0, or
 * RX_EINVAL for an empty string, any other character (sign, blank) or
 * a value above ULLONG_MAX; *out is only written on success.
 */
int str_to_ull(const char *s, unsigned long long *out);

#endif
