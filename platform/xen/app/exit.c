/*
 * The one exit path (contract: include/rumpxen/app.h). Returning from
 * main, exit(), the rump kernel's halt and early boot errors all come
 * here.
 *
 * Exit protocol (shared with the launcher, docs/launcher.md): the status
 * is written as a decimal string to xenstore "data/exit-status"
 * (relative to the domain home), then the domain powers off. The
 * threaded xenstore client records it when it can; before threads
 * exist, with events masked, or when the client fails, the polled
 * writer does.
 */
#include <rumpxen/app.h>

#include <stdbool.h>

#include <runtime/platform.h>
#include <runtime/shared_info.h>
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>

#define STATUS_KEY "data/exit-status"

static struct exit_hook *exit_hooks;

void app_at_exit(struct exit_hook *hook)
{
	hook->next = exit_hooks;
	exit_hooks = hook;
}

static void run_exit_hooks(void)
{
	/* Taken off the list first, so a hook that exits runs no hook twice. */
	while (exit_hooks) {
		struct exit_hook *h = exit_hooks;
		exit_hooks = h->next;
		h->fn();
	}
}

static bool events_enabled(void)
{
	unsigned long flags = plat_irq_save();
	plat_irq_restore(flags);
	return flags == 0;
}

/* 0 when the launcher will see the status. */
static int record_status(int status, bool threaded)
{
	char value[8];

	fmt_snprintf(value, sizeof(value), "%d", status);
	if (threaded) {
		int rc = xs_write(XS_TX_NONE, STATUS_KEY, value);
		if (rc == 0)
			return 0;
		log_warn("exit", "exit status via xenstore client failed (%s); polling",
			 rx_strerror(rc));
	}
	return store_poll_write(STATUS_KEY, value);
}

void app_exit(int status)
{
	/* Events off: early boot, or a caller that masked them; the
	 * threaded client would wait forever. */
	bool threaded = events_enabled();

	if (status < 0 || status > 255)
		status = 255;
	if (threaded)
		run_exit_hooks();
	/* As dom0 (direct boot) the status leaves through the exit port. */
	if (!xen_is_dom0() && record_status(status, threaded)) {
		log_error("exit", "cannot record exit status %d in xenstore", status);
		/* The launcher reads a poweroff without a recorded status as
		 * success: never let a failing status turn into 0. */
		if (status != 0)
			xen_crash();
	}
	xen_poweroff(status);
}
