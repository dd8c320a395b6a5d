/*
 * Guest test of the grant table (a domU: Xen gives it a table).
 *
 * Modes (first argument):
 *   local   grant/revoke rules, free-list reuse, a full table, bad refs
 *   peer    with tests/xendrivers/gntpeer running in dom0: the peer maps
 *           our pages, a page it maps cannot be revoked, what it wrote is
 *           visible, and revoking works once it let go. Coordinated
 *           through xenstore keys under data/gnttest/.
 *
 * Prints "ok - ..." / "not ok - ..." lines; exits 0 when all passed.
 */
#include <runtime/gnttab.h>
#include <runtime/mm.h>
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>

#include "lib/check.h"

#define MS 1000000ull
#define GUEST_TEXT "rumpxen grant test: guest"
#define PEER_TEXT "rumpxen grant test: peer"
#define PEER_OFFSET 2048


static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void test_local(void)
{
	static char page[4096] __attribute__((aligned(4096)));
	unsigned cap = gnttab_capacity();
	check(cap >= 504 && gnttab_free_count() == cap, "table mapped, all entries free",
	      "capacity %u free %u", cap, gnttab_free_count());

	grant_ref_t a = 0, b = 0;
	int rc = gnttab_grant_page(0, page, true, &a);
	check(rc == 0 && a >= GNTTAB_NR_RESERVED_ENTRIES, "grant a page read-only", "rc %d ref %u",
	      rc, a);
	rc = gnttab_revoke(a);
	check(rc == 0 && gnttab_free_count() == cap, "revoke an unused grant", "rc %d", rc);
	rc = gnttab_revoke(a);
	check(rc == RX_EINVAL, "revoking twice is EINVAL", "rc %d", rc);
	rc = gnttab_grant_page(0, page, false, &b);
	check(rc == 0 && b == a, "a freed reference is reused", "rc %d ref %u (was %u)", rc, b, a);
	(void)gnttab_revoke(b);

	check(gnttab_revoke(GNTTAB_RESERVED_XENSTORE) == RX_EINVAL,
	      "reserved entries cannot be revoked", "accepted");
	check(gnttab_revoke(cap + GNTTAB_NR_RESERVED_ENTRIES) == RX_EINVAL,
	      "reference past the table is EINVAL", "accepted");
	check(gnttab_grant_page(0, page + 16, true, &a) == RX_EINVAL,
	      "unaligned page address is EINVAL", "accepted");
	check(gnttab_grant(0, 1ul << 40, true, &a) == RX_ERANGE,
	      "frame number beyond 32 bits is ERANGE", "accepted");

	/* Fill the table: every entry granted, then a clear ENOSPC. */
	grant_ref_t *refs = mem_alloc(cap * sizeof(*refs), 0);
	unsigned n = 0;
	while (n < cap + 1 && gnttab_grant_page(0, page, true, &refs[n < cap ? n : 0]) == 0)
		n++;
	rc = gnttab_grant_page(0, page, true, &a);
	check(n == cap && rc == RX_ENOSPC, "full table gives ENOSPC", "granted %u of %u, rc %d", n,
	      cap, rc);
	int bad = 0;
	for (unsigned i = 0; i < n && i < cap; i++)
		bad += gnttab_revoke(refs[i]) != 0;
	check(bad == 0 && gnttab_free_count() == cap, "every entry revoked again",
	      "%d failed, %u free", bad, gnttab_free_count());
	mem_free(refs);
}

/* Wait until a xenstore key holds "1". */
static int wait_flag(const char *path, uint64_t timeout_ns)
{
	struct xs_watch w;
	char val[8];
	uint64_t deadline = plat_monotonic_ns() + timeout_ns;
	int rc = xs_watch_add(&w, path);
	if (rc)
		return rc;
	for (;;) {
		rc = xs_read(XS_TX_NONE, path, val, sizeof(val));
		if (rc >= 0 && streq(val, "1")) {
			rc = 0;
			break;
		}
		rc = xs_watch_wait(&w, deadline, NULL, 0);
		if (rc)
			break;
	}
	(void)xs_watch_remove(&w);
	return rc;
}

static void test_peer(void)
{
	static char rw[4096] __attribute__((aligned(4096)));
	static char ro[4096] __attribute__((aligned(4096)));
	grant_ref_t ref_rw, ref_ro;
	char buf[32];

	for (unsigned i = 0; i < sizeof(GUEST_TEXT); i++)
		rw[i] = ro[i] = GUEST_TEXT[i];
	int rc = gnttab_grant_page(0, rw, false, &ref_rw);
	int rc2 = gnttab_grant_page(0, ro, true, &ref_ro);
	check(rc == 0 && rc2 == 0, "grant two pages to dom0", "rc %d/%d", rc, rc2);
	fmt_snprintf(buf, sizeof(buf), "%u %u", ref_rw, ref_ro);
	rc = xs_write(XS_TX_NONE, "data/gnttest/refs", buf);
	check(rc == 0, "refs published", "rc %d", rc);

	rc = wait_flag("data/gnttest/mapped", 60000 * MS);
	check(rc == 0, "peer reports the page mapped", "rc %d", rc);
	if (rc)
		return;
	rc = gnttab_revoke(ref_rw);
	check(rc == RX_EBUSY, "a grant the peer maps cannot be revoked", "rc %d", rc);
	const char *p = rw + PEER_OFFSET;
	check(streq(p, PEER_TEXT), "the peer's write is in our page", "found '%.24s'", p);

	rc = xs_write(XS_TX_NONE, "data/gnttest/release", "1");
	rc = rc ? rc : wait_flag("data/gnttest/unmapped", 60000 * MS);
	check(rc == 0, "peer let go of the page", "rc %d", rc);
	rc = gnttab_revoke(ref_rw);
	rc2 = gnttab_revoke(ref_ro);
	check(rc == 0 && rc2 == 0, "revoke works once the peer unmapped", "rc %d/%d", rc, rc2);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "local";
	console_printf("grant table test: %s\n", mode);
	int rc = gnttab_init();
	check(rc == 0, "gnttab_init", "rc %d", rc);
	if (rc == 0) {
		if (streq(mode, "peer"))
			test_peer();
		else
			test_local();
	}
	console_printf("grant table tests done, %d failed\n", failures);
	return failures ? 1 : 0;
}
