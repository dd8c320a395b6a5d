/*
 * The leveled logger. One line per message, written to the console in
 * one piece so lines of different threads never interleave:
 *	[   1234 ms] warn  blkfront: ring is full
 */
#include <core/config.h>
#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>

#define LINE_MAX_BYTES 256

static enum log_level threshold = LOG_INFO;

static const char *const level_names[] = {"error", "warn ", "info ", "debug"};

void log_set_level(enum log_level level)
{
	if (level > LOG_DEBUG)
		level = LOG_DEBUG;
	threshold = level;
}

enum log_level log_get_level(void) { return threshold; }

int log_apply_config(void)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};
	const char *v = config_get("log");

	if (!v)
		return 0;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *a = v, *b = names[i];
		while (*a && *a == *b)
			a++, b++;
		if (*a == *b) {
			threshold = (enum log_level)i;
			return 0;
		}
	}
	return RX_EINVAL;
}

/* The platform's monotonic clock counts from boot. */
static uint64_t ms_since_boot(void) { return plat_monotonic_ns() / 1000000u; }

void log_msg(enum log_level level, const char *subsys, const char *fmt, ...)
{
	char line[LINE_MAX_BYTES];
	va_list ap;

	if ((unsigned)level > (unsigned)threshold)
		return;
	if ((unsigned)level > LOG_DEBUG)
		level = LOG_DEBUG;
	int n = fmt_snprintf(line, sizeof(line),
			     "[%7llu ms] %s %s: ", (unsigned long long)ms_since_boot(),
			     level_names[level], subsys ? subsys : "?");
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	va_start(ap, fmt);
	int m = fmt_vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);

	size_t len = (size_t)n + (size_t)m;
	if (len >= sizeof(line) - 1) {
		/* Truncated: mark it, keep the newline. */
		len = sizeof(line) - 1;
		line[len - 4] = '.';
		line[len - 3] = '.';
		line[len - 2] = '.';
		line[len - 1] = '\n';
	} else if (len == 0 || line[len - 1] != '\n') {
		line[len++] = '\n';
	}
	plat_console_write(line, len);
}
