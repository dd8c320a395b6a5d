/*
 * Small string and number helpers shared by the xenstore client, the
 * xenbus helpers and the split-driver frontends. Guest code has no libc
 * below it, and these stay bounded so untrusted input cannot run them
 * off the end of a buffer.
 */
#ifndef RXEN_XS_UTIL_H
#define RXEN_XS_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <core/errors.h>

static inline size_t xs_strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n] != '\0')
		n++;
	return n;
}

static inline bool xs_streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return *a == *b;
}

static inline void xs_memcpy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;
	while (n--)
		*d++ = *s++;
}

static inline void xs_memzero(void *dst, size_t n)
{
	char *d = dst;
	while (n--)
		*d++ = 0;
}

/* Copy a string into dst[size] with its NUL; RX_E2BIG when it does not
 * fit (dst then holds an empty string). */
static inline int xs_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = xs_strnlen(src, size);
	if (n >= size) {
		if (size)
			dst[0] = '\0';
		return RX_E2BIG;
	}
	xs_memcpy(dst, src, n + 1);
	return 0;
}

/* Parse an unsigned decimal number filling the whole string: RX_EINVAL
 * for an empty string, other characters or overflow. */
static inline int xs_parse_uint(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	if (*s == '\0')
		return RX_EINVAL;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return RX_EINVAL;
		unsigned d = (unsigned)(*s - '0');
		if (v > (~0ull - d) / 10)
			return RX_EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

#endif
