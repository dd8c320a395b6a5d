/*
 * Host-only checks of console output: stdout is swapped for a pipe for
 * the duration of one call, and what came out is compared.
 */
#include "host_console.h"

#include "suite.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Run fn with stdout captured into buf (NUL-terminated). 0 or -1. */
static int capture(void (*fn)(void), char *buf, size_t size)
{
	int fds[2], saved;
	ssize_t n;

	fflush(stdout);
	if (pipe(fds) != 0 || (saved = dup(STDOUT_FILENO)) < 0)
		return -1;
	dup2(fds[1], STDOUT_FILENO);
	close(fds[1]);
	fn();
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	n = read(fds[0], buf, size - 1);
	close(fds[0]);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static void print_formats(void)
{
	rumpuser_dprintf(
	    "[%s|%c|%d|%i|%u|%x|%X|%o|%%|%5d|%-4s|%03u|%.2s|%ld|%lld|%zu|%jd|%td|%hhu]", "str", 'c',
	    -42, 7, 42u, 0xbeefu, 0xbeefu, 8u, 12, "ab", 7u, "xyz", -1234567890123L,
	    1234567890123LL, (size_t)99, (intmax_t)-5, (ptrdiff_t)-6, (unsigned char)255);
}

static void print_chars(void)
{
	const char *s = "putchar\tall 256: ";

	while (*s)
		rumpuser_putchar(*s++);
	for (int c = 1; c < 256; c++)
		rumpuser_putchar(c);
}

int host_console_run(void (*emit)(const char *line))
{
	static const char want[] =
	    "[str|c|-42|7|42|beef|BEEF|10|%|   12|ab  |007|xy|-1234567890123|"
	    "1234567890123|99|-5|-6|255]";
	char buf[1024];
	int nfailed = 0, ok;

	ok = capture(print_formats, buf, sizeof(buf)) == 0 && strcmp(buf, want) == 0;
	if (ok) {
		emit("ok - dprintf formats every conversion and length modifier");
	} else {
		char line[1200];
		snprintf(
		    line, sizeof(line),
		    "not ok - dprintf formats every conversion and length modifier: got \"%s\"",
		    buf);
		emit(line);
		nfailed++;
	}
	ok = capture(print_chars, buf, sizeof(buf)) == 0 &&
	     strncmp(buf, "putchar\tall 256: ", 17) == 0;
	for (int c = 1; ok && c < 256; c++)
		ok = (unsigned char)buf[16 + c] == c;
	emit(ok ? "ok - putchar passes every byte through"
		: "not ok - putchar passes every byte through: bytes lost or changed");
	return nfailed + !ok;
}
