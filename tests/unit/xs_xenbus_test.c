/*
 * Host tests of the xenbus helpers (platform/xen/xenbus/xenbus.c) over the xenstore
 * client and the simulated daemon of xs_fakestore.c: device listing,
 * backend lookup with missing and malformed keys, state switching, and
 * following a backend's state (platform/xen/xenbus/xenbus_follow.c):
 * waits reached, later reached, Closing, gone, malformed, timed out.
 *
 * Prints "ok - ..." / "not ok - ..." lines; exits 1 when any failed.
 */
#include <stdio.h>
#include <string.h>

#include <xenbus/xenbus.h>
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/plat.h>
#include <core/sched.h>

#include "plat_linux.h"
#include "harness.h"
#include "xs_fakestore.h"

#define MS 1000000ull
#define BE "/local/domain/0/backend/vbd/5/768"

static void test_list_devices(void)
{
	char names[4][XENBUS_NAME_MAX];
	CHECK(xenbus_list_devices("vbd", names, 4) == 0,
	      "xenbus_list_devices did not give 0"); /* no device dir at all */
	xs_fake_set("device/vbd/768/backend", BE);
	xs_fake_set("device/vbd/832/backend", BE);
	xs_fake_set("device/vif/0/backend", "/x");
	CHECK(xenbus_list_devices("vbd", names, 4) == 2, "xenbus_list_devices did not give 2");
	CHECK(strcmp(names[0], "768") == 0 && strcmp(names[1], "832") == 0, "names %s, %s",
	      names[0], names[1]);
	CHECK(xenbus_list_devices("vbd", names, 1) == 1, "xenbus_list_devices did not give 1");
	CHECK(xenbus_list_devices("../x", names, 4) == RX_EINVAL,
	      "xenbus_list_devices did not give RX_EINVAL");
	CHECK(xenbus_list_devices("", names, 4) == RX_EINVAL,
	      "xenbus_list_devices did not give RX_EINVAL");
	xs_fake_set("device/vbd/12345678901234567890/backend", BE);
	CHECK(xenbus_list_devices("vbd", names, 4) == RX_E2BIG,
	      "xenbus_list_devices did not give RX_E2BIG");
	xs_fake_set("device/vbd/12345678901234567890", NULL);
	xs_fake_set("device/vbd/832", NULL);
}

static void test_dev_init(void)
{
	struct xenbus_dev dev;
	CHECK(xenbus_dev_init(&dev, "vbd", "999") == RX_ENOENT,
	      "xenbus_dev_init did not give RX_ENOENT");
	xs_fake_set("device/vbd/768/backend-id", "0");
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == 0, "xenbus_dev_init did not give 0");
	CHECK(strcmp(dev.nodename, "device/vbd/768") == 0 && strcmp(dev.backend, BE) == 0,
	      "nodename %s backend %s", dev.nodename, dev.backend);
	CHECK(dev.backend_id == 0, "backend_id %d", (int)dev.backend_id);

	xs_fake_set("device/vbd/768/backend-id", "zero");
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == RX_EINVAL,
	      "xenbus_dev_init did not give RX_EINVAL");
	xs_fake_set("device/vbd/768/backend-id", "70000");
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == RX_EINVAL,
	      "xenbus_dev_init did not give RX_EINVAL");
	xs_fake_set("device/vbd/768/backend-id", NULL);
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == RX_ENOENT,
	      "xenbus_dev_init did not give RX_ENOENT");
	xs_fake_set("device/vbd/768/backend-id", "3");
	xs_fake_set("device/vbd/768/backend", "relative/path");
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == RX_EINVAL,
	      "xenbus_dev_init did not give RX_EINVAL");
	xs_fake_set("device/vbd/768/backend", "/bad//path");
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == RX_EINVAL,
	      "xenbus_dev_init did not give RX_EINVAL");
	xs_fake_set("device/vbd/768/backend", BE);
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == 0 && dev.backend_id == 3,
	      "unexpected result from xenbus_dev_init");
	CHECK(xenbus_dev_init(&dev, "v/bd", "768") == RX_EINVAL,
	      "xenbus_dev_init did not give RX_EINVAL");
}

static void test_switch_state(void)
{
	struct xenbus_dev dev;
	char buf[8];
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == 0, "xenbus_dev_init did not give 0");
	CHECK(xenbus_switch_state(&dev, XenbusStateInitialised) == 0,
	      "xenbus_switch_state did not give 0");
	CHECK(xs_read(XS_TX_NONE, "device/vbd/768/state", buf, sizeof(buf)) == 1,
	      "xs_read did not give 1");
	CHECK(strcmp(buf, "3") == 0, "strcmp did not give 0");
	XenbusState s;
	CHECK(xenbus_read_state("device/vbd/768/state", &s) == 0 && s == XenbusStateInitialised,
	      "unexpected result from xenbus_read_state");
	xs_fake_set("device/vbd/768/state", "9");
	CHECK(xenbus_read_state("device/vbd/768/state", &s) == RX_EINVAL,
	      "xenbus_read_state did not give RX_EINVAL");
	xs_fake_set("device/vbd/768/state", "-1");
	CHECK(xenbus_read_state("device/vbd/768/state", &s) == RX_EINVAL,
	      "xenbus_read_state did not give RX_EINVAL");
}

struct later {
	const char *key, *value;
	uint64_t delay;
};

static void set_later(void *p)
{
	struct later *l = p;
	sched_sleep_ns(l->delay);
	xs_fake_set(l->key, l->value);
}

/* Changes seen by the follower's callback. */
static struct {
	int states[16];
	int n;
	struct xenbus_dev *dev; /* answer Closing with our own Closed, as frontends do */
} seen_changes;

static void on_change(void *arg, int state)
{
	(void)arg;
	if (seen_changes.n < 16)
		seen_changes.states[seen_changes.n++] = state;
	if (state == XenbusStateClosing && seen_changes.dev)
		(void)xenbus_switch_state(seen_changes.dev, XenbusStateClosed);
}

/* Change the backend's state and give the follower time to read it. */
static void set_state(const char *value)
{
	xs_fake_set(BE "/state", value);
	sched_sleep_ns(10 * MS);
}

static void test_follow_wait(void)
{
	struct xenbus_dev dev;
	struct xenbus_follower f;
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == 0, "xenbus_dev_init did not give 0");

	xs_fake_set(BE "/state", "4");
	CHECK(xenbus_follow_start(&f, &dev, NULL, NULL) == 0, "xenbus_follow_start failed");
	CHECK(xenbus_follow_state(&f) == XenbusStateConnected, "state %d at start",
	      xenbus_follow_state(&f));
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, plat_monotonic_ns() + 100 * MS) == 0,
	      "wait for Connected at Connected");
	/* InitWait is passed once Connected. */
	CHECK(xenbus_follow_wait(&f, XenbusStateInitWait, 0, plat_monotonic_ns() + 100 * MS) == 0,
	      "wait for InitWait at Connected");

	set_state("1");
	uint64_t t0 = plat_monotonic_ns();
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, t0 + 50 * MS) == RX_ETIMEDOUT,
	      "no timeout at Initialising");
	CHECK(plat_monotonic_ns() - t0 >= 50 * MS, "returned before the deadline");
	CHECK(xenbus_follow_state(&f) == XenbusStateInitialising, "state %d",
	      xenbus_follow_state(&f));

	struct later l = {BE "/state", "4", 20 * MS};
	CHECK(thread_create(NULL, "later", set_later, &l, 0, 0) == 0, "thread_create failed");
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, plat_monotonic_ns() + 2000 * MS) == 0,
	      "Connected later not seen");

	struct later c = {BE "/state", "5", 20 * MS};
	CHECK(thread_create(NULL, "later", set_later, &c, 0, 0) == 0, "thread_create failed");
	set_state("2");
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, plat_monotonic_ns() + 2000 * MS) ==
		  RX_ESHUTDOWN,
	      "Closing while waiting for Connected is not ESHUTDOWN");
	CHECK(xenbus_follow_state(&f) == XenbusStateClosing, "state %d", xenbus_follow_state(&f));
	CHECK(xenbus_follow_wait(&f, XenbusStateClosing, 0, plat_monotonic_ns() + 100 * MS) == 0,
	      "wait for Closing at Closing");
	CHECK(xenbus_follow_wait(&f, XenbusStateClosed, 0, plat_monotonic_ns() + 30 * MS) ==
		  RX_ETIMEDOUT,
	      "Closed reached at Closing");

	/* A backend left Closed goes back to InitWait: passed over on request. */
	set_state("6");
	struct later r = {BE "/state", "2", 20 * MS};
	CHECK(thread_create(NULL, "later", set_later, &r, 0, 0) == 0, "thread_create failed");
	CHECK(xenbus_follow_wait(&f, XenbusStateInitWait, XENBUS_WAIT_PAST_CLOSED,
				 plat_monotonic_ns() + 2000 * MS) == 0,
	      "restart from Closed not followed");
	set_state("6");
	CHECK(xenbus_follow_wait(&f, XenbusStateInitWait, XENBUS_WAIT_PAST_CLOSED,
				 plat_monotonic_ns() + 30 * MS) == RX_ETIMEDOUT,
	      "Closed with PAST_CLOSED did not time out");
	CHECK(xenbus_follow_wait(&f, XenbusStateInitWait, 0, plat_monotonic_ns() + 30 * MS) ==
		  RX_ESHUTDOWN,
	      "Closed without PAST_CLOSED is not ESHUTDOWN");

	set_state("7");
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, plat_monotonic_ns() + 100 * MS) == 0,
	      "Reconfiguring does not count as Connected");

	set_state("banana");
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, plat_monotonic_ns() + 100 * MS) ==
		  RX_EINVAL,
	      "malformed state not RX_EINVAL");
	CHECK(xenbus_follow_state(&f) == RX_EINVAL, "state %d", xenbus_follow_state(&f));
	set_state("9");
	CHECK(xenbus_follow_wait(&f, XenbusStateClosed, 0, plat_monotonic_ns() + 100 * MS) ==
		  RX_EINVAL,
	      "state 9 not RX_EINVAL");

	set_state(NULL);
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, plat_monotonic_ns() + 100 * MS) ==
		  RX_ENODEV,
	      "gone backend not RX_ENODEV");
	/* A backend that is gone is closed. */
	CHECK(xenbus_follow_wait(&f, XenbusStateClosed, 0, plat_monotonic_ns() + 100 * MS) == 0,
	      "gone backend does not count as Closed");
	xenbus_follow_stop(&f);
}

static void test_follow_changes(void)
{
	struct xenbus_dev dev;
	struct xenbus_follower f;
	struct sched_stats before, after;
	char buf[8];
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == 0, "xenbus_dev_init did not give 0");

	seen_changes.n = 0;
	seen_changes.dev = &dev;
	xs_fake_set(BE "/state", "1");
	xs_fake_set("device/vbd/768/state", "4");
	sched_sleep_ns(20 * MS); /* threads of earlier tests are reclaimed */
	sched_get_stats(&before);
	CHECK(xenbus_follow_start(&f, &dev, on_change, NULL) == 0, "xenbus_follow_start failed");
	sched_sleep_ns(20 * MS);
	CHECK(seen_changes.n == 0, "%d callbacks for the state at start", seen_changes.n);
	xs_fake_set(BE "/state", "2");
	sched_sleep_ns(20 * MS);
	xs_fake_set(BE "/state", "2"); /* written again: no change */
	sched_sleep_ns(20 * MS);
	xs_fake_set(BE "/state", "4");
	sched_sleep_ns(20 * MS);
	xs_fake_set(BE "/state", "5");
	CHECK(xenbus_follow_wait(&f, XenbusStateClosing, 0, 0) == 0, "Closing not seen");
	sched_sleep_ns(20 * MS);
	xs_fake_set(BE "/state", NULL);
	sched_sleep_ns(20 * MS);
	CHECK(seen_changes.n == 4, "%d callbacks, want 4", seen_changes.n);
	CHECK(seen_changes.states[0] == XenbusStateInitWait &&
		  seen_changes.states[1] == XenbusStateConnected &&
		  seen_changes.states[2] == XenbusStateClosing &&
		  seen_changes.states[3] == RX_ENODEV,
	      "callbacks %d %d %d %d", seen_changes.states[0], seen_changes.states[1],
	      seen_changes.states[2], seen_changes.states[3]);
	/* The callback answered Closing from the follower's thread. */
	CHECK(xs_read(XS_TX_NONE, "device/vbd/768/state", buf, sizeof(buf)) == 1 &&
		  strcmp(buf, "6") == 0,
	      "frontend state %s after the callback", buf);

	xenbus_follow_stop(&f);
	xenbus_follow_stop(&f); /* twice is harmless */
	xs_fake_set(BE "/state", "4");
	sched_sleep_ns(20 * MS);
	CHECK(seen_changes.n == 4, "a callback after stop");
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, 0) == RX_EINVAL,
	      "wait on a stopped follower is not RX_EINVAL");
	sched_sleep_ns(20 * MS); /* let the joined thread be reclaimed */
	sched_get_stats(&after);
	CHECK(after.threads_live == before.threads_live, "threads live %llu, before %llu",
	      (unsigned long long)after.threads_live, (unsigned long long)before.threads_live);
	seen_changes.dev = NULL;
}

static void test_follow_bad_input(void)
{
	struct xenbus_dev dev = {.backend_id = 0};
	struct xenbus_follower f;
	CHECK(xenbus_follow_start(NULL, &dev, NULL, NULL) == RX_EINVAL, "NULL follower accepted");
	CHECK(xenbus_follow_start(&f, NULL, NULL, NULL) == RX_EINVAL, "NULL device accepted");
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == 0, "xenbus_dev_init did not give 0");
	/* No room for "/state" after the backend path. */
	for (size_t i = 0; i + 1 < sizeof(dev.backend); i++)
		dev.backend[i] = i == 0 ? '/' : 'b';
	dev.backend[sizeof(dev.backend) - 1] = '\0';
	CHECK(xenbus_follow_start(&f, &dev, NULL, NULL) == RX_E2BIG, "overlong path accepted");
	CHECK(xenbus_follow_wait(&f, XenbusStateConnected, 0, 0) == RX_EINVAL,
	      "wait on a follower that did not start");
	xenbus_follow_stop(&f); /* nothing to stop */
	CHECK(strcmp(xenbus_state_name(XenbusStateConnected), "Connected") == 0 &&
		  strcmp(xenbus_state_name(9), "?") == 0 && strcmp(xenbus_state_name(-1), "?") == 0,
	      "state names");
}

static void test_path(void)
{
	char small[8];
	CHECK(xenbus_path(small, sizeof(small), "abc", "de") == 0 && strcmp(small, "abc/de") == 0,
	      "unexpected result from xenbus_path");
	CHECK(xenbus_path(small, sizeof(small), "abcd", "efg") == RX_E2BIG && small[0] == 0,
	      "unexpected result from xenbus_path");
}

int main(int argc, char **argv)
{
	if (plat_linux_init(64u << 20) < 0) {
		fprintf(stderr, "plat_linux_init failed\n");
		return 2;
	}
	xs_fake_setup();
	xs_fake_mode = XS_FAKE_NOW;
	harness_begin(argc, argv, "xenbus");
	harness_run("listing device/<type>", test_list_devices);
	harness_run("backend path and id, missing and malformed keys", test_dev_init);
	harness_run("switching and reading states", test_switch_state);
	harness_run("path joining", test_path);
	harness_run("following: waits for states, timeouts, Closing, gone, malformed",
		    test_follow_wait);
	harness_run("following: one callback per change, none after stop", test_follow_changes);
	harness_run("following: bad input", test_follow_bad_input);
	return harness_end();
}
