/*
 * Guest test of the xenstore client on a real xenstored (a domU under
 * the toolstack). Prints "ok - ..." / "not ok - ..." lines; exits 0
 * when every check passed, 1 otherwise.
 *
 * Covers: read/write/mkdir/rm/directory, missing keys, bad paths and
 * sizes, permission errors, watches (first event, change events, wait
 * timeout, removal), transactions (commit, abort, conflict, the retry
 * helper) and many requests in flight from several threads.
 */
#include <xenstore/xenstore.h>

#include <xenstore/xs_wire.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include "lib/check.h"

#define MS 1000000ull


static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void test_basic(void)
{
	char buf[128];
	unsigned long long domid = 0;
	int rc = xs_read_uint(XS_TX_NONE, "domid", &domid);
	check(rc == 0 && domid > 0, "read domid", "rc %d domid %llu", rc, domid);

	rc = xs_write(XS_TX_NONE, "data/rxtest/a", "hello");
	check(rc == 0, "write a key", "rc %d", rc);
	rc = xs_read(XS_TX_NONE, "data/rxtest/a", buf, sizeof(buf));
	check(rc == 5 && streq(buf, "hello"), "read it back", "rc %d value '%s'", rc, buf);

	rc = xs_write(XS_TX_NONE, "data/rxtest/empty", "");
	int rc2 = xs_read(XS_TX_NONE, "data/rxtest/empty", buf, sizeof(buf));
	check(rc == 0 && rc2 == 0 && buf[0] == 0, "empty value", "rc %d/%d", rc, rc2);

	rc = xs_read(XS_TX_NONE, "data/rxtest/missing", buf, sizeof(buf));
	check(rc == RX_ENOENT, "missing key is ENOENT", "rc %d", rc);

	rc = xs_read(XS_TX_NONE, "data//bad", buf, sizeof(buf));
	check(rc == RX_EINVAL, "malformed path is EINVAL", "rc %d", rc);
	rc = xs_write(XS_TX_NONE, "data/bad path", "x");
	check(rc == RX_EINVAL, "path with a blank is EINVAL", "rc %d", rc);

	rc = xs_read(XS_TX_NONE, "data/rxtest/a", buf, 5);
	check(rc == RX_E2BIG && buf[0] == 0, "value larger than buffer is E2BIG", "rc %d", rc);

	rc = xs_read_uint(XS_TX_NONE, "data/rxtest/a", &domid);
	check(rc == RX_EINVAL, "non-number read as number is EINVAL", "rc %d", rc);

	rc = xs_write(XS_TX_NONE, "/local/domain/0/rxtest", "x");
	check(rc == RX_EACCES, "writing another domain's key is EACCES", "rc %d", rc);

	/* Long values pass the 1 KiB ring in several pieces both ways. */
	static char big[2001], back[2100];
	for (int i = 0; i < 2000; i++)
		big[i] = (char)('a' + i % 26);
	big[2000] = 0;
	rc = xs_write(XS_TX_NONE, "data/rxtest/big", big);
	rc2 = xs_read(XS_TX_NONE, "data/rxtest/big", back, sizeof(back));
	int same = rc2 == 2000;
	for (int i = 0; same && i < 2000; i++)
		same = back[i] == big[i];
	check(rc == 0 && same, "2000-byte value round trip", "rc %d/%d", rc, rc2);

	static char huge[XENSTORE_PAYLOAD_MAX + 2];
	for (int i = 0; i < XENSTORE_PAYLOAD_MAX + 1; i++)
		huge[i] = 'x';
	rc = xs_write(XS_TX_NONE, "data/rxtest/huge", huge);
	check(rc == RX_E2BIG, "value over the payload limit is E2BIG", "rc %d", rc);
}

static void test_dir_rm(void)
{
	char list[256];
	size_t len = 0;
	int rc = xs_mkdir(XS_TX_NONE, "data/rxtest/d");
	rc = rc ? rc : xs_write(XS_TX_NONE, "data/rxtest/d/one", "1");
	rc = rc ? rc : xs_write(XS_TX_NONE, "data/rxtest/d/two", "2");
	rc = rc ? rc : xs_mkdir(XS_TX_NONE, "data/rxtest/d/three");
	check(rc == 0, "mkdir and writes", "rc %d", rc);
	int n = xs_directory(XS_TX_NONE, "data/rxtest/d", list, sizeof(list), &len);
	int seen = 0;
	size_t pos = 0;
	for (const char *name; (name = xs_dir_next(list, len, &pos));)
		seen |= streq(name, "one")     ? 1
			: streq(name, "two")   ? 2
			: streq(name, "three") ? 4
					       : 8;
	check(n == 3 && seen == 7, "directory lists the three children", "n %d seen %x", n, seen);
	n = xs_directory(XS_TX_NONE, "data/rxtest/d", list, 4, &len);
	check(n == RX_E2BIG, "directory into a small buffer is E2BIG", "rc %d", n);
	n = xs_directory(XS_TX_NONE, "data/rxtest/nodir", list, sizeof(list), &len);
	check(n == RX_ENOENT, "directory of a missing node is ENOENT", "rc %d", n);
	rc = xs_rm(XS_TX_NONE, "data/rxtest/d");
	n = xs_read(XS_TX_NONE, "data/rxtest/d/one", list, sizeof(list));
	check(rc == 0 && n == RX_ENOENT, "rm removes the subtree", "rc %d read %d", rc, n);
}

struct writer_arg {
	const char *path;
	const char *value;
	uint64_t delay_ns;
};

static void delayed_writer(void *p)
{
	struct writer_arg *a = p;
	sched_sleep_ns(a->delay_ns);
	(void)xs_write(XS_TX_NONE, a->path, a->value);
}

static void test_watch(void)
{
	struct xs_watch w;
	char path[128];
	int rc = xs_write(XS_TX_NONE, "data/rxtest/w/k", "0");
	rc = rc ? rc : xs_watch_add(&w, "data/rxtest/w");
	check(rc == 0, "watch added", "rc %d", rc);
	if (rc)
		return;
	uint64_t t0 = plat_monotonic_ns();
	rc = xs_watch_wait(&w, t0 + 5000 * MS, path, sizeof(path));
	check(rc == 0 && streq(path, "data/rxtest/w"), "first event names the watched path",
	      "rc %d path '%s'", rc, path);

	t0 = plat_monotonic_ns();
	rc = xs_watch_wait(&w, t0 + 300 * MS, path, sizeof(path));
	uint64_t waited = plat_monotonic_ns() - t0;
	check(rc == RX_ETIMEDOUT && waited >= 300 * MS && waited < 3000 * MS,
	      "wait without changes times out", "rc %d after %llu ms", rc,
	      (unsigned long long)(waited / MS));

	struct writer_arg a = {"data/rxtest/w/k", "1", 50 * MS};
	rc = thread_create(NULL, "xs-writer", delayed_writer, &a, 0, 0);
	check(rc == 0, "writer thread", "rc %d", rc);
	rc = xs_watch_wait(&w, plat_monotonic_ns() + 5000 * MS, path, sizeof(path));
	check(rc == 0 && streq(path, "data/rxtest/w/k"),
	      "change in another thread wakes the waiter", "rc %d path '%s'", rc, path);

	/* Events of other watches do not leak into this one. */
	struct xs_watch w2;
	rc = xs_watch_add(&w2, "data/rxtest/other");
	(void)xs_watch_wait(&w2, plat_monotonic_ns() + 5000 * MS, NULL, 0);
	(void)xs_write(XS_TX_NONE, "data/rxtest/other", "x");
	rc = xs_watch_wait(&w, plat_monotonic_ns() + 300 * MS, path, sizeof(path));
	check(rc == RX_ETIMEDOUT, "another watch's event is not delivered here", "rc %d path '%s'",
	      rc, path);
	(void)xs_watch_remove(&w2);

	rc = xs_watch_remove(&w);
	check(rc == 0, "watch removed", "rc %d", rc);
	rc = xs_watch_wait(&w, plat_monotonic_ns() + 100 * MS, path, sizeof(path));
	check(rc == RX_EINVAL, "waiting on a removed watch is EINVAL", "rc %d", rc);
	rc = xs_watch_add(&w, "data/rxtest//w");
	check(rc == RX_EINVAL, "watch on a malformed path is EINVAL", "rc %d", rc);
}

static int tx_write_pair(xs_tx_t tx, void *arg)
{
	int *calls = arg;
	char buf[16];
	(*calls)++;
	int rc = xs_read(tx, "data/rxtest/tx/x", buf, sizeof(buf));
	if (rc < 0)
		return rc;
	/* First attempt only: someone else changes the key under us. */
	if (*calls == 1)
		(void)xs_write(XS_TX_NONE, "data/rxtest/tx/x", "outside");
	rc = xs_write(tx, "data/rxtest/tx/x", "inside");
	return rc ? rc : xs_write(tx, "data/rxtest/tx/y", "inside");
}

static int tx_fail(xs_tx_t tx, void *arg)
{
	(void)arg;
	(void)xs_write(tx, "data/rxtest/tx/z", "never");
	return RX_EIO;
}

static void test_transactions(void)
{
	char buf[32];
	xs_tx_t tx;
	int rc = xs_write(XS_TX_NONE, "data/rxtest/tx/x", "start");
	rc = rc ? rc : xs_transaction_start(&tx);
	rc = rc ? rc : xs_write(tx, "data/rxtest/tx/c", "committed");
	int mid = xs_read(XS_TX_NONE, "data/rxtest/tx/c", buf, sizeof(buf));
	rc = rc ? rc : xs_transaction_end(tx, true);
	int after = xs_read(XS_TX_NONE, "data/rxtest/tx/c", buf, sizeof(buf));
	check(rc == 0 && mid == RX_ENOENT && after == 9, "commit makes writes visible at once",
	      "rc %d mid %d after %d", rc, mid, after);

	rc = xs_transaction_start(&tx);
	rc = rc ? rc : xs_write(tx, "data/rxtest/tx/a", "aborted");
	rc = rc ? rc : xs_transaction_end(tx, false);
	after = xs_read(XS_TX_NONE, "data/rxtest/tx/a", buf, sizeof(buf));
	check(rc == 0 && after == RX_ENOENT, "abort discards writes", "rc %d after %d", rc, after);

	rc = xs_transaction_start(&tx);
	rc = rc ? rc : xs_read(tx, "data/rxtest/tx/x", buf, sizeof(buf));
	(void)xs_write(XS_TX_NONE, "data/rxtest/tx/x", "conflict");
	int w = xs_write(tx, "data/rxtest/tx/x", "mine");
	int end = xs_transaction_end(tx, true);
	check(rc >= 0 && w == 0 && end == RX_EAGAIN, "conflicting commit is EAGAIN",
	      "rc %d write %d end %d", rc, w, end);

	int calls = 0;
	rc = xs_transaction_run(tx_write_pair, &calls, 0);
	int y = xs_read(XS_TX_NONE, "data/rxtest/tx/y", buf, sizeof(buf));
	check(rc == 0 && calls == 2 && y == 6, "retry helper repeats after a conflict",
	      "rc %d calls %d y %d", rc, calls, y);

	rc = xs_transaction_run(tx_fail, NULL, 0);
	int z = xs_read(XS_TX_NONE, "data/rxtest/tx/z", buf, sizeof(buf));
	check(rc == RX_EIO && z == RX_ENOENT, "failing callback aborts and reports its error",
	      "rc %d z %d", rc, z);
	check(xs_transaction_end(XS_TX_NONE, true) == RX_EINVAL, "ending no transaction is EINVAL",
	      "accepted");
}

#define NTHREADS 6
#define NROUNDS 40

struct hammer {
	int id;
	int errors;
	bool finished;
};

static void hammer_thread(void *p)
{
	struct hammer *h = p;
	char path[64], want[32], got[32];
	for (int i = 0; i < NROUNDS; i++) {
		fmt_snprintf(path, sizeof(path), "data/rxtest/h/%d", h->id);
		fmt_snprintf(want, sizeof(want), "%d-%d", h->id, i);
		if (xs_write(XS_TX_NONE, path, want) != 0)
			h->errors++;
		int n = xs_read(XS_TX_NONE, path, got, sizeof(got));
		if (n < 0 || !streq(got, want))
			h->errors++;
	}
	h->finished = true;
}

static void test_concurrency(void)
{
	struct hammer hs[NTHREADS];
	struct thread *ts[NTHREADS];
	struct xs_stats before, after;
	xs_get_stats(&before);
	for (int i = 0; i < NTHREADS; i++) {
		hs[i] = (struct hammer){.id = i};
		if (thread_create(&ts[i], "xs-hammer", hammer_thread, &hs[i], 0, THREAD_JOINABLE))
			ts[i] = NULL;
	}
	int errors = 0, done = 0;
	for (int i = 0; i < NTHREADS; i++) {
		if (ts[i])
			thread_join(ts[i]);
		errors += hs[i].errors;
		done += hs[i].finished;
	}
	xs_get_stats(&after);
	check(done == NTHREADS && errors == 0,
	      "6 threads x 40 write+read in parallel, replies matched", "%d finished, %d errors",
	      done, errors);
	check(after.stray_replies == before.stray_replies, "no stray replies", "%llu",
	      (unsigned long long)(after.stray_replies - before.stray_replies));
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	console_printf("xenstore client test\n");
	int rc = xs_init();
	check(rc == 0, "xs_init", "rc %d", rc);
	if (rc == 0) {
		(void)xs_rm(XS_TX_NONE, "data/rxtest");
		test_basic();
		test_dir_rm();
		test_watch();
		test_transactions();
		test_concurrency();
		(void)xs_rm(XS_TX_NONE, "data/rxtest");
	}
	console_printf("xenstore tests done, %d failed\n", failures);
	return failures ? 1 : 0;
}
