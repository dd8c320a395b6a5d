/*
 * What an application (and the libraries that run it: the C library,
 * rumpuser) may ask of the platform about its own end.
 *
 * There is one exit path. Returning from main, exit(), a rump kernel's
 * halt and a shutdown request from the toolstack all end in app_exit:
 * it runs the exit hooks, records the status for the launcher and
 * powers off.
 */
#ifndef RUMPXEN_APP_H
#define RUMPXEN_APP_H

/* Work to do at the application's end, e.g. a driver's counters to log
 * or file systems to sync. The hook must stay valid until exit. */
struct exit_hook {
	void (*fn)(void);
	struct exit_hook *next;
};

/* Register a hook. Hooks run once each, newest first, in thread context,
 * before the status is recorded. A hook may itself call app_exit: the
 * hooks not yet run still run, and none runs twice. */
void app_at_exit(struct exit_hook *hook);

/* End the application with status 0..255 (others become 255). From a
 * thread: run the exit hooks, record the status, power off. Called
 * before threads exist (early boot), it records the status and powers
 * off without hooks. Never returns. */
__attribute__((noreturn)) void app_exit(int status);

#endif
