/* The formatter behind fmt_vsnprintf and console_vprintf: it hands its
 * output in pieces to an emit function. */
#ifndef CORE_FMT_PRIV_H
#define CORE_FMT_PRIV_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_emit_fn)(void *ctx, const char *s, size_t n);

/* Returns the number of bytes emitted (saturated at INT_MAX). */
int fmt_vformat(fmt_emit_fn emit, void *ctx, const char *fmt, va_list ap);

#endif
