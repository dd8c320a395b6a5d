/*
 * Host tests of the xenbus helpers (platform/xen/xenbus/xenbus.c) over the xenstore
 * client and the simulated daemon of xs_fakestore.c: device listing,
 * backend lookup with missing and malformed keys, state switching, and
 * waiting for backend states (reached, later reached, Closing, gone,
 * malformed, timeout).
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

static void test_wait_state(void)
{
	struct xenbus_dev dev;
	XenbusState seen;
	CHECK(xenbus_dev_init(&dev, "vbd", "768") == 0, "xenbus_dev_init did not give 0");

	xs_fake_set(BE "/state", "4");
	CHECK(xenbus_wait_backend_state(&dev, XenbusStateConnected, 100 * MS, &seen) == 0,
	      "xenbus_wait_backend_state did not give 0");
	CHECK(seen == XenbusStateConnected, "seen state %d", (int)seen);
	/* InitWait is passed once Connected. */
	CHECK(xenbus_wait_backend_state(&dev, XenbusStateInitWait, 100 * MS, NULL) == 0,
	      "xenbus_wait_backend_state did not give 0");

	xs_fake_set(BE "/state", "1");
	uint64_t t0 = plat_monotonic_ns();
	CHECK(xenbus_wait_backend_state(&dev, XenbusStateConnected, 50 * MS, &seen) == RX_ETIMEDOUT,
	      "xenbus_wait_backend_state did not give RX_ETIMEDOUT");
	CHECK(plat_monotonic_ns() - t0 >= 50 * MS && seen == XenbusStateInitialising,
	      "returned too early or seen state %d", (int)seen);

	struct later l = {BE "/state", "4", 20 * MS};
	CHECK(thread_create(NULL, "later", set_later, &l, 0, 0) == 0,
	      "thread_create did not give 0");
	CHECK(xenbus_wait_backend_state(&dev, XenbusStateConnected, 2000 * MS, &seen) == 0,
	      "xenbus_wait_backend_state did not give 0");
	CHECK(seen == XenbusStateConnected, "seen state %d", (int)seen);

	struct later c = {BE "/state", "5", 20 * MS};
	CHECK(thread_create(NULL, "later", set_later, &c, 0, 0) == 0,
	      "thread_create did not give 0");
	xs_fake_set(BE "/state", "2");
	CHECK(xenbus_wait_backend_state(&dev, XenbusStateConnected, 2000 * MS, &seen) ==
		  RX_ESHUTDOWN,
	      "xenbus_wait_backend_state did not give RX_ESHUTDOWN");
	CHECK(seen == XenbusStateClosing, "seen state %d", (int)seen);
	CHECK(xenbus_wait_backend_state(&dev, XenbusStateClosing, 100 * MS, NULL) == 0,
	      "xenbus_wait_backend_state did not give 0");

	xs_fake_set(BE "/state", "banana");
	CHECK(xenbus_wait_backend_state(&dev, XenbusStateConnected, 100 * MS, NULL) == RX_EINVAL,
	      "xenbus_wait_backend_state did not give RX_EINVAL");
	xs_fake_set(BE "/state", NULL);
	CHECK(xenbus_wait_backend_state(&dev, XenbusStateConnected, 100 * MS, NULL) == RX_ENODEV,
	      "xenbus_wait_backend_state did not give RX_ENODEV");
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
	harness_run("waiting for backend states", test_wait_state);
	harness_run("path joining", test_path);
	return harness_end();
}
