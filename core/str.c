/* Bounded string helpers (core/str.h). */
#include <core/digits.h>
#include <core/errors.h>
#include <core/str.h>

size_t str_nlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

bool str_eq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return *a == *b;
}

int str_copy(char *dst, const char *src, size_t size)
{
	size_t n = str_nlen(src, size);

	if (n >= size) {
		if (size)
			dst[0] = '\0';
		return RX_E2BIG;
	}
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
	dst[n] = '\0';
	return 0;
}

size_t str_copy_trunc(char *dst, const char *src, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return 0;
	if (src)
		for (; n + 1 < size && src[n] != '\0'; n++)
			dst[n] = src[n];
	dst[n] = '\0';
	return n;
}

int str_to_ull(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;

	if (*s == '\0')
		return RX_EINVAL;
	for (; *s != '\0'; s++) {
		unsigned d = digit_value(*s);

		if (d >= 10 || v > (~0ull - d) / 10)
			return RX_EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}
