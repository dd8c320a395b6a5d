/* Formatting (against glibc's snprintf), logging, panic and rx_strerror. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <core/config.h>
#include <core/errors.h>
#include <core/log.h>

#include "harness.h"
#include "plat_linux.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-truncation"

#define SAME(...)                                                                                  \
	do {                                                                                       \
		char ours_[512], theirs_[512];                                                     \
		int no_ = fmt_snprintf(ours_, sizeof(ours_), __VA_ARGS__);                         \
		int nt_ = snprintf(theirs_, sizeof(theirs_), __VA_ARGS__);                         \
		CHECK(no_ == nt_ && strcmp(ours_, theirs_) == 0,                                   \
		      "%s: ours \"%s\" (%d), glibc \"%s\" (%d)", #__VA_ARGS__, ours_, no_,         \
		      theirs_, nt_);                                                               \
	} while (0)

static void test_fixed_cases(void)
{
	SAME("plain text");
	SAME("%d %i %u", 0, -17, 17u);
	SAME("%x %X %o", 0xbeefu, 0xbeefu, 8u);
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	SAME("[%.0d] [%.0x] [%#.0o] [%#x] [%#o]", 0, 0u, 0u, 0u, 0u);
	SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, ULONG_MAX);
	SAME("%lld %llu %llX", LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL);
	SAME("%zu %zx %jd %td", (size_t)123456789, (size_t)0xffff, (intmax_t)-5, (ptrdiff_t)-9);
	SAME("%s|%10s|%-10s|%.3s|%10.2s|", "abc", "abc", "abc", "abcdef", "abcdef");
	SAME("%c%c%5c%-3c|", 'a', 'b', 'c', 'd');
	SAME("100%% done %%d");
	SAME("%*d|%-*d|%.*d|%*.*x", 6, 7, 6, 7, 4, 7, 8, 5, 255u);
	SAME("%*d|", -6, 7);
	SAME("%p %20p %-20p|", (void *)0x1234, (void *)0xdeadbeef, (void *)0x10);
	SAME("%#X %#8x %#-8x| %#08x", 0xabcu, 1u, 1u, 255u);
	/* Flags that override each other (formats the compiler would flag). */
	const char *conflicting = "%08.3d|%-08d|%+05d|% 05d";
	SAME(conflicting, 5, 5, 5, -5);
}

static void test_generated_integers(void)
{
	static const char *const flagsets[] = {"",   "-",  "0",	 "+",  " ",  "#",
					       "-+", "0+", "- ", "0#", "-#0"};
	static const char *const widths[] = {"", "1", "7", "22"};
	static const char *const precs[] = {"", ".0", ".1", ".6", ".25"};
	static const char convs[] = "diuxXo";
	static const long long values[] = {0,
					   1,
					   -1,
					   9,
					   10,
					   255,
					   -255,
					   4096,
					   2147483647LL,
					   -2147483648LL,
					   9223372036854775807LL,
					   -9223372036854775807LL - 1,
					   0x7f5a3c1eLL};
	char f[32];
	unsigned n = 0;

	for (unsigned a = 0; a < sizeof(flagsets) / sizeof(flagsets[0]); a++)
		for (unsigned w = 0; w < 4; w++)
			for (unsigned p = 0; p < 5; p++)
				for (unsigned c = 0; c < 6; c++) {
					int signed_conv = convs[c] == 'd' || convs[c] == 'i';
					/* '#' with d/i and '+'/' ' with unsigned are undefined. */
					if (signed_conv && strchr(flagsets[a], '#'))
						continue;
					snprintf(f, sizeof(f), "[%%%s%s%sll%c]", flagsets[a],
						 widths[w], precs[p], convs[c]);
					for (unsigned v = 0; v < sizeof(values) / sizeof(values[0]);
					     v++) {
						SAME(f, values[v]);
						n++;
					}
				}
	CHECK(n > 2000, "only %u cases", n);
}

static void test_truncation(void)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	CHECK(fmt_snprintf(buf, 5, "%s", "abcdefgh") == 8, "return value");
	CHECK(strcmp(buf, "abcd") == 0, "truncated to \"%s\"", buf);
	CHECK(buf[5] == 'Z', "wrote past the size");
	CHECK(fmt_snprintf(NULL, 0, "%d-%s", 12345, "xyz") == 9, "size 0");
	memset(buf, 'Z', sizeof(buf));
	CHECK(fmt_snprintf(buf, 1, "abc") == 3 && buf[0] == '\0' && buf[1] == 'Z', "size 1");
	char big[300];
	int n = fmt_snprintf(big, sizeof(big), "%0250d", 1);
	CHECK(n == 250 && strlen(big) == 250 && big[249] == '1' && big[0] == '0', "wide field");
}

static void test_special_values(void)
{
	char buf[64];
	const char *volatile nullstr = NULL;

	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0);
	CHECK(strcmp(buf, "0x0") == 0, "NULL pointer printed as %s", buf);
	fmt_snprintf(buf, sizeof(buf), "[%s]", nullstr);
	CHECK(strcmp(buf, "[(null)]") == 0, "NULL string printed as %s", buf);
	const char *unknown = "%q %d", *trailing = "end%";
	fmt_snprintf(buf, sizeof(buf), unknown, 5);
	CHECK(strcmp(buf, "%q 5") == 0, "unknown conversion printed as %s", buf);
	fmt_snprintf(buf, sizeof(buf), trailing);
	CHECK(strncmp(buf, "end", 3) == 0, "trailing %% gave %s", buf);
}

static void log_some(void)
{
	log_set_level(LOG_INFO);
	log_info("net", "link up %d", 3);
	log_debug("net", "hidden %d", 4);
	log_error("blk", "failed: %s\n", "io");
	log_set_level(LOG_DEBUG);
	log_debug("xs", "now visible");
	log_set_level(LOG_INFO);
}

static void log_long(void)
{
	char msg[400];
	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	log_warn("long", "%s", msg);
}

static void test_logger(void)
{
	char out[2048];

	harness_capture_stdout(log_some, out, sizeof(out));
	CHECK(strstr(out, " ms] info  net: link up 3\n"), "info line missing: %s", out);
	CHECK(!strstr(out, "hidden"), "debug message shown at info level");
	CHECK(strstr(out, " ms] error blk: failed: io\n"), "error line: %s", out);
	CHECK(!strstr(out, "io\n\n"), "doubled newline");
	CHECK(strstr(out, " ms] debug xs: now visible\n"), "debug line at debug level: %s", out);
	CHECK(out[0] == '[', "no time prefix: %s", out);
	CHECK(log_get_level() == LOG_INFO, "level");
	size_t n = harness_capture_stdout(log_long, out, sizeof(out));
	CHECK(n == 255 && strcmp(out + n - 4, "...\n") == 0, "long line: %zu bytes", n);
}

static void test_log_config(void)
{
	config_reset();
	CHECK(log_apply_config() == 0 && log_get_level() == LOG_INFO, "unset key");
	CHECK(config_set("log", "debug") == 0, "set");
	CHECK(log_apply_config() == 0 && log_get_level() == LOG_DEBUG, "debug");
	CHECK(config_set("log", "error") == 0, "set");
	CHECK(log_apply_config() == 0 && log_get_level() == LOG_ERROR, "error");
	CHECK(config_set("log", "loud") == 0, "set");
	CHECK(log_apply_config() == RX_EINVAL, "bad value accepted");
	CHECK(log_get_level() == LOG_ERROR, "bad value changed the level");
	CHECK(config_set("log", "warnx") == 0, "set");
	CHECK(log_apply_config() == RX_EINVAL, "prefix match accepted");
	log_set_level(LOG_INFO);
	config_reset();
}

static void show_backtrace(void) { console_printf("BACKTRACE-HOOK-RAN\n"); }

static void do_panic(void)
{
	panic_backtrace_hook = show_backtrace;
	panic("boom %d", 7);
}

static void test_panic(void)
{
	char why[256];

	CHECK(harness_expect_crash(do_panic, "panic: boom 7\nBACKTRACE-HOOK-RAN", why, sizeof(why)),
	      "%s", why);
}

static void test_strerror(void)
{
	for (int e = RX_ERANGE; e <= 0; e++) {
		const char *s = rx_strerror(e);
		CHECK(s && strcmp(s, "unknown error") != 0, "no text for %d", e);
		for (int f = RX_ERANGE; f < e; f++)
			CHECK(strcmp(s, rx_strerror(f)) != 0, "%d and %d share \"%s\"", e, f, s);
	}
	CHECK(strcmp(rx_strerror(RX_ENOMEM), "out of memory") == 0, "ENOMEM");
	CHECK(strcmp(rx_strerror(5), "unknown error") == 0, "positive");
	CHECK(strcmp(rx_strerror(-999), "unknown error") == 0, "-999");
	CHECK(strcmp(rx_strerror(INT_MIN), "unknown error") == 0, "INT_MIN");
}

int main(int argc, char **argv)
{
	harness_begin(argc, argv, "fmt");
	harness_run("fixed cases match glibc", test_fixed_cases);
	harness_run("generated integer formats match glibc", test_generated_integers);
	harness_run("truncation", test_truncation);
	harness_run("NULL, unknown conversion", test_special_values);
	harness_run("logger prefix, levels, truncation", test_logger);
	harness_run("log level from config key \"log\"", test_log_config);
	harness_run("panic prints, runs the backtrace hook, crashes", test_panic);
	harness_run("rx_strerror", test_strerror);
	return harness_end();
}
