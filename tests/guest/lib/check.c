#include "check.h"

#include <core/log.h>

#include <stdarg.h>

int failures;

void check(int cond, const char *name, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	if (cond) {
		console_printf("ok - %s\n", name);
		return;
	}
	va_start(ap, fmt);
	fmt_vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	failures++;
	console_printf("not ok - %s: %s\n", name, why);
}
