/*
 * Fuzz target: the configuration parser (core/config.c), which reads
 * the guest's command line and the values the toolstack writes.
 *
 * The input is a sequence of NUL-separated parts: command lines, and
 * every third part a key whose value is the part after it (config_set).
 * A model written from config.h's contract (words, quotes, escapes,
 * key and value limits, the 64-entry table, argument limits) predicts
 * each outcome; the target checks:
 *   - the result code, and an error position inside the line;
 *   - after success every setting of the line reads back, arguments
 *     are replaced when the line has some; after an error nothing
 *     changed (the whole table is compared with the model);
 *   - the int/size/bool getters against independent parses;
 *   - a round trip: the table and arguments written back as one
 *     quoted command line parse to the same contents.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/config.h>
#include <core/errors.h>

#include "../fuzz_check.h"

#define TABLE_MAX 64 /* config.c's table size */
#define ARG_STORAGE 4096
#define WORD_MAX (CONFIG_KEY_MAX + 1 + CONFIG_VALUE_MAX)

struct model_entry {
	char key[CONFIG_KEY_MAX + 1];
	char value[CONFIG_VALUE_MAX + 1];
};

static struct model {
	struct model_entry e[TABLE_MAX];
	int n;
	char args[CONFIG_MAX_ARGS][WORD_MAX + 1];
	int nargs;
} model, next;

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static struct model_entry *model_find(struct model *m, const char *key)
{
	for (int i = 0; i < m->n; i++)
		if (strcmp(m->e[i].key, key) == 0)
			return &m->e[i];
	return NULL;
}

/* Store into m: false when the table is full. */
static bool model_store(struct model *m, const char *key, const char *value)
{
	struct model_entry *e = model_find(m, key);
	if (!e) {
		if (m->n == TABLE_MAX)
			return false;
		e = &m->e[m->n++];
		strcpy(e->key, key);
	}
	strcpy(e->value, value);
	return true;
}

/* The outcome of a line per the contract: 0 with `next` holding the
 * table and arguments afterwards, or the error and the span [lo, hi] of
 * line offsets the error position must fall in. Several errors in one
 * word may be reported as either (*alt). */
static int model_parse(const char *line, size_t *lo, size_t *hi, int *alt)
{
	static char text[WORD_MAX + 2];
	static struct model_entry line_settings[TABLE_MAX];
	int nline = 0, nargs = 0;
	size_t storage = 0, pos = 0, len = strlen(line);
	bool only_args = false;

	*alt = 0;
	*lo = 0;
	*hi = len;
	next = model;
	for (;;) {
		while (blank(line[pos]))
			pos++;
		if (!line[pos])
			break;
		size_t start = pos, tlen = 0;
		long eq = -1;
		bool quoted = false, key_quoted = false;
		*lo = start;
		*hi = len;
		while (line[pos] && (quoted || !blank(line[pos]))) {
			char c = line[pos];
			if ((unsigned char)c < 0x20 && !blank(c))
				return RX_EINVAL;
			if (c == '"') {
				quoted = !quoted;
				key_quoted |= eq < 0;
				pos++;
				continue;
			}
			if (quoted && c == '\\') {
				c = line[++pos];
				if (!c)
					return RX_EINVAL;
				/* An escaped character is still a character of the line. */
				if ((unsigned char)c < 0x20 && !blank(c))
					return RX_EINVAL;
			} else if (!quoted && c == '=' && eq < 0) {
				eq = (long)tlen;
			}
			if (tlen == WORD_MAX)
				return RX_E2BIG;
			text[tlen++] = c;
			pos++;
		}
		if (quoted)
			return RX_EINVAL;
		text[tlen] = '\0';
		*hi = pos;
		if (!only_args && eq < 0 && !key_quoted && strcmp(text, "--") == 0) {
			only_args = true;
			continue;
		}
		if (only_args || eq < 0 || key_quoted) {
			if (nargs == CONFIG_MAX_ARGS || storage + tlen + 1 > ARG_STORAGE)
				return RX_E2BIG;
			memcpy(next.args[nargs++], text, tlen + 1);
			storage += tlen + 1;
			continue;
		}
		bool bad_char = eq == 0;
		for (long i = 0; i < eq; i++)
			bad_char |= !key_char(text[i]);
		if (bad_char && eq > CONFIG_KEY_MAX)
			*alt = RX_E2BIG;
		if (bad_char)
			return RX_EINVAL;
		if (eq > CONFIG_KEY_MAX)
			return RX_E2BIG;
		text[eq] = '\0';
		if (strlen(text + eq + 1) > CONFIG_VALUE_MAX)
			return RX_E2BIG;
		struct model_entry *e = NULL;
		for (int i = 0; i < nline; i++)
			if (strcmp(line_settings[i].key, text) == 0)
				e = &line_settings[i];
		if (!e) {
			if (nline == TABLE_MAX)
				return RX_ENOSPC;
			e = &line_settings[nline++];
			strcpy(e->key, text);
		}
		strcpy(e->value, text + eq + 1);
	}
	*lo = 0;
	for (int i = 0; i < nline; i++)
		if (!model_store(&next, line_settings[i].key, line_settings[i].value))
			return RX_ENOSPC;
	if (nargs > 0)
		next.nargs = nargs;
	return 0;
}

/* The parser's state equals the model's. */
static void check_state(const struct model *m)
{
	for (int i = 0; i < m->n; i++) {
		const char *v = config_get(m->e[i].key);
		FUZZ_CHECK(v && strcmp(v, m->e[i].value) == 0, "key %s: %s, model %s", m->e[i].key,
			   v ? v : "(unset)", m->e[i].value);
	}
	FUZZ_CHECK(config_argc() == m->nargs + 1, "argc %d, model %d", config_argc(), m->nargs + 1);
	char **argv = config_argv();
	struct model_entry *name = model_find((struct model *)m, "name");
	FUZZ_CHECK(strcmp(argv[0], name ? name->value : "app") == 0, "argv[0] %s", argv[0]);
	for (int i = 0; i < m->nargs; i++)
		FUZZ_CHECK(strcmp(argv[i + 1], m->args[i]) == 0, "argv[%d] %s, model %s", i + 1,
			   argv[i + 1], m->args[i]);
	FUZZ_CHECK(argv[m->nargs + 1] == NULL, "argv not NULL-terminated");
}

static void check_line(const char *line)
{
	size_t errpos = (size_t)-1, lo, hi;
	int alt;
	int want = model_parse(line, &lo, &hi, &alt);
	int got = config_parse_cmdline(line, &errpos);

	FUZZ_CHECK(got == want || (alt && got == alt), "parse gave %d, model %d", got, want);
	if (got == 0) {
		model = next;
	} else {
		FUZZ_CHECK(errpos >= lo && errpos <= hi, "error position %zu outside %zu..%zu",
			   errpos, lo, hi);
	}
	check_state(&model);
}

static void check_set(const char *key, const char *value)
{
	int want = 0;
	size_t klen = strlen(key);
	for (size_t i = 0; i < klen; i++)
		if (!key_char(key[i]))
			want = RX_EINVAL;
	if (klen == 0 || klen > CONFIG_KEY_MAX)
		want = RX_EINVAL;
	else if (!want && strlen(value) > CONFIG_VALUE_MAX)
		want = RX_E2BIG;
	else if (!want && !model_find(&model, key) && model.n == TABLE_MAX)
		want = RX_ENOSPC;
	int got = config_set(key, value);
	FUZZ_CHECK(got == want, "config_set(%s) gave %d, model %d", key, got, want);
	if (got == 0)
		model_store(&model, key, value);
	check_state(&model);
}

/* [+-]digits or [+-]0x hexdigits, then the rest at *end. 0, or -1 when
 * there are no digits; *overflow when the magnitude does not fit. */
static int ref_magnitude(const char *s, bool *neg, unsigned long long *mag, bool *overflow,
			 const char **end)
{
	int base = 10;
	*neg = false;
	if (*s == '+' || *s == '-')
		*neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	size_t n = base == 16 ? strspn(s, "0123456789abcdefABCDEF") : strspn(s, "0123456789");
	if (n == 0)
		return -1;
	char digits[CONFIG_VALUE_MAX + 1];
	memcpy(digits, s, n);
	digits[n] = '\0';
	errno = 0;
	*mag = strtoull(digits, NULL, base);
	*overflow = errno == ERANGE;
	*end = s + n;
	return 0;
}

static void check_getters(const struct model_entry *e)
{
	bool neg, overflow;
	unsigned long long mag;
	const char *end;
	int err = 1;
	bool digits = ref_magnitude(e->value, &neg, &mag, &overflow, &end) == 0;

	/* Integers. */
	long long i = config_get_int(e->key, 12345, &err);
	if (!digits || *end)
		FUZZ_CHECK(i == 12345 && err == RX_EINVAL, "int %s: %lld err %d", e->value, i, err);
	else if (overflow || mag > (neg ? (1ull << 63) : (1ull << 63) - 1))
		FUZZ_CHECK(i == 12345 && err == RX_ERANGE, "int %s: %lld err %d", e->value, i, err);
	else
		FUZZ_CHECK(err == 0 && (unsigned long long)i == (neg ? 0 - mag : mag),
			   "int %s: %lld err %d", e->value, i, err);

	/* Sizes. */
	unsigned long long sz = config_get_size(e->key, 777, &err);
	unsigned shift = 0;
	bool bad = !digits || neg;
	if (!bad && *end) {
		switch (*end) {
		case 'k':
		case 'K':
			shift = 10;
			break;
		case 'm':
		case 'M':
			shift = 20;
			break;
		case 'g':
		case 'G':
			shift = 30;
			break;
		default:
			bad = true;
		}
		bad |= end[1] != '\0';
	}
	unsigned long long want;
	if (bad)
		FUZZ_CHECK(sz == 777 && err == RX_EINVAL, "size %s: %llu err %d", e->value, sz,
			   err);
	else if (overflow || __builtin_mul_overflow(mag, 1ull << shift, &want))
		FUZZ_CHECK(sz == 777 && err == RX_ERANGE, "size %s: %llu err %d", e->value, sz,
			   err);
	else
		FUZZ_CHECK(sz == want && err == 0, "size %s: %llu err %d", e->value, sz, err);

	/* Booleans. */
	static const char *const yes[] = {"1", "yes", "true", "on"};
	static const char *const no[] = {"0", "no", "false", "off"};
	int b = config_get_bool(e->key, 7, &err), wantb = 7;
	for (int k = 0; k < 4; k++) {
		if (strcmp(e->value, yes[k]) == 0)
			wantb = 1;
		if (strcmp(e->value, no[k]) == 0)
			wantb = 0;
	}
	FUZZ_CHECK(b == wantb && err == (wantb == 7 ? RX_EINVAL : 0), "bool %s: %d err %d",
		   e->value, b, err);
}

/* Append s quoted, escaping '"' and '\\'. */
static char *put_quoted(char *p, const char *s)
{
	*p++ = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '"';
	return p;
}

/* Write the model's contents as one command line and parse it afresh. */
static void check_round_trip(void)
{
	for (int i = 0; i < model.n; i++)
		for (const char *s = model.e[i].value; *s; s++)
			if ((unsigned char)*s < 0x20 && !blank(*s))
				return; /* from config_set: no command line can carry it */
	char *line = malloc((size_t)TABLE_MAX * (CONFIG_KEY_MAX + 4 + 2 * CONFIG_VALUE_MAX) +
			    (size_t)CONFIG_MAX_ARGS * (2 * WORD_MAX + 3) + 4);
	if (!line)
		abort();
	char *p = line;
	for (int i = 0; i < model.n; i++) {
		p += sprintf(p, "%s=", model.e[i].key);
		p = put_quoted(p, model.e[i].value);
		*p++ = ' ';
	}
	if (model.nargs)
		p += sprintf(p, "--");
	for (int i = 0; i < model.nargs; i++) {
		*p++ = ' ';
		p = put_quoted(p, model.args[i]);
	}
	*p = '\0';
	config_reset();
	size_t errpos = 0;
	int rc = config_parse_cmdline(line, &errpos);
	FUZZ_CHECK(rc == 0, "round trip line refused: %d at %zu: %s", rc, errpos, line);
	check_state(&model);
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	char *part;

	config_reset();
	memset(&model, 0, sizeof(model));
	for (int k = 0; (part = fuzz_string(&in)) != NULL; k++) {
		if (k % 3 == 2) {
			char *value = fuzz_string(&in);
			check_set(part, value ? value : "");
			free(value);
		} else {
			check_line(part);
		}
		free(part);
	}
	for (int i = 0; i < model.n; i++)
		check_getters(&model.e[i]);
	check_round_trip();
	return 0;
}
