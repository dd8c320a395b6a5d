/*
 * Compile-only check, built with the guest flags: every libc header
 * together, used the way an application would use them.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

_Static_assert(sizeof(off_t) == 8 && sizeof(pid_t) == 4 && sizeof(dev_t) == 8, "NetBSD type sizes");
_Static_assert(sizeof(ssize_t) == sizeof(size_t), "ssize_t");
_Static_assert(EAGAIN == 35 && ETIMEDOUT == 60 && ENOSYS == 78, "NetBSD errno numbering");
_Static_assert(INT_MAX == 2147483647 && SSIZE_MAX == LONG_MAX, "limits");

int libc_headers_use(int argc, char **argv);

int libc_headers_use(int argc, char **argv)
{
	char buf[32];
	uint64_t big = UINT64_MAX;

	assert(argc > 0);
	snprintf(buf, sizeof(buf), "%" PRIu64 " %" PRIx32, big, (uint32_t)argc);
	if (isdigit((unsigned char)buf[0]) && strlen(buf) < sizeof(buf))
		printf("%s %s\n", argv[0], buf);
	errno = 0;
	long v = strtol(buf, NULL, 10);
	if (errno == ERANGE)
		fprintf(stderr, "range: %s\n", strerror(errno));
	usleep(10);
	return (int)(v & 1);
}
