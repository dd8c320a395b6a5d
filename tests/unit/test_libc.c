/* The application libc, run on the host under prefixed names, checked
 * against the host C library where one exists. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include "harness.h"
#include "libc_priv.h"
#include "libc_prefixed.h"
#include "plat_linux.h"

/* NetBSD numbers (the libc's errno.h) for the values these tests expect. */
#define NB_EBADF 9
#define NB_ENOMEM 12
#define NB_EINVAL 22
#define NB_ERANGE 34

/* The platform's exit path (app_exit, renamed with the prefixed libc):
 * here the test child ends. */
__attribute__((noreturn)) void rxl_app_exit(int status)
{
	fflush(stdout);
	_exit(status);
}

static void test_mem_functions(void)
{
	unsigned char a[300], b[300], ref[300];

	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n < 200; n += 7) {
			for (size_t i = 0; i < sizeof(a); i++)
				a[i] = (unsigned char)(i * 7 + 1), b[i] = 0xee, ref[i] = 0xee;
			CHECK(rxl_memcpy(b + off, a + 3, n) == b + off, "memcpy return");
			memcpy(ref + off, a + 3, n);
			CHECK(memcmp(b, ref, sizeof(b)) == 0, "memcpy off %zu n %zu", off, n);
			rxl_memset(b + off, 0x5c, n);
			memset(ref + off, 0x5c, n);
			CHECK(memcmp(b, ref, sizeof(b)) == 0, "memset off %zu n %zu", off, n);
		}
	}
	/* Overlapping moves both ways. */
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = (unsigned char)i, ref[i] = (unsigned char)i;
	rxl_memmove(a + 5, a, 100);
	memmove(ref + 5, ref, 100);
	CHECK(memcmp(a, ref, sizeof(a)) == 0, "memmove forward overlap");
	rxl_memmove(a, a + 9, 150);
	memmove(ref, ref + 9, 150);
	CHECK(memcmp(a, ref, sizeof(a)) == 0, "memmove backward overlap");
	CHECK(rxl_memcmp("abc", "abd", 3) < 0 && rxl_memcmp("abd", "abc", 3) > 0, "memcmp order");
	CHECK(rxl_memcmp("\x80", "\x01", 1) > 0, "memcmp compares unsigned");
	CHECK(rxl_memcmp("abc", "abd", 2) == 0, "memcmp length");
	const char *h = "hello";
	CHECK(rxl_memchr(h, 'l', 5) == h + 2 && rxl_memchr(h, 'o', 4) == NULL, "memchr");
}

static int sign(int x) { return (x > 0) - (x < 0); }

static void test_string_functions(void)
{
	static const char *const words[] = {"", "a", "abc", "abd", "ab", "\xff", "hello world"};
	char buf[64];

	for (unsigned i = 0; i < 7; i++) {
		CHECK(rxl_strlen(words[i]) == strlen(words[i]), "strlen %u", i);
		for (unsigned j = 0; j < 7; j++) {
			CHECK(sign(rxl_strcmp(words[i], words[j])) ==
				  sign(strcmp(words[i], words[j])),
			      "strcmp %u %u", i, j);
			CHECK(sign(rxl_strncmp(words[i], words[j], 2)) ==
				  sign(strncmp(words[i], words[j], 2)),
			      "strncmp %u %u", i, j);
		}
	}
	CHECK(rxl_strnlen("abcdef", 3) == 3 && rxl_strnlen("ab", 10) == 2, "strnlen");
	const char *s = "a/b/c";
	CHECK(rxl_strchr(s, '/') == s + 1 && rxl_strrchr(s, '/') == s + 3, "strchr/strrchr");
	CHECK(rxl_strchr(s, 'z') == NULL && rxl_strrchr(s, 'z') == NULL, "not found");
	CHECK(rxl_strchr(s, '\0') == s + 5, "strchr finds the terminator");
	const char *hay = "the cat sat on the mat";
	CHECK(rxl_strstr(hay, "the mat") == hay + 15, "strstr");
	CHECK(rxl_strstr(hay, "") == hay, "strstr empty needle");
	CHECK(rxl_strstr(hay, "dog") == NULL && rxl_strstr("ab", "abc") == NULL, "strstr miss");
	CHECK(rxl_strspn("aabxc", "ab") == 3 && rxl_strcspn("aabxc", "xc") == 3, "spn");

	CHECK(rxl_strlcpy(buf, "hello", sizeof(buf)) == 5 && strcmp(buf, "hello") == 0, "strlcpy");
	memset(buf, 'Z', sizeof(buf));
	CHECK(rxl_strlcpy(buf, "truncate me", 6) == 11, "strlcpy length");
	CHECK(strcmp(buf, "trunc") == 0 && buf[6] == 'Z', "strlcpy truncation \"%s\"", buf);
	CHECK(rxl_strlcpy(buf, "x", 0) == 1 && buf[0] == 't', "strlcpy size 0 wrote");
	strcpy(buf, "ab");
	CHECK(rxl_strlcat(buf, "cdef", 5) == 6 && strcmp(buf, "abcd") == 0, "strlcat \"%s\"", buf);
	CHECK(rxl_strcpy(buf, "xy") == buf && strcmp(rxl_strcat(buf, "zw"), "xyzw") == 0, "cat");
	CHECK(strcmp(rxl_strncat(buf, "12345", 2), "xyzw12") == 0, "strncat");
	memset(buf, 'Z', sizeof(buf));
	rxl_strncpy(buf, "ab", 5);
	CHECK(memcmp(buf, "ab\0\0\0Z", 6) == 0, "strncpy pads with NULs");

	char *d = rxl_strdup("duplicate");
	CHECK(d && strcmp(d, "duplicate") == 0, "strdup");
	CHECK(mem_size(d) >= 10, "strdup is not from mem_alloc");
	rxl_free(d);
	d = rxl_strndup("duplicate", 3);
	CHECK(d && strcmp(d, "dup") == 0, "strndup");
	rxl_free(d);
}

static void test_strerror_numbering(void)
{
	/* Spot checks of NetBSD numbers: they differ from Linux's for these. */
	CHECK(strcmp(rxl_strerror(35), "Resource temporarily unavailable") == 0, "EAGAIN is 35");
	CHECK(strcmp(rxl_strerror(60), "Operation timed out") == 0, "ETIMEDOUT is 60");
	CHECK(strcmp(rxl_strerror(78), "Function not implemented") == 0, "ENOSYS is 78");
	CHECK(strcmp(rxl_strerror(2), "No such file or directory") == 0, "ENOENT is 2");
	CHECK(strcmp(rxl_strerror(-1), "Unknown error") == 0, "negative");
	CHECK(strcmp(rxl_strerror(99), "Unknown error") == 0, "past the end");
	for (int e = 1; e <= 98; e++)
		CHECK(strcmp(rxl_strerror(e), "Unknown error") != 0, "no message for %d", e);
}

static void test_malloc_family(void)
{
	char *p = rxl_malloc(100);
	CHECK(p && ((uintptr_t)p & 15) == 0, "malloc");
	memset(p, 'q', 100);
	char *q = rxl_realloc(p, 5000);
	CHECK(q, "realloc grow");
	for (int i = 0; i < 100; i++)
		CHECK(q[i] == 'q', "realloc lost byte %d", i);
	CHECK(rxl_realloc(q, 10) == q, "realloc shrink moved the block");
	CHECK(rxl_realloc(q, 0) == NULL, "realloc to 0");
	p = rxl_realloc(NULL, 30);
	CHECK(p, "realloc(NULL)");
	rxl_free(p);
	rxl_free(NULL);

	unsigned char *z = rxl_calloc(100, 40);
	CHECK(z, "calloc");
	for (int i = 0; i < 4000; i++)
		CHECK(z[i] == 0, "calloc byte %d", i);
	rxl_free(z);
	rxl_errno = 0;
	CHECK(rxl_calloc(SIZE_MAX / 8, 16) == NULL && rxl_errno == NB_ENOMEM, "calloc overflow");
	rxl_errno = 0;
	CHECK(rxl_malloc(SIZE_MAX) == NULL && rxl_errno == NB_ENOMEM, "malloc(SIZE_MAX) errno %d",
	      rxl_errno);

	void *a = NULL;
	for (size_t align = 8; align <= (1u << 21); align *= 2) {
		CHECK(rxl_posix_memalign(&a, align, 100) == 0, "posix_memalign %zu", align);
		CHECK(((uintptr_t)a & (align - 1)) == 0, "posix_memalign %zu misaligned", align);
		rxl_free(a);
		a = rxl_aligned_alloc(align, 64);
		CHECK(a && ((uintptr_t)a & (align - 1)) == 0, "aligned_alloc %zu", align);
		rxl_free(a);
	}
	CHECK(rxl_posix_memalign(&a, 24, 10) == NB_EINVAL, "posix_memalign 24");
	CHECK(rxl_posix_memalign(&a, 4, 10) == NB_EINVAL, "posix_memalign 4 < sizeof(void *)");
	CHECK(rxl_posix_memalign(&a, 64, SIZE_MAX) == NB_ENOMEM, "posix_memalign huge");
	rxl_errno = 0;
	CHECK(rxl_aligned_alloc(48, 10) == NULL && rxl_errno == NB_EINVAL, "aligned_alloc 48");
}

struct strtol_case {
	const char *s;
	int base;
};

static void test_strtol_family(void)
{
	static const struct strtol_case cases[] = {
	    {"0", 10},
	    {"123", 10},
	    {"  -42xyz", 10},
	    {"+7", 10},
	    {"0x1f", 16},
	    {"0x1f", 0},
	    {"0X1F", 0},
	    {"017", 0},
	    {"017", 10},
	    {"0x", 16},
	    {"0xg", 0},
	    {"z", 36},
	    {"Zz", 36},
	    {"101", 2},
	    {"", 10},
	    {"   ", 10},
	    {"-", 10},
	    {"9223372036854775807", 10},
	    {"9223372036854775808", 10},
	    {"-9223372036854775808", 10},
	    {"-9223372036854775809", 10},
	    {"18446744073709551615", 10},
	    {"18446744073709551616", 10},
	    {"-1", 10},
	    {"99999999999999999999999", 0},
	    {"\t\n 12", 0},
	    {"12", 3},
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s = cases[i].s;
		int b = cases[i].base;
		char *e1, *e2;
		int ours_errno, their_errno;

		rxl_errno = 0;
		errno = 0;
		long l1 = rxl_strtol(s, &e1, b);
		ours_errno = rxl_errno;
		long l2 = strtol(s, &e2, b);
		their_errno = errno;
		CHECK(l1 == l2 && e1 == e2, "strtol(\"%s\", %d): %ld end+%td, glibc %ld end+%td", s,
		      b, l1, e1 - s, l2, e2 - s);
		CHECK((ours_errno == NB_ERANGE) == (their_errno == ERANGE), "strtol(\"%s\") errno",
		      s);

		rxl_errno = 0;
		errno = 0;
		unsigned long u1 = rxl_strtoul(s, &e1, b);
		ours_errno = rxl_errno;
		unsigned long u2 = strtoul(s, &e2, b);
		their_errno = errno;
		CHECK(u1 == u2 && e1 == e2, "strtoul(\"%s\", %d): %lu, glibc %lu", s, b, u1, u2);
		CHECK((ours_errno == NB_ERANGE) == (their_errno == ERANGE), "strtoul(\"%s\") errno",
		      s);

		CHECK(rxl_strtoll(s, &e1, b) == strtoll(s, &e2, b) && e1 == e2, "strtoll(\"%s\")",
		      s);
		CHECK(rxl_strtoull(s, &e1, b) == strtoull(s, &e2, b) && e1 == e2,
		      "strtoull(\"%s\")", s);
	}
	char *e;
	rxl_errno = 0;
	CHECK(rxl_strtol("12", &e, 1) == 0 && rxl_errno == NB_EINVAL, "base 1");
	CHECK(rxl_strtol("12", &e, 37) == 0 && rxl_errno == NB_EINVAL, "base 37");
	CHECK(rxl_strtol("12", NULL, 10) == 12, "NULL end");
	CHECK(rxl_atoi("  -314abc") == -314 && rxl_abs(-5) == 5 && rxl_abs(5) == 5, "atoi/abs");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

struct rec {
	char name[13];
	int key;
};

static int cmp_rec(const void *a, const void *b)
{
	return cmp_int(&((const struct rec *)a)->key, &((const struct rec *)b)->key);
}

static void test_qsort(void)
{
	static int v[5000], ref[5000];
	uint32_t seed = 77;

	for (int n = 0; n <= 5000; n = n ? n * 3 : 1) {
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			v[i] = ref[i] = (int)(seed >> 16) % 100; /* many duplicates */
		}
		rxl_qsort(v, (size_t)n, sizeof(int), cmp_int);
		qsort(ref, (size_t)n, sizeof(int), cmp_int);
		CHECK(memcmp(v, ref, (size_t)n * sizeof(int)) == 0, "n=%d differs from glibc", n);
	}
	struct rec r[50];
	for (int i = 0; i < 50; i++) {
		r[i].key = (i * 37) % 50;
		snprintf(r[i].name, sizeof(r[i].name), "rec%d", r[i].key);
	}
	rxl_qsort(r, 50, sizeof(r[0]), cmp_rec);
	for (int i = 0; i < 50; i++) {
		char want[13];
		snprintf(want, sizeof(want), "rec%d", i);
		CHECK(r[i].key == i && strcmp(r[i].name, want) == 0, "record %d is %d/%s", i,
		      r[i].key, r[i].name);
	}
}

static void test_ctype(void)
{
	for (int c = -1; c < 256; c++) {
		CHECK(!!rxl_isalpha(c) == !!isalpha(c), "isalpha(%d)", c);
		CHECK(!!rxl_isdigit(c) == !!isdigit(c), "isdigit(%d)", c);
		CHECK(!!rxl_isspace(c) == !!isspace(c), "isspace(%d)", c);
		CHECK(!!rxl_isxdigit(c) == !!isxdigit(c), "isxdigit(%d)", c);
		CHECK(!!rxl_ispunct(c) == !!ispunct(c), "ispunct(%d)", c);
		CHECK(!!rxl_isprint(c) == !!isprint(c), "isprint(%d)", c);
		CHECK(!!rxl_iscntrl(c) == !!iscntrl(c), "iscntrl(%d)", c);
		CHECK(!!rxl_isupper(c) == !!isupper(c), "isupper(%d)", c);
		CHECK(!!rxl_islower(c) == !!islower(c), "islower(%d)", c);
		CHECK(!!rxl_isalnum(c) == !!isalnum(c), "isalnum(%d)", c);
		CHECK(!!rxl_isgraph(c) == !!isgraph(c), "isgraph(%d)", c);
		CHECK(!!rxl_isblank(c) == !!isblank(c), "isblank(%d)", c);
		CHECK(rxl_toupper(c) == toupper(c) && rxl_tolower(c) == tolower(c), "case(%d)", c);
	}
}

/* errno is per thread. */
static void errno_worker(void *arg)
{
	int *ok = arg;

	*ok = rxl_errno == 0; /* a new thread starts with errno 0 */
	rxl_errno = 77;
	thread_yield();
	if (rxl_errno != 77)
		*ok = 0;
}

static void test_errno_per_thread(void)
{
	struct thread *t;
	int ok = -1;

	rxl_errno = 5;
	CHECK(thread_create(&t, "errno", errno_worker, &ok, 0, THREAD_JOINABLE) == 0, "create");
	thread_yield();
	CHECK(rxl_errno == 5, "another thread changed our errno to %d", rxl_errno);
	CHECK(thread_join(t) == 0, "join");
	CHECK(ok == 1, "the thread's errno was not its own");
}

static int bad_fputs_rc, bad_write_rc, bad_write_errno;

static void print_some(void)
{
	rxl_printf("n=%d s=%s|", 42, "str");
	rxl_fprintf(rxl_stderr, "err %x|", 255u);
	rxl_puts("line");
	rxl_putchar('!');
	rxl_fputs("fp|", rxl_stdout);
	rxl_write(1, "w|", 2);
	bad_fputs_rc = rxl_fputs("x", (struct libc_file *)&bad_fputs_rc);
	rxl_errno = 0;
	bad_write_rc = (int)rxl_write(7, "x", 1);
	bad_write_errno = rxl_errno;
}

static void test_stdio(void)
{
	char out[256], buf[32];

	harness_capture_stdout(print_some, out, sizeof(out));
	CHECK(strcmp(out, "n=42 s=str|err ff|line\n!fp|w|") == 0, "console got \"%s\"", out);
	CHECK(bad_fputs_rc == -1, "fputs to a bogus stream returned %d", bad_fputs_rc);
	CHECK(bad_write_rc == -1 && bad_write_errno == NB_EBADF, "write(7) %d errno %d",
	      bad_write_rc, bad_write_errno);
	CHECK(rxl_snprintf(buf, 8, "%s-%05d", "ab", 12) == 8 && strcmp(buf, "ab-0001") == 0,
	      "snprintf \"%s\"", buf);
	CHECK(rxl_sprintf(buf, "%lu", 123456789ul) == 9 && strcmp(buf, "123456789") == 0,
	      "sprintf");
}

static void do_exit(void) { rxl_exit(3); }

static void do_abort(void) { rxl_abort(); }

static void do_assert_fail(void) { rxl___assert_fail("x > 0", "app.c", 12, "main"); }

static int child_status(void (*fn)(void), char *out, size_t size)
{
	int fds[2];

	fflush(NULL);
	if (pipe(fds) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		fn();
		_exit(99);
	}
	close(fds[1]);
	size_t used = 0;
	ssize_t n;
	while (used + 1 < size && (n = read(fds[0], out + used, size - 1 - used)) > 0)
		used += (size_t)n;
	out[used] = '\0';
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_exit_abort_assert(void)
{
	char out[512];

	CHECK(child_status(do_exit, out, sizeof(out)) == 3, "exit(3)");
	CHECK(child_status(do_abort, out, sizeof(out)) == 134, "abort status");
	CHECK(strstr(out, "abort() called"), "abort message: %s", out);
	CHECK(child_status(do_assert_fail, out, sizeof(out)) == 134, "assert status");
	CHECK(strstr(out, "assertion \"x > 0\" failed: file \"app.c\", line 12"), "assert: %s",
	      out);
}

static void test_usleep(void)
{
	uint64_t t0 = plat_monotonic_ns();
	CHECK(rxl_usleep(2000) == 0, "usleep");
	CHECK(plat_monotonic_ns() - t0 >= 2000000u, "usleep(2000) returned early");
}

int main(int argc, char **argv)
{
	if (plat_linux_init(64u << 20) < 0) {
		fprintf(stderr, "plat_linux_init failed\n");
		return 2;
	}
	harness_begin(argc, argv, "libc");
	harness_run("memcpy memmove memset memcmp memchr", test_mem_functions);
	harness_run("string functions", test_string_functions);
	harness_run("strerror with NetBSD numbers", test_strerror_numbering);
	harness_run("malloc calloc realloc aligned", test_malloc_family);
	harness_run("strtol family matches glibc", test_strtol_family);
	harness_run("qsort", test_qsort);
	harness_run("ctype matches glibc", test_ctype);
	harness_run("errno per thread", test_errno_per_thread);
	harness_run("stdio to the console", test_stdio);
	harness_run("exit, abort, assert", test_exit_abort_assert);
	harness_run("usleep sleeps", test_usleep);
	return harness_end();
}
