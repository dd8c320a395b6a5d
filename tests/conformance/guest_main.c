/*
 * The conformance suite as a guest program: result lines on the
 * console, then "conformance done, N failed"; exit status 0 when
 * everything passed, 1 otherwise. With the arguments "blk BYTES" it
 * runs the Xen block backend tests instead (two disks attached, the
 * first of BYTES bytes, the second read-only); with "net MAC" the Xen
 * network backend test (one vif with that MAC on the dom0 bridge).
 */
#include "suite.h"

#include <core/log.h>

static void emit(const char *line) { console_printf("%s\n", line); }

static const struct conf_test *const blk_groups[] = {conf_xen_blk_tests, NULL};
static const struct conf_test *const net_groups[] = {conf_xen_net_tests, NULL};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int main(int argc, char **argv)
{
	const struct conf_test *const *groups = NULL;
	int failed;

	if (argc > 2 && streq(argv[1], "blk")) {
		for (const char *p = argv[2]; *p >= '0' && *p <= '9'; p++)
			conf_blk_expected_size = conf_blk_expected_size * 10 + (uint64_t)(*p - '0');
		groups = blk_groups;
	}
	if (argc > 2 && streq(argv[1], "net")) {
		const char *p = argv[2];
		for (int i = 0; i < 6; i++, p += 3) {
			int hi = hexval(p[0]), lo = hi < 0 ? -1 : hexval(p[1]);
			if (lo < 0) {
				console_printf("not ok - arguments: bad MAC %s\n", argv[2]);
				return 1;
			}
			conf_net_expected_mac[i] = (uint8_t)(hi << 4 | lo);
			if (p[2] != (i < 5 ? ':' : '\0')) {
				console_printf("not ok - arguments: bad MAC %s\n", argv[2]);
				return 1;
			}
		}
		groups = net_groups;
	}
	failed = conformance_run(groups, emit);
	console_printf("conformance done, %d failed\n", failed < 0 ? 1 : failed);
	return failed == 0 ? 0 : 1;
}
