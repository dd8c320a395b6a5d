/*
 * Host tests of the xenstore client (platform/xen/xenstore/xenstore.c) against the
 * simulated daemon of xs_fakestore.c, with the core's scheduler on Linux
 * (platform/linux/plat_linux). Replies come before the requester waits (the
 * lost-wakeup case: a client waiting for an edge it already missed would
 * stall until its request timeout and fail), later, in pieces, in
 * reverse order, or broken.
 *
 * Prints "ok - ..." / "not ok - ..." lines; exits 1 when any failed.
 */
#include <stdio.h>
#include <string.h>

#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/plat.h>
#include <core/sched.h>

#include "plat_linux.h"
#include "xs_fakestore.h"
#include <xenstore/xs_wire.h>
#include "harness.h"

#define MS 1000000ull

/* ---- tests ---- */

static void test_init(void)
{
	xs_fake_setup();
	CHECK(xs_init() == 0, "xs_init did not give 0");
	CHECK(xs_fake_bound_port() == 9 && xs_fake_is_bound(),
	      "unexpected result from xs_fake_bound_port");
	CHECK(xs_init() == 0, "xs_init did not give 0"); /* idempotent */
}

static void test_early_reply(void)
{
	char buf[32];
	xs_fake_mode = XS_FAKE_NOW;
	CHECK(xs_write(XS_TX_NONE, "data/a", "early") == 0, "xs_write did not give 0");
	CHECK(xs_read(XS_TX_NONE, "data/a", buf, sizeof(buf)) == 5 && strcmp(buf, "early") == 0,
	      "unexpected result from xs_read");
	CHECK(xs_read(XS_TX_NONE, "data/none", buf, sizeof(buf)) == RX_ENOENT,
	      "xs_read did not give RX_ENOENT");
	for (int i = 0; i < 200; i++)
		CHECK(xs_read(XS_TX_NONE, "data/a", buf, sizeof(buf)) == 5,
		      "xs_read did not give 5");
}

static void test_delayed_reply(void)
{
	char buf[32];
	xs_fake_mode = XS_FAKE_DELAYED;
	uint64_t t0 = plat_monotonic_ns();
	CHECK(xs_read(XS_TX_NONE, "data/a", buf, sizeof(buf)) == 5 && strcmp(buf, "early") == 0,
	      "unexpected result from xs_read");
	CHECK(plat_monotonic_ns() - t0 >= 10 * MS, "reply came before the daemon's delay");
}

struct reader {
	const char *key, *want;
	int ok;
};

static void reader_thread(void *p)
{
	struct reader *r = p;
	char buf[32];
	int n = xs_read(XS_TX_NONE, r->key, buf, sizeof(buf));
	r->ok = n >= 0 && strcmp(buf, r->want) == 0;
}

static void test_out_of_order(void)
{
	static struct reader rs[4] = {
	    {"data/k0", "v0", 0}, {"data/k1", "v1", 0}, {"data/k2", "v2", 0}, {"data/k3", "v3", 0}};
	struct thread *ts[4];
	xs_fake_mode = XS_FAKE_NOW;
	for (int i = 0; i < 4; i++)
		CHECK(xs_write(XS_TX_NONE, rs[i].key, rs[i].want) == 0, "xs_write did not give 0");
	xs_fake_mode = XS_FAKE_DELAYED; /* answers come newest first */
	for (int i = 0; i < 4; i++)
		CHECK(thread_create(&ts[i], "reader", reader_thread, &rs[i], 0, THREAD_JOINABLE) ==
			  0,
		      "thread_create did not give 0");
	for (int i = 0; i < 4; i++)
		thread_join(ts[i]);
	for (int i = 0; i < 4; i++)
		CHECK(rs[i].ok, "reader %d did not get %s", i, rs[i].want);
}

static void test_split_reply(void)
{
	char buf[32];
	xs_fake_mode = XS_FAKE_SPLIT;
	CHECK(xs_read(XS_TX_NONE, "data/k2", buf, sizeof(buf)) == 2 && strcmp(buf, "v2") == 0,
	      "unexpected result from xs_read");
	CHECK(xs_write(XS_TX_NONE, "data/k2", "w2") == 0, "xs_write did not give 0");
}

static void test_big_values_slow_daemon(void)
{
	static char big[3001], back[3100];
	for (int i = 0; i < 3000; i++)
		big[i] = (char)('A' + i % 26);
	xs_fake_mode = XS_FAKE_SLOW; /* the 1 KiB request ring fills up: the sender must wait */
	CHECK(xs_write(XS_TX_NONE, "data/big", big) == 0, "xs_write did not give 0");
	xs_fake_mode = XS_FAKE_NOW;
	CHECK(xs_read(XS_TX_NONE, "data/big", back, sizeof(back)) == 3000,
	      "xs_read did not give 3000");
	CHECK(memcmp(big, back, 3001) == 0, "value read back differs");
	CHECK(xs_read(XS_TX_NONE, "data/big", back, 100) == RX_E2BIG,
	      "xs_read did not give RX_E2BIG");
}

static void test_stray_reply(void)
{
	struct xs_stats s0, s1;
	char buf[32];
	xs_get_stats(&s0);
	xs_fake_mode = XS_FAKE_STRAY;
	CHECK(xs_read(XS_TX_NONE, "data/k1", buf, sizeof(buf)) == 2, "xs_read did not give 2");
	xs_get_stats(&s1);
	CHECK(s1.stray_replies == s0.stray_replies + 1, "stray replies counted %llu -> %llu",
	      (unsigned long long)s0.stray_replies, (unsigned long long)s1.stray_replies);
}

static void test_wrong_type(void)
{
	char buf[32];
	xs_fake_mode = XS_FAKE_WRONG;
	CHECK(xs_read(XS_TX_NONE, "data/k1", buf, sizeof(buf)) == RX_EPROTO,
	      "xs_read did not give RX_EPROTO");
	xs_fake_mode = XS_FAKE_NOW; /* framing was fine: the connection still works */
	CHECK(xs_read(XS_TX_NONE, "data/k1", buf, sizeof(buf)) == 2, "xs_read did not give 2");
}

static void test_watch(void)
{
	struct xs_watch w;
	char path[64];
	xs_fake_mode = XS_FAKE_DELAYED;
	CHECK(xs_watch_add(&w, "data/w") == 0, "xs_watch_add did not give 0");
	CHECK(xs_watch_wait(&w, plat_monotonic_ns() + 1000 * MS, path, sizeof(path)) == 0,
	      "xs_watch_wait did not give 0");
	CHECK(strcmp(path, "data/w") == 0, "strcmp did not give 0");
	/* The event for the unknown token was dropped, nothing else queued. */
	CHECK(xs_watch_wait(&w, plat_monotonic_ns() + 30 * MS, path, sizeof(path)) == RX_ETIMEDOUT,
	      "xs_watch_wait did not give RX_ETIMEDOUT");
	CHECK(xs_watch_remove(&w) == 0, "xs_watch_remove did not give 0");
	CHECK(xs_watch_wait(&w, 0, path, sizeof(path)) == RX_EINVAL,
	      "xs_watch_wait did not give RX_EINVAL");
}

static int tx_fn(xs_tx_t tx, void *arg)
{
	int *calls = arg;
	(*calls)++;
	return tx == 7 ? 0 : RX_EINVAL;
}

static void test_transaction_retry(void)
{
	int calls = 0;
	xs_fake_mode = XS_FAKE_NOW;
	xs_fake_tx_conflicts = 2;
	CHECK(xs_transaction_run(tx_fn, &calls, 0) == 0 && calls == 3,
	      "unexpected result from xs_transaction_run");
	calls = 0;
	xs_fake_tx_conflicts = 10;
	CHECK(xs_transaction_run(tx_fn, &calls, 3) == RX_EAGAIN && calls == 3,
	      "unexpected result from xs_transaction_run");
	xs_fake_tx_conflicts = 0;
}

static void test_directory_rm(void)
{
	char list[64];
	size_t len = 0, pos = 0;
	xs_fake_mode = XS_FAKE_NOW;
	CHECK(xs_write(XS_TX_NONE, "dir/x/one", "1") == 0, "xs_write did not give 0");
	CHECK(xs_write(XS_TX_NONE, "dir/x/two/deep", "2") == 0, "xs_write did not give 0");
	CHECK(xs_directory(XS_TX_NONE, "dir/x", list, sizeof(list), &len) == 2,
	      "xs_directory did not give 2");
	const char *a = xs_dir_next(list, len, &pos), *b = xs_dir_next(list, len, &pos);
	CHECK(a && b && strcmp(a, "one") == 0 && strcmp(b, "two") == 0, "listing is not one, two");
	CHECK(xs_dir_next(list, len, &pos) == NULL, "xs_dir_next did not give NULL");
	CHECK(xs_directory(XS_TX_NONE, "dir/x", list, 5, &len) == RX_E2BIG,
	      "xs_directory did not give RX_E2BIG");
	CHECK(xs_rm(XS_TX_NONE, "dir/x") == 0, "xs_rm did not give 0");
	CHECK(xs_directory(XS_TX_NONE, "dir/x", list, sizeof(list), &len) == RX_ENOENT,
	      "xs_directory did not give RX_ENOENT");
	CHECK(xs_rm(XS_TX_NONE, "dir/x") == RX_ENOENT, "xs_rm did not give RX_ENOENT");
}

static void test_bad_arguments(void)
{
	char buf[8];
	size_t len;
	CHECK(xs_read(XS_TX_NONE, "a//b", buf, sizeof(buf)) == RX_EINVAL,
	      "xs_read did not give RX_EINVAL");
	CHECK(xs_read(XS_TX_NONE, "a", NULL, 8) == RX_EINVAL, "xs_read did not give RX_EINVAL");
	CHECK(xs_directory(XS_TX_NONE, "a", buf, sizeof(buf), NULL) == RX_EINVAL,
	      "xs_directory did not give RX_EINVAL");
	CHECK(xs_watch_add(NULL, "a") == RX_EINVAL, "xs_watch_add did not give RX_EINVAL");
	CHECK(xs_transaction_run(NULL, NULL, 0) == RX_EINVAL,
	      "xs_transaction_run did not give RX_EINVAL");
	(void)len;
}

static void test_garbage_breaks_connection(void)
{
	char buf[8];
	xs_fake_mode = XS_FAKE_GARBAGE;
	CHECK(xs_read(XS_TX_NONE, "data/k1", buf, sizeof(buf)) == RX_EPROTO,
	      "xs_read did not give RX_EPROTO");
	xs_fake_mode = XS_FAKE_NOW;
	CHECK(xs_read(XS_TX_NONE, "data/k1", buf, sizeof(buf)) == RX_EPROTO,
	      "xs_read did not give RX_EPROTO");
	CHECK(xs_write(XS_TX_NONE, "data/k1", "x") == RX_EPROTO, "xs_write did not give RX_EPROTO");
}

int main(int argc, char **argv)
{
	if (plat_linux_init(64u << 20) < 0) {
		fprintf(stderr, "plat_linux_init failed\n");
		return 2;
	}
	harness_begin(argc, argv, "xs_client");
	harness_run("init binds the ring's event channel", test_init);
	harness_run("reply before the wait is not lost", test_early_reply);
	harness_run("delayed reply wakes the requester", test_delayed_reply);
	harness_run("replies out of order reach their requesters", test_out_of_order);
	harness_run("reply arriving in pieces", test_split_reply);
	harness_run("3000-byte values through a slow daemon", test_big_values_slow_daemon);
	harness_run("stray reply is counted and dropped", test_stray_reply);
	harness_run("reply of the wrong type is EPROTO", test_wrong_type);
	harness_run("watch events, unknown tokens dropped", test_watch);
	harness_run("transaction helper retries on EAGAIN", test_transaction_retry);
	harness_run("directory listing and rm", test_directory_rm);
	harness_run("bad arguments refused", test_bad_arguments);
	harness_run("malformed header breaks the connection for good",
	    test_garbage_breaks_connection);
	return harness_end();
}
