/*
 * The one digit table of the tree's parsers (numbers, MAC addresses,
 * seeds): c's value as a digit in any base up to 36, or DIGIT_NONE
 * (larger than any base) when c is no digit, so "digit_value(c) < base"
 * is the whole test.
 */
#ifndef CORE_DIGITS_H
#define CORE_DIGITS_H

#define DIGIT_NONE 255u

static inline unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a') + 10u;
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A') + 10u;
	return DIGIT_NONE;
}

#endif
