/*
 * Guest test of blkfront against a real blkback. Expects two disks: one
 * read-only holding the reference pattern (see tests/xendrivers/blk_pattern.py),
 * one writable that this test fills with the write pattern; the dom0
 * side compares that image after the guest has exited.
 *
 * Modes (first argument):
 *   io       discovery, read/write patterns, errors, zero-copy and
 *            bounced buffers, many requests in flight, splitting, flush
 *            reaching blkback, clean disconnect (the writable disk must
 *            have a write cache in dom0, so blkback offers flush)
 *   noflush  the writable disk has no write cache in dom0: blkback
 *            offers no flush and a flush is refused with RX_ENOSYS
 *   detach   I/O running while dom0 detaches the writable disk: every
 *            request must end, the later ones with RX_ESHUTDOWN
 * io and noflush ask dom0 for blkback's counters: run them with
 * --dom0 vbd-stats-dom0.sh (tests/xendrivers/vbd_stats.h).
 *
 * Prints "ok - ..." / "not ok - ..." lines; exits 0 when all passed.
 */
#include <blkfront/blkfront.h>
#include <runtime/gnttab.h>
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#include <string.h>

#include "lib/check.h"
#include "../xendrivers/vbd_stats.h"

#define MS 1000000ull
#define SECTOR 512u

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Byte j of sector i: the sector number (8 bytes, little-endian, mixed
 * with the seed), then a running pattern. Matches blk_pattern.py. */
static uint8_t pattern_byte(uint64_t seed, uint64_t sector, unsigned j)
{
	if (j < 8)
		return (uint8_t)((sector ^ seed) >> (8 * j));
	return (uint8_t)(sector * 7 + j + seed);
}

#define SEED_RO 0x11
#define SEED_RW 0x5a

static void fill(uint8_t *buf, uint64_t seed, uint64_t first_sector, size_t len)
{
	for (size_t o = 0; o < len; o++)
		buf[o] = pattern_byte(seed, first_sector + o / SECTOR, (unsigned)(o % SECTOR));
}

/* Offset of the first wrong byte, or -1. */
static long long verify(const uint8_t *buf, uint64_t seed, uint64_t first_sector, size_t len)
{
	for (size_t o = 0; o < len; o++)
		if (buf[o] != pattern_byte(seed, first_sector + o / SECTOR, (unsigned)(o % SECTOR)))
			return (long long)o;
	return -1;
}

static unsigned order_for(size_t bytes)
{
	unsigned order = 0;
	while (((size_t)4096 << order) < bytes)
		order++;
	return order;
}

static struct blkfront_dev *ro_dev, *rw_dev;
static struct blkfront_info ro_info, rw_info;

static int find_disks(void)
{
	int n = blkfront_probe(NULL);
	check(n == 2, "probe finds both disks", "found %d", n);
	for (int i = 0; i < n; i++) {
		struct blkfront_dev *d = blkfront_get(i);
		struct blkfront_info info;
		blkfront_get_info(d, &info);
		console_printf("# disk %s: %llu bytes, sector %u, %s, flush %d, max request %u\n",
			       info.name, (unsigned long long)info.capacity, info.sector_size,
			       info.readonly ? "ro" : "rw", info.flush, info.max_request_bytes);
		if (info.readonly) {
			ro_dev = d;
			ro_info = info;
		} else {
			rw_dev = d;
			rw_info = info;
		}
	}
	check(ro_dev && rw_dev, "one read-only and one writable disk", "ro %p rw %p",
	      (void *)ro_dev, (void *)rw_dev);
	check(ro_dev && blkfront_find(ro_info.name) == ro_dev && !blkfront_find("999"),
	      "lookup by name", "mismatch");
	/* The launcher attaches the disks as xvda and xvdb: xl files them
	 * under vbd numbers 51712 and 51728. */
	struct blkfront_dev *a = blkfront_find("xvda"), *b = blkfront_find("xvdb");
	struct blkfront_info ai, bi;
	if (a)
		blkfront_get_info(a, &ai);
	if (b)
		blkfront_get_info(b, &bi);
	check(a && b && a != b && strcmp(ai.name, "51712") == 0 && strcmp(bi.name, "51728") == 0 &&
		  !blkfront_find("xvdc") && !blkfront_find("xvda1"),
	      "lookup by the names xl gives (xvda, xvdb)", "xvda %p xvdb %p", (void *)a, (void *)b);
	return ro_dev && rw_dev ? 0 : -1;
}

static void test_read_ro(void)
{
	size_t chunk = 128 * 1024;
	uint8_t *buf = page_alloc(order_for(chunk));
	int rc = 0;
	long long bad = -1;
	uint64_t off;
	for (off = 0; off < ro_info.capacity && rc == 0 && bad < 0; off += chunk) {
		size_t n = ro_info.capacity - off < chunk ? ro_info.capacity - off : chunk;
		rc = blkfront_io(ro_dev, BLKFRONT_READ, off, buf, n);
		if (rc == 0)
			bad = verify(buf, SEED_RO, off / SECTOR, n);
	}
	check(rc == 0 && bad < 0, "read-only disk reads back its pattern in 128 KiB requests",
	      "rc %d, first bad byte at %lld", rc, bad < 0 ? -1 : (long long)(off - chunk) + bad);

	/* Three sectors straddling a page boundary: a segment per page. */
	uint8_t *odd = buf + 4096 - SECTOR;
	rc = blkfront_io(ro_dev, BLKFRONT_READ, 5 * SECTOR, odd, 3 * SECTOR);
	bad = rc ? 0 : verify(odd, SEED_RO, 5, 3 * SECTOR);
	check(rc == 0 && bad < 0, "read into a buffer crossing a page boundary", "rc %d bad %lld",
	      rc, bad);

	fill(buf, SEED_RW, 0, SECTOR);
	rc = blkfront_io(ro_dev, BLKFRONT_WRITE, 0, buf, SECTOR);
	check(rc == RX_EROFS, "write to the read-only disk is refused", "rc %d", rc);
	page_free(buf, order_for(chunk));
}

/* Stats moved by exactly this much since *a. */
static int stats_moved(const struct blkfront_stats *a, const struct blkfront_stats *b,
		       uint64_t zero_copy, uint64_t bounced, uint64_t bounced_bytes)
{
	return b->zero_copy - a->zero_copy == zero_copy && b->bounced - a->bounced == bounced &&
	       b->bounced_bytes - a->bounced_bytes == bounced_bytes;
}

static void test_bounce(void)
{
	static uint8_t buf[3 * 4096] __attribute__((aligned(4096)));
	struct blkfront_stats a, b;

	blkfront_get_stats(ro_dev, &a);
	int rc = blkfront_io(ro_dev, BLKFRONT_READ, 2 * SECTOR, buf, 4 * SECTOR);
	long long bad = rc ? 0 : verify(buf, SEED_RO, 2, 4 * SECTOR);
	blkfront_get_stats(ro_dev, &b);
	check(rc == 0 && bad < 0 && stats_moved(&a, &b, 1, 0, 0),
	      "aligned read is zero-copy (0 bounces)",
	      "rc %d bad %lld, +%llu zero-copy +%llu bounced", rc, bad,
	      (unsigned long long)(b.zero_copy - a.zero_copy),
	      (unsigned long long)(b.bounced - a.bounced));

	/* 8 bytes off, across a page boundary; the bytes around stay. */
	uint8_t *odd = buf + 4096 - 8;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = 0xee;
	a = b;
	rc = blkfront_io(ro_dev, BLKFRONT_READ, 7 * SECTOR, odd, 3 * SECTOR);
	bad = rc ? 0 : verify(odd, SEED_RO, 7, 3 * SECTOR);
	blkfront_get_stats(ro_dev, &b);
	check(rc == 0 && bad < 0 && odd[-1] == 0xee && odd[3 * SECTOR] == 0xee,
	      "misaligned read returns the data and nothing more", "rc %d bad %lld, around %x %x",
	      rc, bad, odd[-1], odd[3 * SECTOR]);
	check(stats_moved(&a, &b, 0, 1, 3 * SECTOR),
	      "misaligned read counts 1 bounce of 1536 bytes",
	      "+%llu bounced, +%llu bytes, +%llu zero-copy",
	      (unsigned long long)(b.bounced - a.bounced),
	      (unsigned long long)(b.bounced_bytes - a.bounced_bytes),
	      (unsigned long long)(b.zero_copy - a.zero_copy));

	/* A misaligned write lands where it should (the later whole-disk
	 * write covers it with the same pattern). */
	blkfront_get_stats(rw_dev, &a);
	fill(buf + 1, SEED_RW, 3, 2 * SECTOR);
	int wrc = blkfront_io(rw_dev, BLKFRONT_WRITE, 3 * SECTOR, buf + 1, 2 * SECTOR);
	blkfront_get_stats(rw_dev, &b);
	rc = wrc ? wrc : blkfront_io(rw_dev, BLKFRONT_READ, 3 * SECTOR, buf + 4096, 2 * SECTOR);
	bad = rc ? 0 : verify(buf + 4096, SEED_RW, 3, 2 * SECTOR);
	check(rc == 0 && bad < 0 && stats_moved(&a, &b, 0, 1, 2 * SECTOR),
	      "misaligned write is bounced, counted and reads back",
	      "rc %d bad %lld, +%llu bounced", rc, bad,
	      (unsigned long long)(b.bounced - a.bounced));
}

static void noop_done(struct blkfront_req *req, int status)
{
	(void)req;
	(void)status;
}

static void test_bad_requests(void)
{
	static uint8_t buf[3 * 4096] __attribute__((aligned(4096)));
	uint64_t cap = rw_info.capacity;
	int rc = blkfront_io(rw_dev, BLKFRONT_READ, 100, buf, SECTOR);
	check(rc == RX_EINVAL, "unaligned offset is EINVAL", "rc %d", rc);
	rc = blkfront_io(rw_dev, BLKFRONT_READ, 0, buf, 100);
	check(rc == RX_EINVAL, "partial-sector length is EINVAL", "rc %d", rc);
	rc = blkfront_io(rw_dev, BLKFRONT_READ, 0, buf, 0);
	check(rc == RX_EINVAL, "zero length is EINVAL", "rc %d", rc);
	struct blkfront_stats s0, s1;
	blkfront_get_stats(rw_dev, &s0);
	rc = blkfront_io(rw_dev, BLKFRONT_READ, 0, buf + 8, 100);
	blkfront_get_stats(rw_dev, &s1);
	check(rc == RX_EINVAL && s1.bounced == s0.bounced && s1.requests == s0.requests,
	      "misaligned buffer with a partial sector is EINVAL and not counted",
	      "rc %d, bounced %llu -> %llu", rc, (unsigned long long)s0.bounced,
	      (unsigned long long)s1.bounced);
	rc = blkfront_io(rw_dev, BLKFRONT_READ, cap, buf, SECTOR);
	int rc2 = blkfront_io(rw_dev, BLKFRONT_READ, cap - SECTOR, buf, 2 * SECTOR);
	int rc3 = blkfront_io(rw_dev, BLKFRONT_READ, ~0ull - 511, buf, SECTOR);
	check(rc == RX_ERANGE && rc2 == RX_ERANGE && rc3 == RX_ERANGE,
	      "requests past the end are ERANGE", "rc %d/%d/%d", rc, rc2, rc3);
	rc = blkfront_io(rw_dev, (enum blkfront_op)7, 0, buf, SECTOR);
	check(rc == RX_EINVAL, "unknown operation is EINVAL", "rc %d", rc);
	struct blkfront_req r = {.op = BLKFRONT_READ, .offset = 0, .buf = buf, .len = SECTOR};
	rc = blkfront_submit(rw_dev, &r);
	check(rc == RX_EINVAL, "request without completion callback is EINVAL", "rc %d", rc);
	r.done = noop_done;
	rc = blkfront_submit(NULL, &r);
	check(rc == RX_EINVAL, "request without a disk is EINVAL", "rc %d", rc);
	/* The last sector of the disk is fine. */
	rc = blkfront_io(rw_dev, BLKFRONT_READ, cap - SECTOR, buf, SECTOR);
	check(rc == 0, "last sector is readable", "rc %d", rc);
}

#define NREQ 64

struct batch {
	struct waitq wq;
	int outstanding;
	int errors;
	int first_error;
};

static void batch_done(struct blkfront_req *req, int status)
{
	struct batch *b = req->arg;
	if (status) {
		b->errors++;
		if (!b->first_error)
			b->first_error = status;
	}
	b->outstanding--;
	waitq_wake_all(&b->wq);
}

static void test_write_rw(void)
{
	uint64_t cap = rw_info.capacity;
	size_t per = (size_t)(cap / NREQ);
	per -= per % 4096;
	unsigned order = order_for(cap);
	uint8_t *buf = page_alloc(order);
	if (!buf) {
		check(0, "buffer for the whole disk", "no memory");
		return;
	}
	static struct blkfront_req reqs[NREQ];
	struct batch b = {.outstanding = 0};
	waitq_init(&b.wq);
	fill(buf, SEED_RW, 0, (size_t)cap);

	struct blkfront_stats s0, sf, s1;
	struct vbd_stats v0 = {0}, v1 = {0};
	int vrc = vbd_stats_get(rw_info.name, &v0);
	blkfront_get_stats(rw_dev, &s0);
	/* All submitted before any wait: more than the ring holds. */
	int submit_errors = 0;
	for (int i = 0; i < NREQ; i++) {
		uint64_t off = (uint64_t)i * per;
		size_t len = i == NREQ - 1 ? (size_t)(cap - off) : per;
		reqs[i] = (struct blkfront_req){.op = BLKFRONT_WRITE,
						.offset = off,
						.buf = buf + off,
						.len = len,
						.done = batch_done,
						.arg = &b};
		b.outstanding++;
		if (blkfront_submit(rw_dev, &reqs[i]) != 0) {
			b.outstanding--;
			submit_errors++;
		}
	}
	while (b.outstanding > 0)
		waitq_wait(&b.wq, 0);
	check(submit_errors == 0 && b.errors == 0, "64 writes in flight cover the writable disk",
	      "%d refused, %d failed (first %d)", submit_errors, b.errors, b.first_error);

	check(rw_info.flush, "writable disk offers flush (its loop device has a write cache)",
	      "no feature-flush-cache from blkback");
	int rc = blkfront_io(rw_dev, BLKFRONT_FLUSH, 0, NULL, 0);
	check(rc == 0, "flush", "rc %d", rc);
	blkfront_get_stats(rw_dev, &sf);
	if (vrc == 0)
		vrc = vbd_stats_get(rw_info.name, &v1);
	/* Every ring request but the flush was a write. */
	uint64_t wr_ring = sf.ring_requests - s0.ring_requests - 1;
	check(vrc == 0 && v1.f_req - v0.f_req == 1 && sf.flushes - s0.flushes == 1,
	      "the flush reaches blkback (f_req +1)",
	      "rc %d, f_req %llu -> %llu, %llu flushes sent", vrc, v0.f_req, v1.f_req,
	      (unsigned long long)(sf.flushes - s0.flushes));
	check(vrc == 0 && v1.wr_req - v0.wr_req == wr_ring,
	      "blkback counted every write ring request (wr_req)", "rc %d, wr_req +%llu, sent %llu",
	      vrc, v1.wr_req - v0.wr_req, (unsigned long long)wr_ring);
	check(stats_moved(&s0, &sf, NREQ, 0, 0), "64 page-aligned writes are zero-copy",
	      "+%llu zero-copy, +%llu bounced", (unsigned long long)(sf.zero_copy - s0.zero_copy),
	      (unsigned long long)(sf.bounced - s0.bounced));

	/* One request for the whole disk: split into many ring requests. */
	for (size_t o = 0; o < cap; o++)
		buf[o] = 0;
	rc = blkfront_io(rw_dev, BLKFRONT_READ, 0, buf, (size_t)cap);
	long long bad = rc ? 0 : verify(buf, SEED_RW, 0, (size_t)cap);
	check(rc == 0 && bad < 0, "whole-disk read in one request returns what was written",
	      "rc %d, first bad byte %lld", rc, bad);
	blkfront_get_stats(rw_dev, &s1);
	uint64_t ring = s1.ring_requests - s0.ring_requests;
	uint64_t reqs_n = s1.requests - s0.requests;
	/* The writes, the flush and the whole-disk read. */
	uint64_t want = NREQ + 1 + 1;
	check(ring > reqs_n && reqs_n == want, "requests were split into ring requests",
	      "%llu requests, %llu ring requests", (unsigned long long)reqs_n,
	      (unsigned long long)ring);
	if (rw_info.max_request_bytes > 11 * 4096)
		check(s1.indirect > s0.indirect, "indirect requests used when offered", "none");
	else
		console_printf("skip - indirect requests # backend does not offer them\n");
	page_free(buf, order);
}

/* The read-only disk's loop device has no write cache: no flush. */
static void test_ro_no_flush(void)
{
	struct blkfront_stats a, b;
	blkfront_get_stats(ro_dev, &a);
	int rc = blkfront_io(ro_dev, BLKFRONT_FLUSH, 0, NULL, 0);
	blkfront_get_stats(ro_dev, &b);
	check(!ro_info.flush && rc == RX_ENOSYS && b.flushes == a.flushes &&
		  b.requests == a.requests,
	      "flush on the read-only disk (no flush offered) is ENOSYS", "flush %d, rc %d",
	      ro_info.flush, rc);
}

/* noflush mode: a writable disk whose backend offers no flush. */
static void test_noflush(void)
{
	static uint8_t buf[2 * SECTOR] __attribute__((aligned(4096)));
	struct vbd_stats v0 = {0}, v1 = {0};
	struct blkfront_stats a, b;

	check(!rw_info.flush, "blkback offers no flush for a disk without a write cache",
	      "flush offered");
	int vrc = vbd_stats_get(rw_info.name, &v0);
	blkfront_get_stats(rw_dev, &a);
	fill(buf, SEED_RW, 0, sizeof(buf));
	int wrc = blkfront_io(rw_dev, BLKFRONT_WRITE, 0, buf, sizeof(buf));
	int frc = blkfront_io(rw_dev, BLKFRONT_FLUSH, 0, NULL, 0);
	blkfront_get_stats(rw_dev, &b);
	check(wrc == 0, "write to the disk without flush", "rc %d", wrc);
	check(frc == RX_ENOSYS && b.flushes == a.flushes && b.ring_requests - a.ring_requests == 1,
	      "flush without backend support is ENOSYS and sends nothing",
	      "rc %d, %llu flushes, %llu ring requests", frc,
	      (unsigned long long)(b.flushes - a.flushes),
	      (unsigned long long)(b.ring_requests - a.ring_requests));
	if (vrc == 0)
		vrc = vbd_stats_get(rw_info.name, &v1);
	check(vrc == 0 && v1.f_req == v0.f_req && v1.wr_req - v0.wr_req == 1,
	      "blkback saw the write and no flush", "rc %d, f_req +%llu, wr_req +%llu", vrc,
	      v1.f_req - v0.f_req, v1.wr_req - v0.wr_req);
}

static void test_close(void)
{
	int rc = blkfront_close(rw_dev);
	check(rc == 0, "writable disk disconnects cleanly", "rc %d", rc);
	rc = blkfront_close(ro_dev);
	check(rc == 0, "read-only disk disconnects cleanly", "rc %d", rc);
	check(blkfront_count() == 0, "no disks left after close", "%d", blkfront_count());
	check(gnttab_free_count() == gnttab_capacity(), "every grant returned after close",
	      "%u of %u free", gnttab_free_count(), gnttab_capacity());
	struct blkfront_dev *again = NULL;
	rc = blkfront_open("999", NULL, &again);
	check(rc == RX_ENOENT, "opening a disk that does not exist is ENOENT", "rc %d", rc);
}

/* detach mode: reads keep running while dom0 detaches the disk. */
static void test_detach(void)
{
	static uint8_t buf[64 * 1024] __attribute__((aligned(4096)));
	int rc = xs_write(XS_TX_NONE, "data/blktest/ready", "1");
	check(rc == 0, "told dom0 we are ready", "rc %d", rc);
	uint64_t deadline = plat_monotonic_ns() + 90000 * MS;
	int n = 0, last = 0;
	while (plat_monotonic_ns() < deadline) {
		last = blkfront_io(rw_dev, BLKFRONT_READ, (uint64_t)(n % 16) * sizeof(buf), buf,
				   sizeof(buf));
		if (last)
			break;
		n++;
	}
	check(n > 0 && last == RX_ESHUTDOWN, "I/O fails with ESHUTDOWN once the backend goes",
	      "%d reads then rc %d", n, last);
	rc = blkfront_io(rw_dev, BLKFRONT_READ, 0, buf, SECTOR);
	check(rc == RX_ESHUTDOWN, "later requests are refused", "rc %d", rc);
	rc = blkfront_io(ro_dev, BLKFRONT_READ, 0, buf, SECTOR);
	check(rc == 0, "the other disk keeps working", "rc %d", rc);
	rc = blkfront_close(rw_dev);
	check(rc == 0 || rc == RX_ENODEV, "closing the detached disk returns", "rc %d", rc);
	rc = blkfront_close(ro_dev);
	check(rc == 0, "the other disk closes cleanly", "rc %d", rc);
	/* The backend let go of the ring and of every request page. */
	check(gnttab_free_count() == gnttab_capacity(), "every grant returned after close",
	      "%u of %u free", gnttab_free_count(), gnttab_capacity());
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "io";
	console_printf("blkfront test: %s\n", mode);
	if (find_disks() == 0) {
		if (streq(mode, "detach")) {
			test_detach();
		} else if (streq(mode, "noflush")) {
			test_noflush();
			test_ro_no_flush();
			test_close();
		} else {
			test_read_ro();
			test_bounce();
			test_bad_requests();
			test_write_rw();
			test_ro_no_flush();
			test_close();
		}
	}
	if (!streq(mode, "detach"))
		vbd_stats_done();
	console_printf("blkfront tests done, %d failed\n", failures);
	return failures ? 1 : 0;
}
