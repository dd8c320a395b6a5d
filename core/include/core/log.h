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

__attribute__((format(printf, 3, 4))) void log_msg(enum log_level level, const char *subsys,
						   const char *fmt, ...);

#define log_error(sub, ...) log_msg(LOG_ERROR, sub, __VA_ARGS__)
#define log_warn(sub, ...) log_msg(LOG_WARN, sub, __VA_ARGS__)
#define log_info(sub, ...) log_msg(LOG_INFO, sub, __VA_ARGS__)
#define log_debug(sub, ...) log_msg(LOG_DEBUG, sub, __VA_ARGS__)

/* Formatted output: %d %i %u %x %X %o %p %s %c %% with l, ll, z, h, hh,
 * width, precision, '-', '0', '+', ' ', '#'. Returns the length the full
 * output would have (snprintf semantics). */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4))) int fmt_snprintf(char *buf, size_t size,
							 const char *fmt, ...);
/* Format straight to the console (used by printf and the logger). */
int console_vprintf(const char *fmt, va_list ap);
__attribute__((format(printf, 1, 2))) int console_printf(const char *fmt, ...);

/* Print a message and a backtrace, then crash the guest. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#endif
