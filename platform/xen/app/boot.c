/*
 * The boot path: from the first C instruction to the application's
 * main thread. Order matters: traps first (so early faults are
 * reported), then shared_info (clock, event mask), memory, console,
 * scheduler, timer, configuration. Events stay disabled until the
 * scheduler and the timer are ready.
 */
#include <rumpxen/app.h>

#include <runtime/console.h>
#include <runtime/evtchn.h>
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/platform.h>
#include <runtime/shared_info.h>

#include <core/config.h>
#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <core/sched.h>

#include <xenstore/xenstore.h>

void xen_boot(start_info_t *si) __attribute__((noreturn));
int main(int argc, char **argv);

static void run_constructors(void)
{
	typedef void (*ctor_t)(void);
	extern ctor_t __init_array_start[], __init_array_end[];
	extern ctor_t __ctors_start[], __ctors_end[];

	for (ctor_t *c = __init_array_start; c < __init_array_end; c++)
		(*c)();
	/* .ctors runs last-to-first by convention. */
	for (ctor_t *c = __ctors_end; c > __ctors_start;) {
		c--;
		if (*c != (ctor_t)0 && *c != (ctor_t)-1)
			(*c)();
	}
}

static void config_from_cmdline(void)
{
	char line[sizeof(xen_start_info->cmd_line) + 1];
	size_t errpos = 0;

	/* Copy: Xen does not promise a terminator at the very end. */
	for (size_t i = 0; i < sizeof(xen_start_info->cmd_line); i++)
		line[i] = (char)xen_start_info->cmd_line[i];
	line[sizeof(line) - 1] = '\0';
	/* Booted directly as dom0, the line starts with the image's own
	 * file name (the boot loader's module string): drop that word. */
	if (xen_is_dom0()) {
		size_t i = 0;
		while (line[i] == ' ')
			i++;
		while (line[i] && line[i] != ' ')
			i++;
		for (size_t j = 0;; j++) {
			line[j] = line[i + j];
			if (!line[j])
				break;
		}
	}
	if (config_parse_cmdline(line, &errpos)) {
		log_error("boot", "malformed command line at byte %zu: \"%s\"", errpos, line);
		app_exit(2);
	}
}

/* Every key under rumpxen/config/ (relative to the domain home). */
static void config_from_xenstore(void)
{
	static char names[4096];
	char path[128], value[CONFIG_VALUE_MAX + 1];
	size_t len, pos = 0;
	int n;

	if (xen_is_dom0())
		return;
	n = xs_directory(XS_TX_NONE, "rumpxen/config", names, sizeof(names), &len);
	if (n == RX_ENOENT)
		return;
	if (n < 0) {
		log_error("boot", "cannot list rumpxen/config in xenstore: %s", rx_strerror(n));
		return;
	}
	for (const char *key; (key = xs_dir_next(names, len, &pos));) {
		int rc;
		if (fmt_snprintf(path, sizeof(path), "rumpxen/config/%s", key) >= (int)sizeof(path))
			rc = RX_E2BIG;
		else if ((rc = xs_read(XS_TX_NONE, path, value, sizeof(value))) >= 0)
			rc = config_set(key, value);
		if (rc < 0)
			log_error("boot", "config key %s from xenstore rejected: %s", key,
				  rx_strerror(rc));
	}
}

static void main_thread(void *arg)
{
	(void)arg;
	run_constructors();
	boot_main_ns = plat_monotonic_ns();
	app_exit(main(config_argc(), config_argv()));
}

/* Stack of the application's main thread; with its guard page it fills
 * a 256 KiB run of the page allocator exactly. */
#define MAIN_STACK_SIZE (252u * 1024u)

void xen_boot(start_info_t *si)
{
	struct thread *t;

	xen_start_info = si;
	traps_init();
	shared_info_init();
	time_init();
	evtchn_init();
	mm_init();
	xen_console_init();
	sched_init();
	time_timer_init();
	config_from_cmdline();
	/* Events on: the xenstore client waits for them, and from here the
	 * scheduler idles in plat_block_until. */
	plat_irq_restore(0);
	config_from_xenstore();
	/* The "log" key (error|warn|info|debug) sets the log level; before
	 * this call it was parsed nowhere and had no effect. */
	if (log_apply_config())
		log_warn("boot", "config key log=%s ignored: want error, warn, info or debug",
			 config_get("log"));

	int rc = thread_create(&t, "main", main_thread, NULL, MAIN_STACK_SIZE, THREAD_JOINABLE);
	if (rc)
		panic("boot: cannot create the main thread: %s", rx_strerror(rc));
	thread_join(t);
	panic("boot: main thread ended without exiting");
}
