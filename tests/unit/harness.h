/*
 * A tiny test harness for host unit tests. Each test is a void function;
 * CHECK stops the test at the first failed condition and records where
 * and why. Results go to the file named on the command line in the suite
 * format ("ok - name", "not ok - name: why"); details also go to stderr.
 */
#ifndef TESTS_UNIT_HARNESS_H
#define TESTS_UNIT_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

void harness_begin(int argc, char **argv, const char *area);
/* Exit status: 0 when every test passed. */
int harness_end(void);
void harness_run(const char *name, void (*fn)(void));
/* Name the area for the tests that follow (a program covering more than one). */
void harness_set_area(const char *area);

__attribute__((format(printf, 4, 5))) void harness_fail(const char *file, int line,
							const char *cond, const char *fmt, ...);
bool harness_failed(void);

/* Run fn in a child process; true when it crashed through plat_crash and
 * its output contains `expect`. *why explains a mismatch. */
bool harness_expect_crash(void (*fn)(void), const char *expect, char *why, size_t whylen);

/* Run fn with stdout (fd 1, where the core's console writes go) into a
 * pipe; what it wrote, NUL-terminated, in out. Returns the length. */
size_t harness_capture_stdout(void (*fn)(void), char *out, size_t size);

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			harness_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);                      \
			return;                                                                    \
		}                                                                                  \
	} while (0)

/* For helpers that cannot return from the test: record and continue. */
#define EXPECT(cond, ...)                                                                          \
	do {                                                                                       \
		if (!(cond))                                                                       \
			harness_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);                      \
	} while (0)

#endif
