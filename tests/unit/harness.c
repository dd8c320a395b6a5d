/* Host unit test harness (harness.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "plat_linux.h"

static FILE *results;
static const char *area_name;
static char failure[512];
static bool failed;
static int npassed, nfailed;

void harness_begin(int argc, char **argv, const char *area)
{
	area_name = area;
	results = argc > 1 ? fopen(argv[1], "a") : stdout;
	if (!results) {
		perror(argv[1]);
		exit(2);
	}
	setvbuf(results, NULL, _IOLBF, 0);
}

int harness_end(void)
{
	fprintf(stderr, "%s: %d passed, %d failed\n", area_name, npassed, nfailed);
	if (results != stdout)
		fclose(results);
	return nfailed ? 1 : 0;
}

void harness_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!failed)
		snprintf(failure, sizeof(failure), "%s:%d: %s (%s)", file, line, msg, cond);
	failed = true;
}

bool harness_failed(void) { return failed; }

void harness_set_area(const char *area) { area_name = area; }

void harness_run(const char *name, void (*fn)(void))
{
	failed = false;
	failure[0] = '\0';
	fn();
	if (failed) {
		nfailed++;
		fprintf(results, "not ok - %s: %s: %s\n", area_name, name, failure);
		fprintf(stderr, "FAIL %s: %s: %s\n", area_name, name, failure);
	} else {
		npassed++;
		fprintf(results, "ok - %s: %s\n", area_name, name);
	}
}

bool harness_expect_crash(void (*fn)(void), const char *expect, char *why, size_t whylen)
{
	int pipefd[2];

	fflush(NULL);
	if (pipe(pipefd) < 0) {
		snprintf(why, whylen, "pipe failed");
		return false;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork failed");
		return false;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		fn();
		_exit(0); /* fn returned: it did not crash */
	}
	close(pipefd[1]);
	char out[4096];
	size_t used = 0;
	ssize_t n;
	while ((n = read(pipefd[0], out + used, sizeof(out) - 1 - used)) > 0)
		used += (size_t)n;
	out[used] = '\0';
	close(pipefd[0]);
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != PLAT_LINUX_CRASH_STATUS) {
		snprintf(why, whylen, "child did not crash through plat_crash (status 0x%x)",
			 status);
		return false;
	}
	if (!strstr(out, expect)) {
		snprintf(why, whylen, "crash output lacks \"%s\": \"%.200s\"", expect, out);
		return false;
	}
	return true;
}

size_t harness_capture_stdout(void (*fn)(void), char *out, size_t size)
{
	int fds[2];
	int saved = dup(STDOUT_FILENO);

	fflush(stdout);
	if (pipe(fds) < 0)
		return 0;
	dup2(fds[1], STDOUT_FILENO);
	fn();
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fds[1]);
	size_t used = 0;
	ssize_t n;
	while (used + 1 < size && (n = read(fds[0], out + used, size - 1 - used)) > 0)
		used += (size_t)n;
	out[used] = '\0';
	close(fds[0]);
	return used;
}
