/*
 * The conformance suite's test harness. Test logic is platform-neutral
 * (it uses only rumpuser, the core and the fake kernel), so one body of
 * tests runs as a host program and as a guest program; each main()
 * supplies where result lines go.
 *
 * A test fails at its first failed CHECK (the line and expression are
 * reported) or when the fake kernel saw a protocol violation during it.
 */
#ifndef CONFORMANCE_SUITE_H
#define CONFORMANCE_SUITE_H

#include "fake_kernel.h"

#include <stdint.h>

struct conf_test {
	const char *name;
	void (*fn)(struct lwp *self); /* runs in the kernel, holding the CPU */
};

/* Record the current test's failure (first one wins). */
__attribute__((format(printf, 1, 2))) void conf_fail(const char *fmt, ...);
int conf_failed(void);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			conf_fail("line %d: %s", __LINE__, #cond);                                 \
			return;                                                                    \
		}                                                                                  \
	} while (0)

#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		long long va_ = (long long)(a), vb_ = (long long)(b);                              \
		if (va_ != vb_) {                                                                  \
			conf_fail("line %d: %s == %lld, expected %s == %lld", __LINE__, #a, va_,   \
				  #b, vb_);                                                        \
			return;                                                                    \
		}                                                                                  \
	} while (0)

/* Test groups (one file each). */
extern const struct conf_test conf_protocol_tests[];
extern const struct conf_test conf_scenario_tests[];
extern const struct conf_test conf_basic_tests[];
extern const struct conf_test conf_device_tests[];
extern const struct conf_test conf_virtif_tests[];

/* Guest-only group: the Xen block backend (guest_blk.c). */
extern const struct conf_test conf_xen_blk_tests[];
extern uint64_t conf_blk_expected_size;
/* Guest-only group: the Xen network backend (guest_net.c). */
extern const struct conf_test conf_xen_net_tests[];
extern uint8_t conf_net_expected_mac[6];

/* Run the given NULL-terminated list of groups (NULL: every common
 * group); emit() receives each result line without newline. Returns
 * the number of failed tests, or -1 if set-up failed. */
int conformance_run(const struct conf_test *const *groups, void (*emit)(const char *line));

/* Helpers for tests. */
uint64_t conf_now_ns(void);
void conf_sleep_ms(int ms); /* rumpuser_clock_sleep: lets other threads have the CPU */

#endif
