/* Configuration parser and getters. */
#include <stdio.h>
#include <string.h>

#include <core/config.h>
#include <core/errors.h>

#include "harness.h"

static void test_settings_and_args(void)
{
	size_t errpos = 99;

	config_reset();
	CHECK(config_parse_cmdline("  mem=64m  log=debug\tfoo  bar  ", &errpos) == 0, "parse");
	CHECK(config_get("mem") && strcmp(config_get("mem"), "64m") == 0, "mem");
	CHECK(config_get("log") && strcmp(config_get("log"), "debug") == 0, "log");
	CHECK(config_get("foo") == NULL, "argument became a key");
	CHECK(config_argc() == 3, "argc %d", config_argc());
	char **argv = config_argv();
	CHECK(strcmp(argv[0], "app") == 0, "argv[0] %s", argv[0]);
	CHECK(strcmp(argv[1], "foo") == 0 && strcmp(argv[2], "bar") == 0, "args");
	CHECK(argv[3] == NULL, "argv not NULL-terminated");
	CHECK(config_set("name", "hello") == 0, "set name");
	CHECK(strcmp(config_argv()[0], "hello") == 0, "argv[0] from name");
}

static void test_quoting(void)
{
	size_t errpos;

	config_reset();
	CHECK(config_parse_cmdline("msg=\"hello world\" \"a b\" x\"y z\"w "
				   "esc=\"q\\\"uote\\\\\" \"k=v\" -- c=d",
				   &errpos) == 0,
	      "parse failed at %zu", errpos);
	CHECK(strcmp(config_get("msg"), "hello world") == 0, "msg=%s", config_get("msg"));
	CHECK(strcmp(config_get("esc"), "q\"uote\\") == 0, "esc=%s", config_get("esc"));
	CHECK(config_get("k") == NULL && config_get("c") == NULL,
	      "quoted or post-- word set a key");
	CHECK(config_argc() == 5, "argc %d", config_argc());
	char **a = config_argv();
	CHECK(strcmp(a[1], "a b") == 0, "a[1]=%s", a[1]);
	CHECK(strcmp(a[2], "xy zw") == 0, "a[2]=%s", a[2]);
	CHECK(strcmp(a[3], "k=v") == 0, "a[3]=%s", a[3]);
	CHECK(strcmp(a[4], "c=d") == 0, "a[4]=%s", a[4]);
	CHECK(config_parse_cmdline("empty= e2=\"\"", &errpos) == 0, "empty values");
	CHECK(config_get("empty") && config_get("empty")[0] == '\0', "empty value");
	CHECK(config_get("e2") && config_get("e2")[0] == '\0', "quoted empty value");
}

struct bad_case {
	const char *line;
	int rc;
	size_t errpos;
};

static void test_malformed(void)
{
	char longkey[100], longval[300], toomany[64 * 3 + 10];
	static const struct bad_case cases[] = {
	    {"a=1 b?c=2", RX_EINVAL, 5},
	    {"=5", RX_EINVAL, 0},
	    {"ok=1 msg=\"unterminated", RX_EINVAL, 9},
	    {"x=\"ends in backslash\\", RX_EINVAL, 20},
	    {"a=1 b=\x01", RX_EINVAL, 6},
	    {"k\"ey\"=v", RX_EINVAL, 1},
	    /* Found by fuzzing: escaping let a control character through. */
	    {"\"\\\x1f\"", RX_EINVAL, 2},
	    {"a=\"x\\\x1f\"", RX_EINVAL, 5},
	};
	size_t errpos;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		config_reset();
		errpos = 12345;
		int rc = config_parse_cmdline(cases[i].line, &errpos);
		if (i == 5) {
			/* A quote before '=' makes the word an argument, not an error. */
			CHECK(rc == 0 && config_argc() == 2, "case %u: rc %d", i, rc);
			continue;
		}
		CHECK(rc == cases[i].rc, "case %u (%s): rc %d", i, cases[i].line, rc);
		CHECK(errpos == cases[i].errpos, "case %u (%s): errpos %zu, want %zu", i,
		      cases[i].line, errpos, cases[i].errpos);
		CHECK(config_get("a") == NULL && config_get("ok") == NULL,
		      "case %u applied settings despite the error", i);
	}

	memset(longkey, 'k', sizeof(longkey));
	strcpy(longkey + 64, "=1");
	config_reset();
	CHECK(config_parse_cmdline(longkey, &errpos) == RX_E2BIG, "64-character key accepted");
	CHECK(errpos == 63, "long key errpos %zu", errpos);
	longkey[63] = '=';
	longkey[64] = '1';
	longkey[65] = '\0';
	CHECK(config_parse_cmdline(longkey, &errpos) == 0, "63-character key refused");

	memcpy(longval, "v=", 2);
	memset(longval + 2, 'x', 256);
	longval[258] = '\0';
	CHECK(config_parse_cmdline(longval, &errpos) == RX_E2BIG, "256-byte value accepted");
	CHECK(errpos == 2, "long value errpos %zu", errpos);
	longval[257] = '\0';
	CHECK(config_parse_cmdline(longval, &errpos) == 0, "255-byte value refused");

	char *p = toomany;
	for (int i = 0; i < 65; i++)
		p += sprintf(p, "a ");
	config_reset();
	CHECK(config_parse_cmdline(toomany, &errpos) == RX_E2BIG, "65 arguments accepted");
	CHECK(errpos == 128, "too many args errpos %zu", errpos);
	CHECK(config_argc() == 1, "arguments applied despite the error");
	CHECK(config_parse_cmdline(NULL, &errpos) == RX_EINVAL, "NULL line");

	/* One word longer than any key=value can be. */
	static char line[20000];
	memset(line, 'w', 400);
	line[400] = '\0';
	CHECK(config_parse_cmdline(line, &errpos) == RX_E2BIG, "400-byte word accepted");
	CHECK(errpos == CONFIG_KEY_MAX + 1 + CONFIG_VALUE_MAX, "long word errpos %zu", errpos);
	/* Arguments that fit one by one but not together. */
	p = line;
	for (int i = 0; i < 40; i++) {
		memset(p, 'a' + i % 26, 300);
		p[300] = ' ';
		p += 301;
	}
	*p = '\0';
	CHECK(config_parse_cmdline(line, &errpos) == RX_E2BIG, "arguments over the storage");
	CHECK(errpos % 301 == 0 && errpos > 0, "argument storage errpos %zu", errpos);
	CHECK(config_argc() == 1, "arguments applied despite the error");
}

static void test_override_and_set(void)
{
	size_t errpos;

	config_reset();
	CHECK(config_parse_cmdline("a=1 b=2 x y", &errpos) == 0, "first");
	CHECK(config_parse_cmdline("a=3", &errpos) == 0, "second");
	CHECK(strcmp(config_get("a"), "3") == 0, "override");
	CHECK(strcmp(config_get("b"), "2") == 0, "kept");
	CHECK(config_argc() == 3, "a line without arguments dropped the old ones");
	CHECK(config_parse_cmdline("z", &errpos) == 0, "third");
	CHECK(config_argc() == 2 && strcmp(config_argv()[1], "z") == 0, "arguments replaced");
	CHECK(config_set("bad key", "v") == RX_EINVAL, "bad key accepted");
	CHECK(config_set("", "v") == RX_EINVAL, "empty key accepted");
	CHECK(config_set(NULL, "v") == RX_EINVAL, "NULL key accepted");
	char big[300];
	memset(big, 'v', 299);
	big[299] = '\0';
	CHECK(config_set("k", big) == RX_E2BIG, "long value accepted");
	CHECK(config_get("k") == NULL, "failed set stored something");
	char key[16];
	int rc = 0, n;
	for (n = 0; n < 200 && rc == 0; n++) {
		snprintf(key, sizeof(key), "key%d", n);
		rc = config_set(key, "v");
	}
	CHECK(rc == RX_ENOSPC, "table never filled (rc %d)", rc);
	CHECK(config_parse_cmdline("brandnew=1", &errpos) == RX_ENOSPC, "full table, new key");
	CHECK(config_parse_cmdline("a=9", &errpos) == 0, "full table, existing key");
	CHECK(config_get("brandnew") == NULL, "applied despite a full table");
}

static void test_getters(void)
{
	int err;

	config_reset();
	size_t errpos;
	CHECK(config_parse_cmdline("i=-42 h=0x1F big=9223372036854775807 "
				   "over=9223372036854775808 neg=-9223372036854775808 junk=12x "
				   "s1=16k s2=3M s3=2g s4=100 sbad=5t sneg=-1 sover=17179869184g "
				   "b1=yes b2=off b3=1 b4=maybe empty=",
				   &errpos) == 0,
	      "parse at %zu", errpos);
	CHECK(config_get_int("i", 0, &err) == -42 && err == 0, "i");
	CHECK(config_get_int("h", 0, &err) == 31 && err == 0, "hex");
	CHECK(config_get_int("big", 0, &err) == 9223372036854775807LL && err == 0, "max");
	CHECK(config_get_int("neg", 0, &err) == (-9223372036854775807LL - 1) && err == 0, "min");
	CHECK(config_get_int("over", 7, &err) == 7 && err == RX_ERANGE, "overflow err %d", err);
	CHECK(config_get_int("junk", 7, &err) == 7 && err == RX_EINVAL, "junk err %d", err);
	CHECK(config_get_int("empty", 7, &err) == 7 && err == RX_EINVAL, "empty int");
	CHECK(config_get_int("missing", 5, &err) == 5 && err == 0, "default");
	CHECK(config_get_int("junk", 3, NULL) == 3, "NULL err");
	CHECK(config_get_size("s1", 0, &err) == 16384 && err == 0, "16k");
	CHECK(config_get_size("s2", 0, &err) == 3u << 20 && err == 0, "3M");
	CHECK(config_get_size("s3", 0, &err) == 2ull << 30 && err == 0, "2g");
	CHECK(config_get_size("s4", 0, &err) == 100 && err == 0, "100");
	CHECK(config_get_size("sbad", 1, &err) == 1 && err == RX_EINVAL, "5t");
	CHECK(config_get_size("sneg", 1, &err) == 1 && err == RX_EINVAL, "negative size");
	CHECK(config_get_size("sover", 1, &err) == 1 && err == RX_ERANGE, "size overflow %d", err);
	CHECK(config_get_bool("b1", 0, &err) == 1 && err == 0, "yes");
	CHECK(config_get_bool("b2", 1, &err) == 0 && err == 0, "off");
	CHECK(config_get_bool("b3", 0, &err) == 1 && err == 0, "1");
	CHECK(config_get_bool("b4", 1, &err) == 1 && err == RX_EINVAL, "maybe");
	CHECK(config_get_bool("nope", 1, &err) == 1 && err == 0, "default bool");
}

int main(int argc, char **argv)
{
	harness_begin(argc, argv, "config");
	harness_run("settings and arguments", test_settings_and_args);
	harness_run("quoting and escapes", test_quoting);
	harness_run("malformed lines give errpos, apply nothing", test_malformed);
	harness_run("override, config_set, full table", test_override_and_set);
	harness_run("int, size and bool getters", test_getters);
	return harness_end();
}
