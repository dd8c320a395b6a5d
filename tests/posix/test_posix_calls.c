/*
 * The system-call layer on the host: the dispatcher, the once-only log
 * of unimplemented calls, argument checks and each phase-1 call, all
 * entered through __rx_syscall with a fake platform (struct posix_ops).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "harness.h"
#include "plat_linux.h"
#include "posix/linux_abi.h"
#include "posix/linux_errno.h"
#include "posix/linux_sysnr.h"
#include "posix/syscall.h"
#include "posix_internal.h"

/* What the fake platform saw and will answer. */
static struct {
	char out[256];
	size_t out_used;
	int last_fd;
	size_t last_len;
	int writes;
	long write_limit;  /* > 0: take at most this many bytes a call */
	long write_result; /* != 0: return this instead of writing */
	int randoms;
	int last_nonblock;
	int random_result;
	enum posix_clock last_clock;
	uint64_t clock_value;
	int clock_result;
} fake;

static long fake_console_write(int fd, const void *buf, size_t len)
{
	fake.writes++;
	fake.last_fd = fd;
	fake.last_len = len;
	if (fake.write_result)
		return fake.write_result;
	if (fake.write_limit > 0 && len > (size_t)fake.write_limit)
		len = (size_t)fake.write_limit;
	size_t room = sizeof(fake.out) - 1 - fake.out_used;
	memcpy(fake.out + fake.out_used, buf, len < room ? len : room);
	fake.out_used += len < room ? len : room;
	fake.out[fake.out_used] = '\0';
	return (long)len;
}

static int fake_random(void *buf, size_t len, int nonblock)
{
	fake.randoms++;
	fake.last_nonblock = nonblock;
	fake.last_len = len;
	if (fake.random_result)
		return fake.random_result;
	memset(buf, 0xa5, len < 64 ? len : 64);
	return 0;
}

static int fake_clock(enum posix_clock clock, uint64_t *ns)
{
	fake.last_clock = clock;
	if (fake.clock_result)
		return fake.clock_result;
	*ns = fake.clock_value;
	return 0;
}

static const struct posix_ops fake_ops = {
    .console_write = fake_console_write,
    .random = fake_random,
    .clock_ns = fake_clock,
    .nodename = "test-node",
};

static void reset(void)
{
	memset(&fake, 0, sizeof(fake));
	posix_init(&fake_ops);
}

static long sys(long n, long a, long b, long c) { return __rx_syscall(n, a, b, c, 0, 0, 0); }

/* --- dispatcher and log --- */

static void test_enosys(void)
{
	reset();
	CHECK(sys(LX_SYS_mmap, 0, 4096, 3) == -LX_ENOSYS, "mmap is not implemented yet");
	CHECK(sys(-1, 0, 0, 0) == -LX_ENOSYS, "negative number");
	CHECK(sys(LX_SYS_COUNT, 0, 0, 0) == -LX_ENOSYS, "first number past the table");
	CHECK(sys(0x40000000 | LX_SYS_write, 1, 0, 0) == -LX_ENOSYS, "x32 number");
	CHECK(__rx_syscall(LONG_MIN, 1, 2, 3, 4, 5, 6) == -LX_ENOSYS, "LONG_MIN");
}

static void test_names(void)
{
	CHECK(strcmp(posix_syscall_name(LX_SYS_write), "write") == 0, "write");
	CHECK(strcmp(posix_syscall_name(0), "read") == 0, "number 0");
	CHECK(posix_syscall_name(LX_SYS_COUNT - 1) != NULL, "the last number has a name");
	CHECK(posix_syscall_name(-1) == NULL, "negative");
	CHECK(posix_syscall_name(LX_SYS_COUNT) == NULL, "past the table");
	/* Linux x86-64 leaves 335..423 unused. */
	CHECK(posix_syscall_name(400) == NULL, "a gap in the numbering");
}

static long calls_to_log[4];
static int ncalls_to_log;
static void run_logged_calls(void)
{
	for (int i = 0; i < ncalls_to_log; i++)
		sys(calls_to_log[i], 0, 0, 0);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_log_once(void)
{
	char out[4096];

	reset();
	log_set_level(LOG_DEBUG);
	ncalls_to_log = 4;
	calls_to_log[0] = LX_SYS_fork;
	calls_to_log[1] = LX_SYS_fork;
	calls_to_log[2] = LX_SYS_kexec_load;
	calls_to_log[3] = LX_SYS_fork;
	harness_capture_stdout(run_logged_calls, out, sizeof(out));
	log_set_level(LOG_INFO);
	CHECK(count(out, "system call fork (57) not implemented") == 1, "fork once: \"%s\"", out);
	CHECK(count(out, "system call kexec_load (") == 1, "kexec_load once: \"%s\"", out);
	CHECK(count(out, "debug posix:") == 2, "two lines at debug level: \"%s\"", out);

	/* Logged already: silent from now on. */
	log_set_level(LOG_DEBUG);
	ncalls_to_log = 1;
	calls_to_log[0] = LX_SYS_fork;
	harness_capture_stdout(run_logged_calls, out, sizeof(out));
	log_set_level(LOG_INFO);
	CHECK(out[0] == '\0', "fork again is silent: \"%s\"", out);
}

static void test_log_level(void)
{
	char out[4096];

	reset();
	log_set_level(LOG_INFO);
	ncalls_to_log = 1;
	calls_to_log[0] = LX_SYS_vhangup;
	harness_capture_stdout(run_logged_calls, out, sizeof(out));
	CHECK(out[0] == '\0', "nothing at info level: \"%s\"", out);
}

static void test_log_out_of_range(void)
{
	char out[8192];

	reset();
	log_set_level(LOG_DEBUG);
	ncalls_to_log = 3;
	calls_to_log[0] = 400; /* a gap */
	calls_to_log[1] = 100000;
	calls_to_log[2] = 100000;
	harness_capture_stdout(run_logged_calls, out, sizeof(out));
	CHECK(count(out, "system call 400 does not exist") == 1, "gap: \"%s\"", out);
	CHECK(count(out, "system call 100000 does not exist") == 1, "huge once: \"%s\"", out);
	/* A flood of distinct bad numbers is cut off. */
	ncalls_to_log = 4;
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 4; i++)
			calls_to_log[i] = -1000 - round * 4 - i;
		harness_capture_stdout(run_logged_calls, out + strlen(out),
				       sizeof(out) - strlen(out));
	}
	log_set_level(LOG_INFO);
	int lines = count(out, "does not exist");
	CHECK(lines >= 3 && lines <= 10, "bounded: %d lines", lines);
}

/* --- argument checks, write and writev --- */

static void test_write(void)
{
	reset();
	const char msg[] = "hello";
	CHECK(sys(LX_SYS_write, 1, (long)msg, 5) == 5, "stdout");
	CHECK(fake.last_fd == 1 && strcmp(fake.out, "hello") == 0, "fd %d \"%s\"", fake.last_fd,
	      fake.out);
	CHECK(sys(LX_SYS_write, 2, (long)"!", 1) == 1 && fake.last_fd == 2, "stderr");
	CHECK(strcmp(fake.out, "hello!") == 0, "\"%s\"", fake.out);
}

static void test_write_bad(void)
{
	reset();
	CHECK(sys(LX_SYS_write, 0, (long)"x", 1) == -LX_EBADF, "fd 0");
	CHECK(sys(LX_SYS_write, 3, (long)"x", 1) == -LX_EBADF, "fd 3");
	CHECK(sys(LX_SYS_write, -1, (long)"x", 1) == -LX_EBADF, "fd -1");
	CHECK(sys(LX_SYS_write, 1L << 32 | 1, (long)"x", 1) == -LX_EBADF, "fd with high bits");
	CHECK(sys(LX_SYS_write, 1, 0, 1) == -LX_EFAULT, "NULL buffer");
	CHECK(sys(LX_SYS_write, 1, -16L, 32) == -LX_EFAULT, "buffer wrapping around");
	CHECK(sys(LX_SYS_write, 1, 0, 0) == 0, "zero bytes, even from NULL");
	CHECK(fake.writes == 0, "the console saw none of these (%d)", fake.writes);
}

static void test_write_platform(void)
{
	reset();
	fake.write_limit = 2;
	CHECK(sys(LX_SYS_write, 1, (long)"abcdef", 6) == 2, "short write is passed on");
	fake.write_limit = 0;
	fake.write_result = -LX_EIO;
	CHECK(sys(LX_SYS_write, 1, (long)"abc", 3) == -LX_EIO, "platform error");
	fake.write_result = 4;
	CHECK(sys(LX_SYS_write, 1, (long)"abc", 3) == -LX_EIO, "more than asked for is an error");
	/* Huge counts are cut to Linux's MAX_RW_COUNT (the fake reads 64). */
	fake.write_result = 0;
	fake.write_limit = 0;
	static char big[64];
	fake.write_result = 7;
	CHECK(sys(LX_SYS_write, 1, (long)big, LX_MAX_RW_COUNT + 100) == 7, "huge");
	CHECK(fake.last_len == (size_t)LX_MAX_RW_COUNT, "clamped to %zu", fake.last_len);

	struct posix_ops none = {0};
	posix_init(&none);
	CHECK(sys(LX_SYS_write, 1, (long)"x", 1) == -LX_EBADF, "no console: fd 1 is closed");
}

static void test_check_iov(void)
{
	struct lx_iovec v[3] = {{"ab", 2}, {NULL, 0}, {"c", 1}};
	size_t total = 99;

	reset();
	CHECK(sys(LX_SYS_writev, 1, (long)v, 3) == 3, "three segments, one empty");
	CHECK(strcmp(fake.out, "abc") == 0, "in order: \"%s\"", fake.out);
	CHECK(fake.writes == 2, "empty segment skipped (%d writes)", fake.writes);
	CHECK(sys(LX_SYS_writev, 1, 0, 0) == 0, "no segments");
	CHECK(sys(LX_SYS_writev, 1, (long)v, -1) == -LX_EINVAL, "negative count");
	CHECK(sys(LX_SYS_writev, 1, (long)v, LX_UIO_MAXIOV + 1) == -LX_EINVAL, "too many");
	CHECK(sys(LX_SYS_writev, 1, 0, 1) == -LX_EFAULT, "NULL array");
	struct lx_iovec nullbase[1] = {{NULL, 4}};
	CHECK(sys(LX_SYS_writev, 2, (long)nullbase, 1) == -LX_EFAULT, "NULL segment");
	struct lx_iovec huge[2] = {{"a", (size_t)INTPTR_MAX}, {"b", 2}};
	CHECK(sys(LX_SYS_writev, 1, (long)huge, 2) == -LX_EINVAL, "total beyond ssize_t");
	CHECK(sys(LX_SYS_writev, 5, (long)v, 3) == -LX_EBADF, "bad fd");

	static struct lx_iovec many[LX_UIO_MAXIOV];
	for (int i = 0; i < LX_UIO_MAXIOV; i++)
		many[i] = (struct lx_iovec){"", 0};
	CHECK(posix_check_iov(many, LX_UIO_MAXIOV, &total) == 0 && total == 0,
	      "the maximum count is allowed");
}

static void test_writev_partial(void)
{
	struct lx_iovec v[3] = {{"ab", 2}, {"cd", 2}, {"ef", 2}};

	reset();
	fake.write_limit = 1; /* the second segment is cut short */
	CHECK(sys(LX_SYS_writev, 1, (long)v, 3) == 1, "stops at the first short write");
	fake.write_limit = 0;
	fake.write_result = -LX_EIO;
	CHECK(sys(LX_SYS_writev, 1, (long)v, 3) == -LX_EIO, "error before any byte");
}

/* --- getrandom --- */

static void test_getrandom(void)
{
	unsigned char buf[16] = {0};

	reset();
	CHECK(sys(LX_SYS_getrandom, (long)buf, 16, 0) == 16, "16 bytes");
	CHECK(buf[0] == 0xa5 && buf[15] == 0xa5 && !fake.last_nonblock, "filled, blocking");
	CHECK(sys(LX_SYS_getrandom, (long)buf, 4, LX_GRND_NONBLOCK) == 4 && fake.last_nonblock,
	      "GRND_NONBLOCK");
	CHECK(sys(LX_SYS_getrandom, (long)buf, 4, LX_GRND_INSECURE) == 4 && fake.last_nonblock,
	      "GRND_INSECURE never waits");
	CHECK(sys(LX_SYS_getrandom, (long)buf, 4, LX_GRND_RANDOM) == 4 && !fake.last_nonblock,
	      "GRND_RANDOM");
	CHECK(sys(LX_SYS_getrandom, (long)buf, 0, 0) == 0, "zero bytes");
	int before = fake.randoms;
	CHECK(sys(LX_SYS_getrandom, (long)buf, 4, 0x8) == -LX_EINVAL, "unknown flag");
	CHECK(sys(LX_SYS_getrandom, (long)buf, 4, LX_GRND_RANDOM | LX_GRND_INSECURE) == -LX_EINVAL,
	      "RANDOM with INSECURE");
	CHECK(sys(LX_SYS_getrandom, 0, 4, 0) == -LX_EFAULT, "NULL buffer");
	CHECK(fake.randoms == before, "the platform saw none of the bad calls");
	fake.random_result = -LX_EAGAIN;
	CHECK(sys(LX_SYS_getrandom, (long)buf, 4, LX_GRND_NONBLOCK) == -LX_EAGAIN, "no entropy");
	fake.random_result = 0;
	static char big[64];
	CHECK(sys(LX_SYS_getrandom, (long)big, LX_MAX_RW_COUNT + 1, 0) == LX_MAX_RW_COUNT,
	      "clamped to MAX_RW_COUNT");
	struct posix_ops none = {0};
	posix_init(&none);
	CHECK(sys(LX_SYS_getrandom, (long)buf, 4, 0) == -LX_ENOSYS, "no generator");
}

/* --- identity --- */

static void test_uname(void)
{
	struct lx_utsname u;

	reset();
	memset(&u, 'x', sizeof(u));
	CHECK(sys(LX_SYS_uname, (long)&u, 0, 0) == 0, "uname");
	CHECK(strcmp(u.sysname, "Linux") == 0, "sysname \"%s\"", u.sysname);
	CHECK(strcmp(u.nodename, "test-node") == 0, "nodename \"%s\"", u.nodename);
	CHECK(strcmp(u.machine, "x86_64") == 0, "machine \"%s\"", u.machine);
	CHECK(u.release[0] >= '1' && u.release[0] <= '9', "release \"%s\"", u.release);
	CHECK(u.domainname[LX_UTSNAME_LEN - 1] == '\0', "NUL-filled");
	CHECK(sys(LX_SYS_uname, 0, 0, 0) == -LX_EFAULT, "NULL");

	char longname[100];
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	struct posix_ops ops = fake_ops;
	ops.nodename = longname;
	posix_init(&ops);
	CHECK(sys(LX_SYS_uname, (long)&u, 0, 0) == 0, "long name");
	CHECK(strlen(u.nodename) == LX_UTSNAME_LEN - 1, "cut to 64 (%zu)", strlen(u.nodename));
	ops.nodename = NULL;
	posix_init(&ops);
	CHECK(sys(LX_SYS_uname, (long)&u, 0, 0) == 0 && strcmp(u.nodename, "rumpxen") == 0,
	      "default nodename \"%s\"", u.nodename);
}

static void test_ids(void)
{
	reset();
	CHECK(sys(LX_SYS_getpid, 0, 0, 0) == 1, "pid 1");
	CHECK(sys(LX_SYS_getuid, 0, 0, 0) == 0, "uid");
	CHECK(sys(LX_SYS_geteuid, 0, 0, 0) == 0, "euid");
	CHECK(sys(LX_SYS_getgid, 0, 0, 0) == 0, "gid");
	CHECK(sys(LX_SYS_getegid, 0, 0, 0) == 0, "egid");
	CHECK(sys(LX_SYS_getppid, 0, 0, 0) == -LX_ENOSYS, "getppid is not in phase 1");
}

/* --- clock_gettime --- */

static void test_clock_gettime(void)
{
	struct lx_timespec ts;
	static const struct {
		long id;
		enum posix_clock clock;
	} map[] = {
	    {LX_CLOCK_REALTIME, POSIX_CLOCK_REALTIME},
	    {LX_CLOCK_REALTIME_COARSE, POSIX_CLOCK_REALTIME},
	    {LX_CLOCK_REALTIME_ALARM, POSIX_CLOCK_REALTIME},
	    {LX_CLOCK_TAI, POSIX_CLOCK_REALTIME},
	    {LX_CLOCK_MONOTONIC, POSIX_CLOCK_MONOTONIC},
	    {LX_CLOCK_MONOTONIC_RAW, POSIX_CLOCK_MONOTONIC},
	    {LX_CLOCK_MONOTONIC_COARSE, POSIX_CLOCK_MONOTONIC},
	    {LX_CLOCK_BOOTTIME, POSIX_CLOCK_MONOTONIC},
	    {LX_CLOCK_BOOTTIME_ALARM, POSIX_CLOCK_MONOTONIC},
	    {LX_CLOCK_PROCESS_CPUTIME_ID, POSIX_CLOCK_PROCESS_CPU},
	    {LX_CLOCK_THREAD_CPUTIME_ID, POSIX_CLOCK_THREAD_CPU},
	};

	reset();
	fake.clock_value = 1234ull * 1000000000ull + 56789;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		fake.last_clock = (enum posix_clock) - 1;
		memset(&ts, 0, sizeof(ts));
		CHECK(sys(LX_SYS_clock_gettime, map[i].id, (long)&ts, 0) == 0, "clock %ld",
		      map[i].id);
		CHECK(fake.last_clock == map[i].clock, "clock %ld asked for %d", map[i].id,
		      (int)fake.last_clock);
		CHECK(ts.tv_sec == 1234 && ts.tv_nsec == 56789, "clock %ld: %lld.%09lld", map[i].id,
		      (long long)ts.tv_sec, (long long)ts.tv_nsec);
	}
}

static void test_clock_bad(void)
{
	struct lx_timespec ts;

	reset();
	CHECK(sys(LX_SYS_clock_gettime, 10, (long)&ts, 0) == -LX_EINVAL, "id 10 is unused");
	CHECK(sys(LX_SYS_clock_gettime, 12, (long)&ts, 0) == -LX_EINVAL, "id 12");
	CHECK(sys(LX_SYS_clock_gettime, -6, (long)&ts, 0) == -LX_EINVAL, "another process' CPU");
	CHECK(sys(LX_SYS_clock_gettime, LX_CLOCK_MONOTONIC, 0, 0) == -LX_EFAULT, "NULL");
	fake.clock_result = -LX_EINVAL;
	CHECK(sys(LX_SYS_clock_gettime, LX_CLOCK_THREAD_CPUTIME_ID, (long)&ts, 0) == -LX_EINVAL,
	      "platform without that clock");
	struct posix_ops none = {0};
	posix_init(&none);
	CHECK(sys(LX_SYS_clock_gettime, LX_CLOCK_MONOTONIC, (long)&ts, 0) == -LX_ENOSYS,
	      "no clock");
}

int main(int argc, char **argv)
{
	if (plat_linux_init(1 << 20) != 0) {
		fprintf(stderr, "plat_linux_init failed\n");
		return 2;
	}
	harness_begin(argc, argv, "posix dispatch");
	harness_run("unimplemented and impossible numbers: -ENOSYS", test_enosys);
	harness_run("names from the generated table", test_names);
	harness_run("unimplemented call logged once by name at debug level", test_log_once);
	harness_run("nothing logged above debug level", test_log_level);
	harness_run("numbers outside the table logged once, bounded", test_log_out_of_range);
	harness_set_area("posix write");
	harness_run("fds 1 and 2 reach the console", test_write);
	harness_run("bad fd, NULL and wrapping buffers", test_write_bad);
	harness_run("short writes, platform errors, clamping, no console", test_write_platform);
	harness_run("writev segments and iovec checks", test_check_iov);
	harness_run("writev stops at a short write", test_writev_partial);
	harness_set_area("posix getrandom");
	harness_run("flags, checks, platform errors", test_getrandom);
	harness_set_area("posix identity");
	harness_run("uname fields and nodename", test_uname);
	harness_run("pid 1, uid and gid 0", test_ids);
	harness_set_area("posix clock_gettime");
	harness_run("every Linux clock id onto the platform's clocks", test_clock_gettime);
	harness_run("bad ids, NULL, platform errors", test_clock_bad);
	return harness_end();
}
