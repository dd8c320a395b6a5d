/*
 * Shared by the fuzz targets (tests/fuzz/<target>/fuzz.c): a broken
 * invariant prints what and where, then aborts, which libFuzzer reports
 * as a crash and saves the input for. Also a byte reader so a target can
 * take its parameters from the front of the input and keep the rest as
 * data.
 */
#ifndef TESTS_FUZZ_CHECK_H
#define TESTS_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <core/errors.h>

#define FUZZ_CHECK(cond, ...)                                                                      \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__, __LINE__,       \
				#cond);                                                            \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* A value of enum rx_error other than RX_OK. */
static inline bool fuzz_is_rx_error(int e) { return e <= RX_ENOMEM && e >= RX_ERANGE; }

/* Input consumed from the front; reads past the end give zeros. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	if (in->left == 0)
		return 0;
	in->left--;
	return *in->p++;
}

static inline uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t lo = fuzz_u8(in);
	return (uint16_t)(lo | (uint16_t)fuzz_u8(in) << 8);
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t lo = fuzz_u16(in);
	return lo | (uint32_t)fuzz_u16(in) << 16;
}

/* Up to n bytes (fewer at the end); returns how many, *out points at them. */
static inline size_t fuzz_bytes(struct fuzz_in *in, size_t n, const uint8_t **out)
{
	if (n > in->left)
		n = in->left;
	*out = in->p;
	in->p += n;
	in->left -= n;
	return n;
}

/* The bytes up to the next NUL (or the end) as a fresh NUL-terminated
 * heap string, so a read past its end is caught; NULL when the input is
 * used up. Free with free(). */
static inline char *fuzz_string(struct fuzz_in *in)
{
	if (in->left == 0)
		return NULL;
	size_t n = 0;
	while (n < in->left && in->p[n] != 0)
		n++;
	char *s = malloc(n + 1);
	if (!s)
		abort();
	for (size_t i = 0; i < n; i++)
		s[i] = (char)in->p[i];
	s[n] = '\0';
	in->p += n < in->left ? n + 1 : n;
	in->left -= n < in->left ? n + 1 : n;
	return s;
}

#endif
