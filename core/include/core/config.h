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
 * is an argument.
 */
#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H

#include <stddef.h>

#define CONFIG_KEY_MAX 63
#define CONFIG_VALUE_MAX 255
#define CONFIG_MAX_ARGS 64

/* Parse a command line. Returns 0 or RX_EINVAL with *errpos set to the
 * byte offset of the first bad character; nothing is applied on error. */
int config_parse_cmdline(const char *line, size_t *errpos);

/* Set one key (validates key and value). */
int config_set(const char *key, const char *value);
/* NULL when unset. */
const char *config_get(const char *key);
/* Parsed forms; return def when unset; RX_EINVAL stored in *err (if
 * non-NULL) when the value is malformed. Sizes accept k/m/g suffixes. */
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
