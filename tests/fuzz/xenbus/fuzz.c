/*
 * Fuzz target: the values a toolstack and a backend write for a device,
 * as xenbus (platform/xen/xenbus/xenbus.c) reads them through the
 * xenstore client (platform/xen/xenstore/xenstore.c) from the simulated
 * daemon of the unit tests (tests/unit/xs_fakestore.c), on the core for
 * Linux.
 *
 * Input: NUL-separated values for device/vif/0/backend, .../backend-id,
 * the backend's state, the backend's "feature" key, then names of
 * devices under device/vif. A missing part leaves its key unset.
 *
 * Invariants, against the contracts of xenbus.h and xenstore.h: the
 * device's backend path is used only when absolute and well formed and
 * its id only when a decimal below DOMID_FIRST_RESERVED; state numbers
 * 0..8 only; unsigned values are whole decimal numbers that fit; a
 * missing key is RX_ENOENT (RX_ENODEV for the state being waited for),
 * a malformed one RX_EINVAL; waiting ends as the state says (reached,
 * shut down, or timed out); the device listing gives the daemon's names
 * in order, at most the number asked for, RX_E2BIG at a name too long.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <xenbus/xenbus.h>
#include <xenstore/xenstore.h>
#include <xenstore/xs_wire.h>

#include "../fuzz_check.h"
#include "plat_linux.h"
#include "xs_fakestore.h"

#define BE "/local/domain/0/backend/vif/5/0"
#define VALUE_MAX 3000 /* below what the simulated daemon stores */
#define NAMES_MAX 8

/* Model of xs_read_uint: a whole decimal number that fits the 24-byte
 * read buffer and 64 bits. */
static int uint_model(const char *v, unsigned long long *out)
{
	size_t n = strlen(v);
	if (n == 0 || n >= 24 || strspn(v, "0123456789") != n)
		return RX_EINVAL;
	unsigned long long x = 0;
	for (size_t i = 0; i < n; i++)
		if (__builtin_mul_overflow(x, 10, &x) ||
		    __builtin_add_overflow(x, (unsigned)(v[i] - '0'), &x))
			return RX_EINVAL;
	*out = x;
	return 0;
}

static bool path_model(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > XENSTORE_ABS_PATH_MAX || strstr(s, "//") || (n > 1 && s[n - 1] == '/'))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_@/") == n;
}

static void check_dev_init(const char *backend, const char *id, struct xenbus_dev *dev, int *rc)
{
	int want;
	unsigned long long v = 0;
	if (!backend)
		want = RX_ENOENT;
	else if (strlen(backend) >= XENBUS_PATH_MAX)
		want = RX_E2BIG;
	else if (backend[0] != '/' || !path_model(backend))
		want = RX_EINVAL;
	else if (!id)
		want = RX_ENOENT;
	else if (uint_model(id, &v) || v >= DOMID_FIRST_RESERVED)
		want = RX_EINVAL;
	else
		want = 0;
	*rc = xenbus_dev_init(dev, "vif", "0");
	FUZZ_CHECK(*rc == want, "xenbus_dev_init gave %d, model %d", *rc, want);
	if (*rc == 0)
		FUZZ_CHECK(strcmp(dev->nodename, "device/vif/0") == 0 &&
			       strcmp(dev->backend, backend) == 0 && dev->backend_id == v,
			   "device %s backend %s id %u", dev->nodename, dev->backend,
			   (unsigned)dev->backend_id);
}

static void check_state(const char *state)
{
	XenbusState s = (XenbusState)99;
	unsigned long long v = 0;
	int want = !state ? RX_ENOENT : uint_model(state, &v) || v > 8 ? RX_EINVAL : 0;
	int rc = xenbus_read_state(BE "/state", &s);
	FUZZ_CHECK(rc == want, "xenbus_read_state gave %d, model %d", rc, want);
	FUZZ_CHECK(rc ? s == (XenbusState)99 : s == (XenbusState)v, "state %d, value %s", (int)s,
		   state);
}

/* The one backend-state follower (xenbus_follow.c) against the model
 * of its contract in xenbus.h. */
static void check_wait(const struct xenbus_dev *dev, const char *state, XenbusState want_state)
{
	unsigned long long v = 0;
	int want;
	bool closing_wanted = want_state >= XenbusStateClosing;
	bool malformed = state && (uint_model(state, &v) || v > 8);
	if (!state)
		want = closing_wanted ? 0 : RX_ENODEV; /* gone counts as closed */
	else if (malformed)
		want = RX_EINVAL;
	else if (closing_wanted)
		want = v >= want_state && v <= XenbusStateClosed ? 0 : RX_ETIMEDOUT;
	else if (v == XenbusStateClosing || v == XenbusStateClosed)
		want = RX_ESHUTDOWN;
	else
		want = v >= want_state ? 0 : RX_ETIMEDOUT;
	struct xenbus_follower f;
	memset(&f, 0, sizeof(f));
	int rc = xenbus_follow_start(&f, dev, NULL, NULL);
	FUZZ_CHECK(rc == 0, "follow_start with state %s gave %d", state ? state : "(none)", rc);
	if (rc)
		return;
	/* A short deadline: the state never changes while it runs. */
	rc = xenbus_follow_wait(&f, want_state, 0, plat_monotonic_ns() + 1000000);
	FUZZ_CHECK(rc == want, "wait for %d with state %s gave %d, model %d", (int)want_state,
		   state ? state : "(none)", rc, want);
	int seen = xenbus_follow_state(&f);
	if (!state)
		FUZZ_CHECK(seen == RX_ENODEV, "state of a gone backend: %d", seen);
	else if (malformed)
		FUZZ_CHECK(seen == RX_EINVAL, "state of malformed %s: %d", state, seen);
	else
		FUZZ_CHECK(seen == (int)v, "seen %d, state %s", seen, state);
	xenbus_follow_stop(&f);
}

static void check_uint(const struct xenbus_dev *dev, const char *value)
{
	unsigned long long got = 12345, v = 0;
	int want = !value ? RX_ENOENT : uint_model(value, &v);
	int rc = xenbus_read_backend_uint(dev, "feature", &got);
	FUZZ_CHECK(rc == want, "read_backend_uint of %s gave %d, model %d",
		   value ? value : "(none)", rc, want);
	FUZZ_CHECK(rc ? got == 12345 : got == v, "value %llu from %s", got, value);
}

static void check_listing(void)
{
	static char list[XENSTORE_PAYLOAD_MAX + 1];
	size_t len = 0;
	char names[4][XENBUS_NAME_MAX];
	int n = xs_directory(XS_TX_NONE, "device/vif", list, sizeof(list), &len);
	/* An empty name (the daemon keeps whatever it is given) makes the
	 * listing malformed. */
	FUZZ_CHECK(n >= 0 || n == RX_ENOENT || n == RX_EPROTO, "device/vif listing gave %d", n);
	memset(names, 0x5a, sizeof(names));
	for (int max = 0; max <= 4; max++) {
		int want = n == RX_EPROTO ? n : 0;
		size_t pos = 0;
		const char *name;
		while (n > 0 && want < max && (name = xs_dir_next(list, len, &pos)) != NULL) {
			if (strlen(name) >= XENBUS_NAME_MAX) {
				want = RX_E2BIG;
				break;
			}
			want++;
		}
		int rc = xenbus_list_devices("vif", names, max);
		FUZZ_CHECK(rc == want, "listing up to %d gave %d, model %d", max, rc, want);
		pos = 0;
		for (int i = 0; i < rc; i++) {
			name = xs_dir_next(list, len, &pos);
			FUZZ_CHECK(strcmp(names[i], name) == 0, "name %d: %s, listed %s", i,
				   names[i], name);
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (plat_linux_init(64u << 20) < 0)
		abort();
	/* Timeouts pass at once when everything waits. */
	plat_linux_virtual_clock(true);
	/* Malformed values are logged as errors; nothing below. */
	log_set_level(LOG_ERROR);
	xs_fake_setup();
	xs_fake_mode = XS_FAKE_NOW;
	if (xs_init() != 0)
		abort();
	return 0;
}

/* Set key to the next part of the input (unset when there is none). */
static char *set_next(struct fuzz_in *in, const char *key)
{
	char *v = fuzz_string(in);
	if (v && strlen(v) > VALUE_MAX)
		v[VALUE_MAX] = '\0';
	if (v)
		xs_fake_set(key, v);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	char *backend = set_next(&in, "device/vif/0/backend");
	char *id = set_next(&in, "device/vif/0/backend-id");
	char *state = set_next(&in, BE "/state");
	char *feature = set_next(&in, BE "/feature");
	char *name;
	for (int i = 0; i < NAMES_MAX && (name = fuzz_string(&in)) != NULL; i++) {
		char key[96];
		/* Names of a length the simulated daemon keeps, other than
		 * the device under test's. */
		bool ours = name[0] == '0' && (name[1] == '\0' || name[1] == '/');
		if (!ours && strlen(name) + sizeof("device/vif//backend") <= sizeof(key)) {
			snprintf(key, sizeof(key), "device/vif/%s/backend", name);
			xs_fake_set(key, "x");
		}
		free(name);
	}

	struct xenbus_dev dev;
	int rc;
	check_dev_init(backend, id, &dev, &rc);
	check_state(state);
	if (rc == 0 && strcmp(dev.backend, BE) == 0) {
		check_uint(&dev, feature);
		check_wait(&dev, state, XenbusStateConnected);
		check_wait(&dev, state, XenbusStateClosed);
	}
	check_listing();

	xs_fake_set("device", NULL);
	xs_fake_set(BE, NULL);
	free(backend);
	free(id);
	free(state);
	free(feature);
	return 0;
}
