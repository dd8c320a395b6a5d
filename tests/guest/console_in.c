/*
 * Console input: dom0 writes lines into the guest's console
 * (tests/guest/dom0/console_in.sh); the guest reads them with
 * xen_console_read_wait, which sleeps on the console event, and checks
 * every byte. A read with nothing to come must time out, not hang.
 */
#include <string.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <runtime/console.h>

#include "lib/check.h"

#define SECOND 1000000000ull

/* Read one line (without its '\n') into line; the count or an error. */
static int read_line(char *line, size_t size, uint64_t deadline)
{
	size_t n = 0;

	while (n + 1 < size) {
		char c;
		int rc = xen_console_read_wait(&c, 1, deadline);
		if (rc < 0)
			return rc;
		if (c == '\n' || c == '\r') {
			if (n == 0)
				continue; /* the end of a "\r\n" */
			break;
		}
		line[n++] = c;
	}
	line[n] = '\0';
	return (int)n;
}

int main(int argc, char **argv)
{
	char line[256], expect[256];
	(void)argc;
	(void)argv;

	check(xen_console_read_wait(line, 0, 0) == RX_EINVAL, "console-in: zero length refused",
	      "accepted");
	console_printf("console-in: ready\n");
	uint64_t deadline = plat_monotonic_ns() + 60 * SECOND;
	int rc = read_line(line, sizeof(line), deadline);
	check(rc > 0 && strcmp(line, "hello from dom0") == 0, "console-in: first line",
	      "rc %d, got '%s'", rc, rc > 0 ? line : "");

	/* A longer line: more than the 1 KiB input ring would hold is not
	 * needed; 200 bytes check the wrap-free path byte by byte. */
	for (int i = 0; i < 200; i++)
		expect[i] = (char)('a' + i % 26);
	expect[200] = '\0';
	rc = read_line(line, sizeof(line), deadline);
	check(rc == 200 && strcmp(line, expect) == 0, "console-in: 200-byte line intact",
	      "rc %d", rc);

	/* dom0 sends nothing more: a short wait must end with a timeout. */
	uint64_t t0 = plat_monotonic_ns();
	rc = xen_console_read_wait(line, sizeof(line), t0 + SECOND / 5);
	uint64_t waited = plat_monotonic_ns() - t0;
	check(rc == RX_ETIMEDOUT && waited >= SECOND / 5, "console-in: idle read times out",
	      "rc %d after %lu ms", rc, (unsigned long)(waited / 1000000));

	console_printf("console-in tests done, %d failed\n", failures);
	return failures ? 1 : 0;
}
