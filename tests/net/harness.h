/*
 * A tiny result printer for the net unit tests: each check prints one
 * "ok - NAME" or "not ok - NAME: WHY" line, the format the results
 * files use. main() returns the failure count so a crash or a failure
 * is visible to make as well.
 */
#ifndef TESTS_NET_HARNESS_H
#define TESTS_NET_HARNESS_H

#include <stdio.h>

static int harness_failures;

#define EXPECT(name, cond)                                                                         \
	do {                                                                                       \
		if (cond) {                                                                        \
			printf("ok - %s\n", name);                                                 \
		} else {                                                                           \
			printf("not ok - %s: %s is false (%s:%d)\n", name, #cond, __FILE__,        \
			       __LINE__);                                                          \
			harness_failures++;                                                        \
		}                                                                                  \
	} while (0)

#define EXPECT_EQ(name, got, want)                                                                 \
	do {                                                                                       \
		long long got_ = (long long)(got), want_ = (long long)(want);                      \
		if (got_ == want_) {                                                               \
			printf("ok - %s\n", name);                                                 \
		} else {                                                                           \
			printf("not ok - %s: %s is %lld, expected %lld\n", name, #got, got_,       \
			       want_);                                                             \
			harness_failures++;                                                        \
		}                                                                                  \
	} while (0)

#define HARNESS_RESULT() (harness_failures ? 1 : 0)

#endif
