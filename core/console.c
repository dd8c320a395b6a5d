/* Formatted console output, in chunks so no message is ever truncated. */
#include <core/log.h>
#include <core/plat.h>

#include "fmt_priv.h"

struct chunk {
	char buf[128];
	size_t used;
};

static void flush(struct chunk *c)
{
	plat_console_write(c->buf, c->used);
	c->used = 0;
}

static void emit_chunk(void *ctx, const char *s, size_t n)
{
	struct chunk *c = ctx;

	for (size_t i = 0; i < n; i++) {
		if (c->used == sizeof(c->buf))
			flush(c);
		c->buf[c->used++] = s[i];
	}
}

int console_vprintf(const char *fmt, va_list ap)
{
	struct chunk c = {.used = 0};
	int n = fmt_vformat(emit_chunk, &c, fmt, ap);

	flush(&c);
	return n;
}

int console_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = console_vprintf(fmt, ap);
	va_end(ap);
	return n;
}
