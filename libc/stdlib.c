/* exit, abort, assert failures, abs. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "libc_priv.h"

#include <rumpxen/app.h>

void exit(int status) { app_exit(status & 0xff); }

void abort(void)
{
	fputs("abort() called\n", stderr);
	app_exit(LIBC_ABORT_STATUS);
}

void __assert_fail(const char *expr, const char *file, int line, const char *func)
{
	fprintf(stderr, "assertion \"%s\" failed: file \"%s\", line %d, function \"%s\"\n", expr,
		file, line, func);
	abort();
}

int abs(int x) { return x < 0 ? -x : x; }

long labs(long x) { return x < 0 ? -x : x; }

long long llabs(long long x) { return x < 0 ? -x : x; }
