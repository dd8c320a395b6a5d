/*
 * Host-only checks of misuse that must stop the guest loudly (a kernel
 * bug must not be papered over) and of the exit hypercall: each case
 * runs in a forked child and the parent reads how it ended.
 */
#include "host_death.h"

#include "suite.h"

#include "plat_linux.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define RETURNED 99 /* the child's status when the call came back */

static void mutex_twice(void)
{
	struct rumpuser_mtx *m;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_enter(m);
	rumpuser_mutex_enter(m);
}

static void mutex_exit_unowned(void)
{
	struct rumpuser_mtx *m;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_SPIN);
	rumpuser_mutex_exit(m);
}

static void curlwp_set_twice(void)
{
	static struct lwp other;

	rumpuser_curlwpop(RUMPUSER_LWP_SET, &other); /* this thread is bound already */
}

static void curlwp_clear_wrong(void)
{
	static struct lwp other;

	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, &other);
}

static void rw_exit_unheld(void)
{
	struct rumpuser_rw *rw;

	rumpuser_rw_init(&rw);
	rumpuser_rw_exit(rw);
}

static void free_too_much(void)
{
	void *p;

	rumpuser_malloc(64, 0, &p);
	rumpuser_free(p, 1 << 20);
}

static void exit_panic(void) { rumpuser_exit(RUMPUSER_PANIC); }

static void exit_zero(void) { rumpuser_exit(0); }

static void exit_seven(void) { rumpuser_exit(7); }

static void kill_pipe(void) { rumpuser_kill(RUMPUSER_PID_SELF, 13); }

static const struct {
	const char *name;
	void (*fn)(void);
	int status; /* expected exit status of the child */
} cases[] = {
    {"misuse halts: mutex entered twice by its owner", mutex_twice, PLAT_LINUX_CRASH_STATUS},
    {"misuse halts: mutex released by a non-owner", mutex_exit_unowned, PLAT_LINUX_CRASH_STATUS},
    {"misuse halts: curlwpop SET on a bound thread", curlwp_set_twice, PLAT_LINUX_CRASH_STATUS},
    {"misuse halts: curlwpop CLEAR of another lwp", curlwp_clear_wrong, PLAT_LINUX_CRASH_STATUS},
    {"misuse halts: rw_exit of an unheld lock", rw_exit_unheld, PLAT_LINUX_CRASH_STATUS},
    {"misuse halts: free of more than was allocated", free_too_much, PLAT_LINUX_CRASH_STATUS},
    {"exit(RUMPUSER_PANIC) crashes", exit_panic, PLAT_LINUX_CRASH_STATUS},
    {"exit(0) halts with status 0", exit_zero, 0},
    {"exit(7) halts with status 7", exit_seven, 7},
    {"kill(SIGPIPE) returns", kill_pipe, RETURNED},
};

int host_death_run(void (*emit)(const char *line))
{
	char line[256];
	int nfailed = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int status = -1;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			/* keep the child's panic text out of the result stream */
			freopen("/dev/null", "w", stdout);
			cases[i].fn();
			_exit(RETURNED);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
			snprintf(line, sizeof(line), "not ok - %s: child did not exit normally",
				 cases[i].name);
			nfailed++;
		} else if (WEXITSTATUS(status) != cases[i].status) {
			snprintf(line, sizeof(line), "not ok - %s: status %d, expected %d",
				 cases[i].name, WEXITSTATUS(status), cases[i].status);
			nfailed++;
		} else {
			snprintf(line, sizeof(line), "ok - %s", cases[i].name);
		}
		emit(line);
	}
	return nfailed;
}
