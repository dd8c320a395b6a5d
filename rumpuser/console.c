/*
 * Console output. Both calls work in any context (before init, without
 * a rump CPU or lwp) and never drop bytes: plat_console_write waits for
 * room instead. Neither calls an upcall or allocates.
 */
#include "rumpuser_priv.h"

#include <core/log.h>
#include <core/plat.h>

#include <stdarg.h>

void rumpuser_putchar(int ch)
{
	char c = (char)ch;

	plat_console_write(&c, 1);
}

/* The core formatter covers every conversion and length modifier the
 * kernel uses (including j and t). */
void rumpuser_dprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
}
