/* The core's bounded string helpers (core/str.h). */
#include <string.h>

#include <core/errors.h>
#include <core/str.h>

#include "harness.h"

static void test_nlen(void)
{
	char unterminated[4] = {'a', 'b', 'c', 'd'};

	CHECK(str_nlen("", 8) == 0, "empty");
	CHECK(str_nlen("abc", 8) == 3, "short");
	CHECK(str_nlen("abc", 3) == 3, "exactly the bound");
	CHECK(str_nlen("abcdef", 2) == 2, "stops at the bound");
	CHECK(str_nlen(unterminated, sizeof(unterminated)) == 4, "no NUL within the bound");
	CHECK(str_nlen("abc", 0) == 0, "zero bound reads nothing");
}

static void test_eq(void)
{
	CHECK(str_eq("", ""), "empty strings");
	CHECK(str_eq("abc", "abc"), "same");
	CHECK(!str_eq("abc", "abd"), "last differs");
	CHECK(!str_eq("abc", "ab"), "prefix");
	CHECK(!str_eq("ab", "abc"), "longer");
	CHECK(!str_eq("", "a"), "empty against one");
}

static void test_copy(void)
{
	char buf[4];
	char unterminated[6] = {'x', 'x', 'x', 'x', 'x', 'x'};

	memset(buf, '#', sizeof(buf));
	CHECK(str_copy(buf, "abc", sizeof(buf)) == 0 && strcmp(buf, "abc") == 0, "fits exactly");
	CHECK(str_copy(buf, "", sizeof(buf)) == 0 && buf[0] == '\0', "empty");
	memset(buf, '#', sizeof(buf));
	CHECK(str_copy(buf, "abcd", sizeof(buf)) == RX_E2BIG && buf[0] == '\0',
	      "one too long: E2BIG and empty");
	/* The source is read no further than the destination's size. */
	CHECK(str_copy(buf, unterminated, sizeof(buf)) == RX_E2BIG && buf[0] == '\0',
	      "unterminated source");
	CHECK(str_copy(buf, "a", 0) == RX_E2BIG, "zero size");
}

static void test_copy_trunc(void)
{
	char buf[4];

	CHECK(str_copy_trunc(buf, "ab", sizeof(buf)) == 2 && strcmp(buf, "ab") == 0, "fits");
	CHECK(str_copy_trunc(buf, "abcdef", sizeof(buf)) == 3 && strcmp(buf, "abc") == 0,
	      "cut to size - 1");
	CHECK(str_copy_trunc(buf, NULL, sizeof(buf)) == 0 && buf[0] == '\0', "NULL source");
	buf[0] = '#';
	CHECK(str_copy_trunc(buf, "abc", 0) == 0 && buf[0] == '#', "zero size writes nothing");
}

static void test_to_ull(void)
{
	unsigned long long v = 7;

	CHECK(str_to_ull("0", &v) == 0 && v == 0, "zero");
	CHECK(str_to_ull("00042", &v) == 0 && v == 42, "leading zeros");
	CHECK(str_to_ull("18446744073709551615", &v) == 0 && v == ~0ull, "largest value");
	v = 7;
	CHECK(str_to_ull("18446744073709551616", &v) == RX_EINVAL && v == 7, "overflow");
	CHECK(str_to_ull("99999999999999999999", &v) == RX_EINVAL, "overflow, more digits");
	CHECK(str_to_ull("", &v) == RX_EINVAL, "empty");
	CHECK(str_to_ull("-1", &v) == RX_EINVAL, "sign");
	CHECK(str_to_ull("+1", &v) == RX_EINVAL, "plus sign");
	CHECK(str_to_ull(" 1", &v) == RX_EINVAL, "leading blank");
	CHECK(str_to_ull("12a", &v) == RX_EINVAL, "trailing junk");
	CHECK(str_to_ull("0x10", &v) == RX_EINVAL, "hex is not decimal");
	CHECK(v == 7, "failed parses left the output alone");
}

int main(int argc, char **argv)
{
	harness_begin(argc, argv, "str");
	harness_run("bounded length", test_nlen);
	harness_run("equality", test_eq);
	harness_run("whole copy or E2BIG", test_copy);
	harness_run("truncating copy", test_copy_trunc);
	harness_run("unsigned decimal parse", test_to_ull);
	return harness_end();
}
