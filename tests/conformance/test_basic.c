/* Hypercalls without threads: parameters, memory, clocks, randomness,
 * version handshake, error translation, signals. */
#include "suite.h"

#include "chacha20.h"
#include "rumpuser_priv.h"

#include <core/config.h>
#include <core/errors.h>
#include <core/mem.h>

static int streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

static void t_getparam_mandatory(struct lwp *self)
{
	char buf[256];

	(void)self;
	CHECK_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
	CHECK(streq(buf, "1"));
	CHECK_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf)), 0);
	CHECK(streq(buf, "rumpxen"));
	CHECK_EQ(config_set("name", "guest-7"), 0);
	CHECK_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf)), 0);
	CHECK(streq(buf, "guest-7"));
	CHECK_EQ(config_set("hostname", "web1"), 0);
	CHECK_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf)), 0);
	CHECK(streq(buf, "web1"));
	/* NCPU stays 1 whatever the configuration says */
	CHECK_EQ(config_set("_RUMPUSER_NCPU", "4"), 0);
	CHECK_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
	CHECK(streq(buf, "1"));
}

static int memlimit_bytes(const char *v, unsigned long long *out)
{
	unsigned long long n = 0;
	size_t i = 0;

	for (; v[i] >= '0' && v[i] <= '9'; i++)
		n = n * 10 + (unsigned long long)(v[i] - '0');
	if (i == 0)
		return -1;
	if (v[i] == 'k')
		n <<= 10, i++;
	else if (v[i] == 'm')
		n <<= 20, i++;
	else if (v[i] == 'g')
		n <<= 30, i++;
	*out = n;
	return v[i] == '\0' ? 0 : -1;
}

static void t_getparam_memlimit(struct lwp *self)
{
	char buf[64];
	unsigned long long lim;
	struct mem_stats st;

	(void)self;
	mem_get_stats(&st);
	CHECK_EQ(rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)), 0);
	CHECK_EQ(memlimit_bytes(buf, &lim), 0); /* digits + one lower-case suffix */
	CHECK_EQ(lim, st.total_bytes / 2);
	CHECK(lim > 128 * 1024);
	CHECK_EQ(config_set("RUMP_MEMLIMIT", "64m"), 0);
	CHECK_EQ(rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)), 0);
	CHECK(streq(buf, "64m"));
	/* values that would panic the kernel are refused */
	CHECK_EQ(config_set("RUMP_MEMLIMIT", "64M"), 0);
	CHECK_EQ(rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)), 22);
	CHECK_EQ(config_set("RUMP_MEMLIMIT", "128k"), 0);
	CHECK_EQ(rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)), 22);
	CHECK_EQ(config_set("RUMP_MEMLIMIT", "1mk"), 0);
	CHECK_EQ(rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)), 22);
	CHECK_EQ(config_set("RUMP_MEMLIMIT", "99999999999999999999999g"), 0);
	CHECK_EQ(rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)), 22);
	CHECK_EQ(config_set("RUMP_MEMLIMIT", "200000"), 0);
	CHECK_EQ(rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)), 0);
	CHECK(streq(buf, "200000"));
}

static void t_getparam_unknown_and_sizes(struct lwp *self)
{
	char buf[64];

	(void)self;
	CHECK_EQ(rumpuser_getparam("RUMP_BLKFAIL", buf, sizeof(buf)), 2); /* not set: ENOENT */
	CHECK_EQ(rumpuser_getparam("RUMP_THREADS", buf, sizeof(buf)), 2);
	CHECK_EQ(rumpuser_getparam("_RUMPUSER_NOSUCH", buf, sizeof(buf)), 22);
	CHECK_EQ(config_set("RUMP_NVNODES", "4096"), 0);
	CHECK_EQ(rumpuser_getparam("RUMP_NVNODES", buf, sizeof(buf)), 0);
	CHECK(streq(buf, "4096"));
	CHECK_EQ(rumpuser_getparam("RUMP_VERBOSE", buf, sizeof(buf)), 0);
	CHECK(buf[0] == '0' || buf[0] == '1');
	CHECK_EQ(rumpuser_getparam("RUMP_MODULEBASE", buf, sizeof(buf)), 0);
	CHECK(streq(buf, "0"));
	/* fits exactly (value + NUL), one byte short, no buffer */
	CHECK_EQ(rumpuser_getparam("RUMP_NVNODES", buf, 5), 0);
	CHECK_EQ(slen(buf), 4);
	buf[0] = 'x';
	CHECK_EQ(rumpuser_getparam("RUMP_NVNODES", buf, 4), 7); /* E2BIG */
	CHECK_EQ(buf[0], 'x');					/* nothing half-written */
	CHECK_EQ(rumpuser_getparam("RUMP_NVNODES", buf, 0), 22);
	CHECK_EQ(rumpuser_getparam("RUMP_NVNODES", NULL, 64), 22);
	CHECK_EQ(rumpuser_getparam(NULL, buf, sizeof(buf)), 22);
}

static void t_malloc_alignment(struct lwp *self)
{
	(void)self;
	for (int align = 0; align <= 65536; align = align != 0 ? align * 2 : 1) {
		size_t lens[] = {1, 64, 4096, 20000};
		for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			void *p = NULL;
			CHECK_EQ(rumpuser_malloc(lens[i], align, &p), 0);
			CHECK(p != NULL);
			CHECK_EQ((uintptr_t)p % (align > 16 ? (uintptr_t)align : 16), 0);
			for (size_t b = 0; b < lens[i]; b++)
				((volatile char *)p)[b] = (char)b;
			rumpuser_free(p, lens[i]);
		}
	}
	void *p = NULL;
	CHECK_EQ(rumpuser_malloc(0, 0, &p), 0);
	rumpuser_free(p, 0);
	CHECK_EQ(rumpuser_malloc(64, 3, &p), 22);
	CHECK_EQ(rumpuser_malloc(64, -4096, &p), 22);
	CHECK_EQ(rumpuser_malloc(64, 0, NULL), 22);
	CHECK_EQ(rumpuser_malloc((size_t)1 << 60, 0, &p), 12); /* ENOMEM, and still usable */
	CHECK_EQ(rumpuser_malloc(64, 0, &p), 0);
	rumpuser_free(p, 64);
	CHECK_EQ(self->unsched_calls, 0);
}

static void t_anonmmap(struct lwp *self)
{
	void *p;

	(void)self;
	CHECK_EQ(rumpuser_anonmmap(NULL, 3 * 4096 + 1, 0, 0, &p), 0);
	CHECK_EQ((uintptr_t)p % 4096, 0);
	for (size_t i = 0; i < 4 * 4096; i++)
		CHECK_EQ(((unsigned char *)p)[i], 0);
	rumpuser_unmap(p, 3 * 4096 + 1);
	CHECK_EQ(rumpuser_anonmmap(NULL, 4096, 16, 1, &p), 0);
	CHECK_EQ((uintptr_t)p % 65536, 0);
	rumpuser_unmap(p, 4096);
	CHECK_EQ(rumpuser_anonmmap(NULL, 0, 0, 0, &p), 22);
	CHECK_EQ(rumpuser_anonmmap(NULL, 4096, -1, 0, &p), 22);
	CHECK_EQ(rumpuser_anonmmap(NULL, 4096, 40, 0, &p), 22);
}

static void t_clock_gettime(struct lwp *self)
{
	int64_t s1, s2, w;
	long n1, n2, wn;
	int spins = 0;

	CHECK_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_RELWALL, &w, &wn), 0);
	CHECK(w > 1577836800); /* after 2020-01-01: real epoch time, not uptime */
	CHECK(wn >= 0 && wn < 1000000000);
	CHECK_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &s1, &n1), 0);
	/* advances while we spin holding the CPU (the kernel's DELAY()) */
	do {
		CHECK_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &s2, &n2), 0);
		CHECK(n2 >= 0 && n2 < 1000000000);
	} while (s2 == s1 && n2 - n1 < 10000 && ++spins < 100000000);
	CHECK(s2 > s1 || n2 - n1 >= 10000);
	CHECK_EQ(self->unsched_calls, 0);
	CHECK_EQ(rumpuser_clock_gettime(2, &s1, &n1), 22);
	CHECK_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, NULL, &n1), 22);
}

static int all_equal(const unsigned char *a, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static void random_quality(const char *what, int flags)
{
	unsigned char a[64], b[64];
	size_t n, total = 0;
	int ones = 0;

	(void)what;
	for (int round = 0; round < 64; round++) {
		CHECK_EQ(rumpuser_getrandom(a, sizeof(a), flags, &n), 0);
		CHECK(n >= 1 && n <= sizeof(a));
		total += n;
		for (size_t i = 0; i < n; i++)
			for (int bit = 0; bit < 8; bit++)
				ones += (a[i] >> bit) & 1;
	}
	/* about half the bits set (loose bound: a stuck source fails it) */
	CHECK(ones > (int)(total * 8 * 4 / 10) && ones < (int)(total * 8 * 6 / 10));
	CHECK_EQ(rumpuser_getrandom(a, sizeof(a), flags, &n), 0);
	CHECK_EQ(rumpuser_getrandom(b, n, flags, &n), 0);
	CHECK(!all_equal(a, b, n));
}

static void t_getrandom(struct lwp *self)
{
	unsigned char c[8];
	size_t n;

	random_quality("default", RUMPUSER_RANDOM_HARD | RUMPUSER_RANDOM_NOWAIT);
	if (conf_failed())
		return;
	random_quality("default", 0);
	if (conf_failed())
		return;
	CHECK_EQ(rumpuser_getrandom(c, 0, 0, &n), 22);
	CHECK_EQ(rumpuser_getrandom(c, sizeof(c), 0x10, &n), 22);
	CHECK_EQ(rumpuser_getrandom(NULL, sizeof(c), 0, &n), 22);
	CHECK_EQ(self->unsched_calls, 0);
}

static void t_getrandom_software_generator(struct lwp *self)
{
	int before = rumpuser__random_source();

	(void)self;
	CHECK_EQ(rumpuser__random_force_source(RUMPUSER_RANDOM_CHACHA20), 0);
	random_quality("chacha20", RUMPUSER_RANDOM_HARD | RUMPUSER_RANDOM_NOWAIT);
	rumpuser__random_force_source(before);
	if (conf_failed())
		return;
	CHECK_EQ(rumpuser__random_force_source(99), 6);
}

/* RFC 8439 section 2.3.2 test vector. */
static void t_chacha20_known_answer(struct lwp *self)
{
	static const uint8_t expect[16] = {0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15,
					   0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4};
	static const uint8_t expect_tail[4] = {0xa2, 0x50, 0x3c, 0x4e};
	uint32_t key[8], nonce[3] = {0x09000000, 0x4a000000, 0};
	uint8_t out[64];

	(void)self;
	for (int i = 0; i < 8; i++)
		key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
			 (uint32_t)(4 * i + 2) << 16 | (uint32_t)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	CHECK(all_equal(out, expect, sizeof(expect)));
	CHECK(all_equal(out + 60, expect_tail, sizeof(expect_tail)));
}

static int foreign_calls;
static void foreign_unschedule(int n, int *held, void *il)
{
	(void)n;
	(void)il;
	*held = 0;
	foreign_calls++;
}
static void foreign_schedule(int n, void *il)
{
	(void)n;
	(void)il;
	foreign_calls++;
}

static void t_init_rejects_bad_versions(struct lwp *self)
{
	struct rumpuser_hyperup other = {.hyp_backend_unschedule = foreign_unschedule,
					 .hyp_backend_schedule = foreign_schedule};

	CHECK(rumpuser_init(16, &other) != 0);
	CHECK(rumpuser_init(18, &other) != 0);
	CHECK(rumpuser_init(0, &other) != 0);
	CHECK(rumpuser_init(RUMPUSER_VERSION, NULL) != 0);
	/* a refused init keeps the table in force: our upcalls still run */
	CHECK_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000), 0);
	CHECK_EQ(foreign_calls, 0);
	CHECK_EQ(self->unsched_calls, 1);
	CHECK_EQ(sizeof(struct rumpuser_hyperup), 168); /* 13 upcalls + 8 reserved (LP64) */
}

static void t_error_translation(struct lwp *self)
{
	static const struct {
		int rx, netbsd;
	} expect[] = {
	    {0, 0},	     {RX_ENOMEM, 12},	{RX_EINVAL, 22},
	    {RX_ENOENT, 2},  {RX_EAGAIN, 35},	{RX_ETIMEDOUT, 60},
	    {RX_EIO, 5},     {RX_EROFS, 30},	{RX_EBUSY, 16},
	    {RX_ENOSPC, 28}, {RX_EACCES, 13},	{RX_EEXIST, 17},
	    {RX_E2BIG, 7},   {RX_ENODEV, 19},	{RX_EPROTO, 96},
	    {RX_ENOSYS, 78}, {RX_ESHUTDOWN, 6}, {RX_EPERM, 1},
	    {RX_ERANGE, 34}, {-999, 5},		{5, 0},
	};

	(void)self;
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		CHECK_EQ(rumpuser__errno_from_rx(expect[i].rx), expect[i].netbsd);
}

static void t_kill_and_daemonize(struct lwp *self)
{
	CHECK_EQ(rumpuser_kill(RUMPUSER_PID_SELF, 13), 0); /* SIGPIPE: ignored, we return */
	CHECK_EQ(rumpuser_kill(1, 9), 0);
	CHECK_EQ(rumpuser_daemonize_begin(), 78);
	CHECK_EQ(rumpuser_daemonize_done(0), 78);
	rumpuser_dl_bootstrap(NULL, NULL, NULL);
	CHECK(fk_cpu_holder() == self);
	CHECK_EQ(self->unsched_calls, 0);
}

const struct conf_test conf_basic_tests[] = {
    {"getparam: NCPU 1 and host name, overrides", t_getparam_mandatory},
    {"getparam: RUMP_MEMLIMIT derived, lower-case suffix, bad values refused", t_getparam_memlimit},
    {"getparam: unknown keys, user keys, buffer sizes", t_getparam_unknown_and_sizes},
    {"malloc: every power-of-two alignment, bad alignment refused", t_malloc_alignment},
    {"anonmmap: zeroed, aligned, bad arguments refused", t_anonmmap},
    {"clock_gettime: epoch wall clock, live monotonic clock", t_clock_gettime},
    {"getrandom: at least one byte per call, varied output", t_getrandom},
    {"getrandom: ChaCha20 software generator", t_getrandom_software_generator},
    {"chacha20 block function known answer (RFC 8439 2.3.2)", t_chacha20_known_answer},
    {"init rejects versions other than 17 and keeps its table", t_init_rejects_bad_versions},
    {"error translation to NetBSD numbers", t_error_translation},
    {"kill and daemonize return without halting", t_kill_and_daemonize},
    {NULL, NULL},
};
