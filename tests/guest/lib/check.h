/*
 * Result lines of guest test programs: "ok - NAME" or
 * "not ok - NAME: WHY" on the console, which the suite runners count.
 */
#ifndef TESTS_GUEST_CHECK_H
#define TESTS_GUEST_CHECK_H

/* Record one check; fmt/... explain a failure. */
__attribute__((format(printf, 3, 4))) void check(int cond, const char *name, const char *fmt,
						  ...);

/* Checks failed so far. */
extern int failures;

#endif
