/*
 * Guest configuration (config.h): a table of key/value settings and the
 * application's argument list. A command line is parsed completely into
 * scratch storage first and applied only when all of it is valid, so a
 * bad line changes nothing. Boot-time, thread context, not reentrant.
 */
#include <stdbool.h>
#include <stdint.h>

#include <core/config.h>
#include <core/digits.h>
#include <core/errors.h>
#include <core/str.h>

#define CONFIG_MAX_ENTRIES 64
#define ARG_STORAGE 4096

struct entry {
	char key[CONFIG_KEY_MAX + 1];
	char value[CONFIG_VALUE_MAX + 1];
};

struct parsed {
	struct entry settings[CONFIG_MAX_ENTRIES];
	int nsettings;
	char args[ARG_STORAGE];
	size_t args_used;
	int nargs;
};

static struct entry table[CONFIG_MAX_ENTRIES];
static int nentries;
static char arg_storage[ARG_STORAGE];
static char *argv_table[CONFIG_MAX_ARGS + 2]; /* argv[0] and the NULL end */
static int nargs;
static struct parsed scratch;

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Index of the first bad key character, or -1 when the key is valid. */
static long key_error(const char *key, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!key_char(key[i]))
			return (long)i;
	return len > CONFIG_KEY_MAX ? CONFIG_KEY_MAX : -1;
}

static struct entry *find(struct entry *t, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (str_eq(t[i].key, key))
			return &t[i];
	return NULL;
}

static int store(struct entry *t, int *n, const char *key, const char *value)
{
	struct entry *e = find(t, *n, key);

	if (!e) {
		if (*n == CONFIG_MAX_ENTRIES)
			return RX_ENOSPC;
		e = &t[(*n)++];
		(void)str_copy(e->key, key, sizeof(e->key)); /* checked by the caller */
	}
	(void)str_copy(e->value, value, sizeof(e->value));
	return 0;
}

/*
 * One word: unquoted runs and quoted runs glued together. The first '='
 * outside quotes splits key from value; the key part may not be quoted.
 * Writes the unescaped word to out (NUL-terminated), returns its length
 * or a negative error with *errpos set.
 */
struct word {
	char text[CONFIG_VALUE_MAX + CONFIG_KEY_MAX + 2];
	size_t len;
	long eq;	 /* index of the splitting '=' in text, -1 if none */
	bool key_quoted; /* a quote appeared before the '=' */
};

static int read_word(const char *line, size_t *pos, struct word *w, size_t *errpos)
{
	size_t i = *pos;
	bool quoted = false;
	size_t quote_start = 0;

	w->len = 0;
	w->eq = -1;
	w->key_quoted = false;
	while (line[i] && (quoted || !blank(line[i]))) {
		char c = line[i];
		if ((unsigned char)c < 0x20 && !blank(c)) {
			*errpos = i;
			return RX_EINVAL;
		}
		if (c == '"') {
			quoted = !quoted;
			quote_start = i;
			if (w->eq < 0)
				w->key_quoted = true;
			i++;
			continue;
		}
		if (quoted && c == '\\') {
			if (!line[i + 1]) {
				*errpos = i;
				return RX_EINVAL;
			}
			c = line[++i];
			/* An escaped control character is still one. */
			if ((unsigned char)c < 0x20 && !blank(c)) {
				*errpos = i;
				return RX_EINVAL;
			}
		} else if (!quoted && c == '=' && w->eq < 0) {
			w->eq = (long)w->len;
		}
		if (w->len + 1 >= sizeof(w->text)) {
			*errpos = i;
			return RX_E2BIG;
		}
		w->text[w->len++] = c;
		i++;
	}
	if (quoted) {
		*errpos = quote_start;
		return RX_EINVAL;
	}
	w->text[w->len] = '\0';
	*pos = i;
	return 0;
}

static int parse_line(const char *line, struct parsed *p, size_t *errpos)
{
	static struct word w;
	size_t pos = 0;
	bool only_args = false;

	p->nsettings = 0;
	p->args_used = 0;
	p->nargs = 0;
	for (;;) {
		while (blank(line[pos]))
			pos++;
		if (!line[pos])
			return 0;
		size_t start = pos;
		int rc = read_word(line, &pos, &w, errpos);
		if (rc < 0)
			return rc;

		if (!only_args && w.eq < 0 && !w.key_quoted && str_eq(w.text, "--")) {
			only_args = true;
			continue;
		}
		if (only_args || w.eq < 0 || w.key_quoted) {
			if (p->nargs == CONFIG_MAX_ARGS || p->args_used + w.len + 1 > ARG_STORAGE) {
				*errpos = start;
				return RX_E2BIG;
			}
			(void)str_copy(p->args + p->args_used, w.text, w.len + 1);
			p->args_used += w.len + 1;
			p->nargs++;
			continue;
		}
		long bad = key_error(w.text, (size_t)w.eq);
		if (bad >= 0) {
			*errpos = start + (size_t)bad;
			return w.eq > CONFIG_KEY_MAX && bad == CONFIG_KEY_MAX ? RX_E2BIG
									      : RX_EINVAL;
		}
		w.text[w.eq] = '\0';
		const char *value = w.text + w.eq + 1;
		if (str_nlen(value, CONFIG_VALUE_MAX + 1) > CONFIG_VALUE_MAX) {
			*errpos = start + (size_t)w.eq + 1;
			return RX_E2BIG;
		}
		if (store(p->settings, &p->nsettings, w.text, value) < 0) {
			*errpos = start;
			return RX_ENOSPC;
		}
	}
}

static int new_keys(const struct parsed *p)
{
	int n = 0;

	for (int i = 0; i < p->nsettings; i++)
		if (!find(table, nentries, p->settings[i].key))
			n++;
	return n;
}

int config_parse_cmdline(const char *line, size_t *errpos)
{
	size_t dummy;

	if (!errpos)
		errpos = &dummy;
	if (!line) {
		*errpos = 0;
		return RX_EINVAL;
	}
	int rc = parse_line(line, &scratch, errpos);
	if (rc < 0)
		return rc;
	if (nentries + new_keys(&scratch) > CONFIG_MAX_ENTRIES) {
		*errpos = 0;
		return RX_ENOSPC;
	}
	for (int i = 0; i < scratch.nsettings; i++)
		store(table, &nentries, scratch.settings[i].key, scratch.settings[i].value);
	if (scratch.nargs > 0) {
		/* A line with arguments replaces the earlier argument list. */
		for (size_t i = 0; i < scratch.args_used; i++)
			arg_storage[i] = scratch.args[i];
		nargs = scratch.nargs;
		char *a = arg_storage;
		for (int i = 0; i < nargs; i++) {
			argv_table[i + 1] = a;
			a += str_nlen(a, ARG_STORAGE) + 1;
		}
		argv_table[nargs + 1] = NULL;
	}
	return 0;
}

int config_set(const char *key, const char *value)
{
	if (!key || !value || key_error(key, str_nlen(key, CONFIG_KEY_MAX + 1)) >= 0)
		return RX_EINVAL;
	if (str_nlen(value, CONFIG_VALUE_MAX + 1) > CONFIG_VALUE_MAX)
		return RX_E2BIG;
	return store(table, &nentries, key, value);
}

const char *config_get(const char *key)
{
	struct entry *e = key ? find(table, nentries, key) : NULL;

	return e ? e->value : NULL;
}

static void set_err(int *err, int value)
{
	if (err)
		*err = value;
}

/* Parse [+-]digits or [+-]0x hexdigits; the magnitude into *mag. */
static const char *parse_magnitude(const char *s, bool *negative, unsigned long long *mag,
				   bool *overflow)
{
	unsigned base = 10;

	*negative = false;
	*overflow = false;
	*mag = 0;
	if (*s == '+' || *s == '-')
		*negative = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	const char *digits = s;
	for (;; s++) {
		unsigned d = digit_value(*s);
		if (d >= base)
			break;
		if (*mag > (~0ull - d) / base)
			*overflow = true;
		else
			*mag = *mag * base + d;
	}
	return s == digits ? NULL : s;
}

long long config_get_int(const char *key, long long def, int *err)
{
	const char *v = config_get(key);
	bool neg, overflow;
	unsigned long long mag;

	set_err(err, 0);
	if (!v)
		return def;
	const char *end = parse_magnitude(v, &neg, &mag, &overflow);
	if (!end || *end) {
		set_err(err, RX_EINVAL);
		return def;
	}
	if (overflow ||
	    mag > (neg ? (unsigned long long)INT64_MAX + 1 : (unsigned long long)INT64_MAX)) {
		set_err(err, RX_ERANGE);
		return def;
	}
	return neg ? (long long)(0 - mag) : (long long)mag;
}

unsigned long long config_get_size(const char *key, unsigned long long def, int *err)
{
	const char *v = config_get(key);
	bool neg, overflow;
	unsigned long long mag;
	unsigned shift = 0;

	set_err(err, 0);
	if (!v)
		return def;
	const char *end = parse_magnitude(v, &neg, &mag, &overflow);
	if (!end || neg) {
		set_err(err, RX_EINVAL);
		return def;
	}
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	default:
		set_err(err, RX_EINVAL);
		return def;
	}
	if (*end) {
		set_err(err, RX_EINVAL);
		return def;
	}
	if (overflow || (shift && mag > (~0ull >> shift))) {
		set_err(err, RX_ERANGE);
		return def;
	}
	return mag << shift;
}

int config_get_bool(const char *key, int def, int *err)
{
	static const char *const yes[] = {"1", "yes", "true", "on"};
	static const char *const no[] = {"0", "no", "false", "off"};
	const char *v = config_get(key);

	set_err(err, 0);
	if (!v)
		return def;
	for (unsigned i = 0; i < 4; i++) {
		if (str_eq(v, yes[i]))
			return 1;
		if (str_eq(v, no[i]))
			return 0;
	}
	set_err(err, RX_EINVAL);
	return def;
}

int config_argc(void) { return nargs + 1; }

char **config_argv(void)
{
	const char *name = config_get("name");

	argv_table[0] = (char *)(name ? name : "app");
	argv_table[nargs + 1] = NULL;
	return argv_table;
}

void config_reset(void)
{
	nentries = 0;
	nargs = 0;
	argv_table[1] = NULL;
}
