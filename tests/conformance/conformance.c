/* The suite runner: sets up the fake kernel, runs every group, reports. */
#include "suite.h"

#include <core/log.h>
#include <core/plat.h>

#include <stdarg.h>

static int failed;
static char why[200];

void conf_fail(const char *fmt, ...)
{
	va_list ap;

	if (failed++)
		return;
	va_start(ap, fmt);
	fmt_vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
}

int conf_failed(void) { return failed; }

uint64_t conf_now_ns(void) { return plat_monotonic_ns(); }

void conf_sleep_ms(int ms) { rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, (long)ms * 1000000); }

static const struct conf_test *const common_groups[] = {
    conf_basic_tests,  conf_protocol_tests, conf_scenario_tests,
    conf_device_tests, conf_virtif_tests,   NULL,
};

int conformance_run(const struct conf_test *const *groups, void (*emit)(const char *line))
{
	char line[320];
	struct lwp *self;
	int nfailed = 0, err;

	/* rejected versions must leave the layer uninitialised: try first */
	err = rumpuser_init(RUMPUSER_VERSION - 1, fk_table());
	fmt_snprintf(line, sizeof(line), "%s - init rejects revision 16%s%s",
		     err != 0 ? "ok" : "not ok", err != 0 ? "" : ": ", err != 0 ? "" : "accepted");
	emit(line);
	nfailed += err == 0;
	if ((err = fk_init()) != 0) {
		fmt_snprintf(line, sizeof(line), "not ok - set-up: rumpuser_init(17) = %d", err);
		emit(line);
		return -1;
	}
	self = fk_enter_kernel();
	if (groups == NULL)
		groups = common_groups;
	for (size_t g = 0; groups[g] != NULL; g++) {
		for (const struct conf_test *t = groups[g]; t->name != NULL; t++) {
			failed = 0;
			fk_reset_violations();
			fk_reset_counts(self);
			t->fn(self);
			if (!failed && fk_cpu_holder() != self)
				conf_fail("test ended without the CPU back on the test thread");
			if (!failed && rumpuser_curlwp() != self)
				conf_fail("test ended with curlwp changed");
			if (!failed && fk_violations() != 0)
				conf_fail("protocol: %s (%d violations)", fk_first_violation(),
					  fk_violations());
			if (failed)
				fmt_snprintf(line, sizeof(line), "not ok - %s: %s", t->name, why);
			else
				fmt_snprintf(line, sizeof(line), "ok - %s", t->name);
			emit(line);
			nfailed += failed != 0;
			while (self->giant > 0) /* a failed test may leave holds behind */
				fk_giant_exit(self);
		}
	}
	fk_leave_kernel(self);
	return nfailed;
}
