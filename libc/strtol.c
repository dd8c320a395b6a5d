/* strtol and friends: one parser for the magnitude, four clamps. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

#include <core/digits.h>

/*
 * Parse [blanks][sign][0x]digits. Returns the magnitude (saturated at
 * ULLONG_MAX with *overflow set); *end is s when there are no digits.
 * A bad base sets errno to EINVAL.
 */
static unsigned long long parse(const char *s, char **end, int base, bool *negative, bool *overflow)
{
	const char *p = s;
	unsigned long long v = 0;
	bool any = false;

	*negative = false;
	*overflow = false;
	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return 0;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*negative = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (;; p++) {
		unsigned d = digit_value(*p);
		if (d >= (unsigned)base)
			break;
		any = true;
		if (v > (ULLONG_MAX - d) / (unsigned)base) {
			*overflow = true;
			v = ULLONG_MAX;
		} else if (!*overflow) {
			v = v * (unsigned)base + d;
		}
	}
	if (any && end)
		*end = (char *)p;
	return any ? v : 0;
}

static long long clamp_signed(unsigned long long v, bool negative, bool overflow, long long min,
			      long long max)
{
	unsigned long long limit = negative ? (unsigned long long)max + 1 : (unsigned long long)max;

	if (overflow || v > limit) {
		errno = ERANGE;
		return negative ? min : max;
	}
	return negative ? (long long)(0 - v) : (long long)v;
}

static unsigned long long clamp_unsigned(unsigned long long v, bool negative, bool overflow,
					 unsigned long long max)
{
	if (overflow || v > max) {
		errno = ERANGE;
		return max;
	}
	/* C: a negative subject is negated in the return type. */
	return negative ? (0 - v) & max : v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	bool neg, ovf;
	unsigned long long v = parse(s, end, base, &neg, &ovf);

	return (long)clamp_signed(v, neg, ovf, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	bool neg, ovf;
	unsigned long long v = parse(s, end, base, &neg, &ovf);

	return clamp_signed(v, neg, ovf, LLONG_MIN, LLONG_MAX);
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	bool neg, ovf;
	unsigned long long v = parse(s, end, base, &neg, &ovf);

	return (unsigned long)clamp_unsigned(v, neg, ovf, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
	bool neg, ovf;
	unsigned long long v = parse(s, end, base, &neg, &ovf);

	return clamp_unsigned(v, neg, ovf, ULLONG_MAX);
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }

long atol(const char *s) { return strtol(s, NULL, 10); }
