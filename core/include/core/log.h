/*
 * The one leveled logger. Drivers and layers log through it with their
 * subsystem name; nothing deep inside prints to the console directly.
 */
#ifndef CORE_LOG_H
#define CORE_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

/* Messages above this level are dropped (config key "log", default info). */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Apply config key "log" (error, warn, info or debug; unset keeps the
 * level): 0, or RX_EINVAL for another value (the level is unchanged).
 * Call after the configuration sources are read. */
int log_apply_config(void);

__attribute__((format(printf, 3, 4))) void log_msg(enum log_level level, const char *subsys,
						   const char *fmt, ...);

#define log_error(sub, ...) log_msg(LOG_ERROR, sub, __VA_ARGS__)
#define log_warn(sub, ...) log_msg(LOG_WARN, sub, __VA_ARGS__)
#define log_info(sub, ...) log_msg(LOG_INFO, sub, __VA_ARGS__)
#define log_debug(sub, ...) log_msg(LOG_DEBUG, sub, __VA_ARGS__)

/* Formatted output: %d %i %u %x %X %o %p %s %c %% with l, ll, z, j, t,
 * h, hh, width, precision (also as *), '-', '0', '+', ' ', '#'; results
 * match C's snprintf. No floating point. %p prints 0x0 for NULL, %s
 * prints (null); an unknown conversion is copied as written. Returns
 * the length the full output would have (snprintf semantics). */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4))) int fmt_snprintf(char *buf, size_t size, const char *fmt,
						       ...);
/* Format straight to the console (used by printf and the logger). */
int console_vprintf(const char *fmt, va_list ap);
__attribute__((format(printf, 1, 2))) int console_printf(const char *fmt, ...);

/* Set by the layer below (xen/) to print a symbolised backtrace of the
 * panicking context; NULL prints none. */
extern void (*panic_backtrace_hook)(void);

/* Print a message and a backtrace, then crash the guest. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#endif
