/*
 * Guest configuration: key=value settings. One parser serves both
 * sources (kernel command line and xenstore); later sources override
 * earlier ones. Words without '=' on the command line are application
 * arguments, in order.
 *
 * Syntax: words separated by blanks; a word is KEY=VALUE or an argument;
 * double quotes group blanks into a word; backslash escapes the next
 * character inside quotes. Keys: [A-Za-z0-9_.-]+, 1..63 characters.
 * Values: up to 255 bytes. A "--" word ends settings: every later word
 * is an argument. Arguments: up to CONFIG_MAX_ARGS, each at most
 * CONFIG_KEY_MAX + 1 + CONFIG_VALUE_MAX bytes, 4 KiB in all.
 */
#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H

#include <stddef.h>

#define CONFIG_KEY_MAX 63
#define CONFIG_VALUE_MAX 255
#define CONFIG_MAX_ARGS 64

/* Parse a command line. Returns 0 or an error with *errpos set to the
 * byte offset of the first bad character (or of the offending word):
 * RX_EINVAL for bad syntax (bad key character, unterminated quote,
 * control character), RX_E2BIG for a key, value or argument list over
 * its limit, RX_ENOSPC when the settings table is full. Nothing is
 * applied on error. A quoted '=' does not split a word, so "a=b" in
 * quotes is an argument. A line with arguments replaces the argument
 * list of an earlier line. */
int config_parse_cmdline(const char *line, size_t *errpos);

/* Set one key (validates key and value): RX_EINVAL bad key, RX_E2BIG
 * value too long, RX_ENOSPC table full. */
int config_set(const char *key, const char *value);
/* NULL when unset. */
const char *config_get(const char *key);
/* Parsed forms; return def when unset; *err (if non-NULL) receives 0,
 * RX_EINVAL when the value is malformed or RX_ERANGE when it does not
 * fit (def is returned then). Integers are decimal or 0x hex with an
 * optional sign; sizes accept k/m/g suffixes (powers of 1024); booleans
 * are 1/0, yes/no, true/false, on/off. */
long long config_get_int(const char *key, long long def, int *err);
unsigned long long config_get_size(const char *key, unsigned long long def, int *err);
int config_get_bool(const char *key, int def, int *err);

/* Application arguments collected from the command line (argv[0] is the
 * program name given by config key "name", default "app"). */
int config_argc(void);
char **config_argv(void);

/* Forget everything (host tests). */
void config_reset(void);

#endif
