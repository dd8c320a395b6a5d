/*
 * rumpuser_getparam: the configuration the kernel asks for.
 *
 * Sources, first match wins: a guest configuration key of the same name
 * (config_get), then the platform's own answer below. Keys nobody set
 * fail, so the kernel uses its defaults: ENOENT for ordinary names,
 * EINVAL for unknown reserved ("_"-prefixed) ones. Never blocks; called
 * with and without a rump CPU.
 */
#include "rumpuser_priv.h"

#include <core/config.h>
#include <core/log.h>
#include <core/mem.h>

#include <stdbool.h>

/* The kernel reserves 2 x MAXPHYS (64 KiB) for its page daemon and
 * panics at boot on a limit at or below it. */
#define MEMLIMIT_FLOOR (2ull * 64 * 1024)

static int copy_value(const char *value, void *buf, size_t buflen)
{
	size_t len = 0;

	while (value[len] != '\0')
		len++;
	if (len + 1 > buflen)
		return NB_E2BIG;
	for (size_t i = 0; i <= len; i++)
		((char *)buf)[i] = value[i];
	return 0;
}

static bool same(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/*
 * The kernel's parser accepts digits and at most one lower-case k, m or
 * g; anything else panics it. Refuse such a value here instead.
 */
static bool memlimit_acceptable(const char *v)
{
	unsigned long long n = 0, mult = 1;
	const char *p = v;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (~0ull - 9) / 10)
			return false;
		n = n * 10 + (unsigned long long)(*p - '0');
	}
	if (*p == 'k')
		mult = 1ull << 10;
	else if (*p == 'm')
		mult = 1ull << 20;
	else if (*p == 'g')
		mult = 1ull << 30;
	if (mult != 1)
		p++;
	if (*p != '\0' || n > ~0ull / mult)
		return false;
	return n * mult > MEMLIMIT_FLOOR;
}

/* Half of the guest's memory, in the largest lower-case unit it divides. */
static int memlimit_default(char *out, size_t outlen)
{
	struct mem_stats st;
	unsigned long long limit;
	const char *suffix = "";

	mem_get_stats(&st);
	limit = st.total_bytes / 2;
	if (limit <= MEMLIMIT_FLOOR)
		return NB_ENOENT; /* too small to limit: let the kernel run unlimited */
	if (limit % (1ull << 20) == 0) {
		limit >>= 20;
		suffix = "m";
	} else if (limit % (1ull << 10) == 0) {
		limit >>= 10;
		suffix = "k";
	}
	fmt_snprintf(out, outlen, "%llu%s", limit, suffix);
	return 0;
}

static const char *hostname(void)
{
	const char *v = config_get("hostname");

	if (v == NULL || *v == '\0')
		v = config_get("name");
	return v != NULL && *v != '\0' ? v : "rumpxen";
}

int rumpuser_getparam(const char *name, void *buf, size_t buflen)
{
	char tmp[32];
	const char *v;

	if (name == NULL || buf == NULL || buflen == 0)
		return NB_EINVAL;

	/* One cooperative CPU: more VCPUs only add switching (not configurable). */
	if (same(name, RUMPUSER_PARAM_NCPU))
		return copy_value("1", buf, buflen);

	v = config_get(name);
	if (same(name, "RUMP_MEMLIMIT")) {
		if (v == NULL) {
			int err = memlimit_default(tmp, sizeof(tmp));
			return err != 0 ? err : copy_value(tmp, buf, buflen);
		}
		if (!memlimit_acceptable(v)) {
			log_error("rumpuser",
				  "RUMP_MEMLIMIT=%s refused: want digits, an optional "
				  "k/m/g, more than 128k",
				  v);
			return NB_EINVAL;
		}
		return copy_value(v, buf, buflen);
	}
	if (same(name, RUMPUSER_PARAM_HOSTNAME))
		return copy_value(v != NULL ? v : hostname(), buf, buflen);
	if (v != NULL)
		return copy_value(v, buf, buflen);
	if (same(name, "RUMP_VERBOSE"))
		return copy_value(log_get_level() >= LOG_DEBUG ? "1" : "0", buf, buflen);
	/* No module directory on the host side to expose. */
	if (same(name, "RUMP_MODULEBASE"))
		return copy_value("0", buf, buflen);
	return name[0] == '_' ? NB_EINVAL : NB_ENOENT;
}
