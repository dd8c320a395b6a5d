/*
 * Guest-only tests of the Xen block backend under the file and block
 * hypercalls. Boot with two disks: blk0 writable (at least 64 KiB,
 * contents not kept, with a write cache in dom0 so blkback offers
 * flush) and blk1 read-only; the capacity of blk0 in bytes is given as
 * the argument after "blk" (checked exactly). dom0 must run
 * tests/xendrivers/vbd-stats-dom0.sh (rx-run --dom0) for the test that
 * checks what reached blkback.
 */
#include "suite.h"

#include "rumpuser_dev.h"
#include "backends/xen/rumpuser_xen.h"

#include "../xendrivers/vbd_stats.h"

#include <blkfront/blkfront.h>

#include <core/errors.h>

uint64_t conf_blk_expected_size;

static struct {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int done, error, context_ok;
	size_t bytes;
} w;

static void biodone(void *arg, size_t bytes, int error)
{
	struct lwp *l = rumpuser_curlwp();

	(void)arg;
	rumpuser_mutex_enter(w.m);
	w.context_ok = l != NULL && fk_cpu_holder() == l;
	w.bytes = bytes;
	w.error = error;
	w.done = 1;
	rumpuser_cv_signal(w.cv);
	rumpuser_mutex_exit(w.m);
}

static int bio_wait(int fd, int op, void *buf, size_t len, int64_t off)
{
	w.done = 0;
	rumpuser_bio(fd, op, buf, len, off, biodone, NULL);
	rumpuser_mutex_enter(w.m);
	while (!w.done)
		rumpuser_cv_wait(w.cv, w.m);
	rumpuser_mutex_exit(w.m);
	return w.error;
}

static void t_blk_info(struct lwp *self)
{
	uint64_t size = 0;
	int type = -1;

	(void)self;
	rumpuser_dev_register(NULL, NULL);
	CHECK_EQ(rumpuser__xen_blk_register(), 0);
	CHECK_EQ(rumpuser_getfileinfo("blk0", &size, &type), 0);
	CHECK_EQ(type, RUMPUSER_FT_BLK);
	CHECK_EQ(size, conf_blk_expected_size);
	CHECK_EQ(rumpuser_getfileinfo("blk9", &size, &type), 2);
	CHECK_EQ(self->unsched_calls, self->sched_calls);
}

/* The index-th disk's counters now. */
static struct blkfront_stats blk_stats(int index)
{
	struct blkfront_stats s = {0};
	struct blkfront_dev *dev = blkfront_get(index);
	if (dev != NULL)
		blkfront_get_stats(dev, &s);
	return s;
}

static void t_blk_round_trip(struct lwp *self)
{
	static char out[4096 + 8] __attribute__((aligned(4096))),
	    in[8192] __attribute__((aligned(4096)));
	struct blkfront_stats s0, s1;
	int fd;

	(void)self;
	rumpuser_mutex_init(&w.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&w.cv);
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 13 + 1);
	CHECK_EQ(rumpuser_open("blk0", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd), 0);
	/* aligned write (zero-copy), then a write from a misaligned buffer
	 * (bounced); blkfront counts each */
	s0 = blk_stats(0);
	CHECK_EQ(bio_wait(fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, out, 4096, 0), 0);
	CHECK_EQ(w.bytes, 4096);
	CHECK_EQ(w.context_ok, 1);
	s1 = blk_stats(0);
	CHECK_EQ(s1.zero_copy - s0.zero_copy, 1);
	CHECK_EQ(s1.bounced - s0.bounced, 0);
	CHECK_EQ(bio_wait(fd, RUMPUSER_BIO_WRITE, out + 3, 4096, 4096), 0);
	s0 = blk_stats(0);
	CHECK_EQ(s0.zero_copy - s1.zero_copy, 0);
	CHECK_EQ(s0.bounced - s1.bounced, 1);
	CHECK_EQ(s0.bounced_bytes - s1.bounced_bytes, 4096);
	CHECK_EQ(bio_wait(fd, RUMPUSER_BIO_READ, in, 8192, 0), 0);
	CHECK_EQ(w.bytes, 8192);
	for (size_t i = 0; i < 4096; i++) {
		CHECK_EQ(in[i], out[i]);
		CHECK_EQ(in[4096 + i], out[3 + i]);
	}
	/* misaligned read buffer */
	s0 = blk_stats(0);
	CHECK_EQ(bio_wait(fd, RUMPUSER_BIO_READ, in + 5, 4096, 4096), 0);
	for (size_t i = 0; i < 4096; i++)
		CHECK_EQ(in[5 + i], out[3 + i]);
	s1 = blk_stats(0);
	CHECK_EQ(s1.bounced - s0.bounced, 1);
	CHECK_EQ(s1.bounced_bytes - s0.bounced_bytes, 4096);
	CHECK_EQ(s1.zero_copy - s0.zero_copy, 0);
	/* past the end, and not whole sectors */
	CHECK(bio_wait(fd, RUMPUSER_BIO_READ, in, 512, (int64_t)conf_blk_expected_size) != 0);
	CHECK_EQ(w.bytes, 0);
	CHECK(bio_wait(fd, RUMPUSER_BIO_READ, in, 100, 0) != 0);
	CHECK_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC, 0, 0), 0);
	CHECK_EQ(rumpuser_close(fd), 0);
}

static void t_blk_iov(struct lwp *self)
{
	static char a[512] __attribute__((aligned(512))), b[1024] __attribute__((aligned(512)));
	struct rumpuser_iovec wv = {a, 512}, rv = {b, 1024};
	size_t done;
	int fd;

	(void)self;
	for (int i = 0; i < 512; i++)
		a[i] = (char)(255 - i);
	CHECK_EQ(rumpuser_open("blk0", RUMPUSER_OPEN_RDWR, &fd), 0);
	CHECK_EQ(rumpuser_iovwrite(fd, &wv, 1, 1024, &done), 0);
	CHECK_EQ(done, 512);
	CHECK_EQ(rumpuser_iovread(fd, &rv, 1, 1024, &done), 0);
	CHECK_EQ(done, 1024);
	for (int i = 0; i < 512; i++)
		CHECK_EQ(b[i], a[i]);
	CHECK_EQ(rumpuser_close(fd), 0);
}

static void t_blk_readonly(struct lwp *self)
{
	int fd;
	char buf[512] __attribute__((aligned(512)));

	(void)self;
	CHECK_EQ(rumpuser_open("blk1", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd), 30);
	CHECK_EQ(rumpuser_open("blk1", RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO, &fd), 0);
	CHECK_EQ(bio_wait(fd, RUMPUSER_BIO_READ, buf, 512, 0), 0);
	CHECK_EQ(bio_wait(fd, RUMPUSER_BIO_WRITE, buf, 512, 0), 30);
	CHECK_EQ(rumpuser_close(fd), 0);
}

/* blk1's backend (a read-only loop device) has no write cache: a sync
 * succeeds without sending a flush, which blkfront would refuse. */
static void t_blk_sync_without_cache(struct lwp *self)
{
	struct blkfront_dev *dev = blkfront_get(1);
	struct blkfront_info info;
	struct blkfront_stats s0, s1;
	int fd;

	(void)self;
	CHECK(dev != NULL);
	blkfront_get_info(dev, &info);
	CHECK_EQ(info.flush, 0);
	CHECK_EQ(blkfront_io(dev, BLKFRONT_FLUSH, 0, NULL, 0), RX_ENOSYS);
	s0 = blk_stats(1);
	CHECK_EQ(rumpuser_open("blk1", RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO, &fd), 0);
	CHECK_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC, 0, 0), 0);
	CHECK_EQ(rumpuser_close(fd), 0);
	s1 = blk_stats(1);
	CHECK_EQ(s1.flushes - s0.flushes, 0);
	CHECK_EQ(s1.requests - s0.requests, 0);
}

/* BIO_SYNC writes, syncfd and close each send one flush that blkback
 * counts (f_req); plain writes send none. */
static void t_blk_flush_reaches_backend(struct lwp *self)
{
	static char buf[1024] __attribute__((aligned(512)));
	struct blkfront_dev *dev = blkfront_get(0);
	struct blkfront_info info;
	struct blkfront_stats s0, s1;
	struct vbd_stats v0, v1;
	int fd;

	(void)self;
	CHECK(dev != NULL);
	blkfront_get_info(dev, &info);
	CHECK_EQ(info.flush, 1);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 3);
	CHECK_EQ(vbd_stats_get(info.name, &v0), 0);
	s0 = blk_stats(0);
	CHECK_EQ(rumpuser_open("blk0", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd), 0);
	CHECK_EQ(bio_wait(fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, buf, 512, 0), 0);
	s1 = blk_stats(0);
	CHECK_EQ(s1.flushes - s0.flushes, 1);
	CHECK_EQ(bio_wait(fd, RUMPUSER_BIO_WRITE, buf + 512, 512, 512), 0);
	CHECK_EQ(blk_stats(0).flushes - s1.flushes, 0);
	CHECK_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC, 0, 0), 0);
	CHECK_EQ(vbd_stats_get(info.name, &v1), 0);
	CHECK_EQ(v1.f_req - v0.f_req, 2);
	CHECK_EQ(v1.wr_req - v0.wr_req, 2);
	CHECK_EQ(rumpuser_close(fd), 0);
	s1 = blk_stats(0);
	CHECK_EQ(s1.flushes - s0.flushes, 3);
	CHECK_EQ(vbd_stats_get(info.name, &v1), 0);
	CHECK_EQ(v1.f_req - v0.f_req, 3);
	vbd_stats_done(); /* (after a failure, dom0's side ends with the domain) */
}

const struct conf_test conf_xen_blk_tests[] = {
    {"xen blk: getfileinfo gives the exact capacity", t_blk_info},
    {"xen blk: bio round trip, bounced misaligned buffers, errors", t_blk_round_trip},
    {"xen blk: iovread/iovwrite", t_blk_iov},
    {"xen blk: read-only disk refuses write opens and writes", t_blk_readonly},
    {"xen blk: sync on a disk without write cache sends no flush", t_blk_sync_without_cache},
    {"xen blk: BIO_SYNC, syncfd and close flushes reach blkback (f_req)",
     t_blk_flush_reaches_backend},
    {NULL, NULL},
};
