/* File and block-I/O hypercalls through the device interface, with the
 * memory-backed test backend. */
#include "suite.h"

#include "ramdev.h"

#include <core/errors.h>

struct biowait {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int done;
	size_t bytes;
	int error;
	int context_ok; /* callback had a CPU and an lwp of its own */
	struct lwp *waiter;
};

static struct biowait bw;

static void biodone(void *arg, size_t bytes, int error)
{
	struct biowait *w = arg;
	struct lwp *l = rumpuser_curlwp();

	rumpuser_mutex_enter(w->m);
	w->context_ok = l != NULL && l != w->waiter && fk_cpu_holder() == l;
	w->bytes = bytes;
	w->error = error;
	w->done = 1;
	rumpuser_cv_signal(w->cv);
	rumpuser_mutex_exit(w->m);
}

/* Submit and wait for the completion; returns its errno. */
static int bio_wait(struct lwp *self, int fd, int op, void *buf, size_t len, int64_t off)
{
	bw.done = 0;
	bw.context_ok = 0;
	bw.waiter = self;
	rumpuser_bio(fd, op, buf, len, off, biodone, &bw);
	rumpuser_mutex_enter(bw.m);
	while (!bw.done)
		rumpuser_cv_wait(bw.cv, bw.m);
	rumpuser_mutex_exit(bw.m);
	return bw.error;
}

static void t_no_device_layer(struct lwp *self)
{
	uint64_t size;
	int type, fd;

	(void)self;
	CHECK_EQ(rumpuser_dev_register(NULL, NULL), 0); /* whatever the platform installed */
	CHECK_EQ(rumpuser_getfileinfo("ram0", &size, &type), 6); /* ENXIO */
	CHECK_EQ(rumpuser_open("ram0", RUMPUSER_OPEN_RDWR, &fd), 6);
	CHECK_EQ(rumpuser_close(0), 9); /* EBADF */
}

static void t_getfileinfo_and_open(struct lwp *self)
{
	uint64_t size = 0;
	int type = -1, fd1, fd2, fd3;

	(void)self;
	CHECK_EQ(rumpuser_dev_register(&ramdev_ops, NULL), 0);
	CHECK_EQ(rumpuser_getfileinfo("ram0", &size, &type), 0);
	CHECK_EQ(size, RAMDEV_RAM_SIZE);
	CHECK_EQ(type, RUMPUSER_FT_BLK);
	CHECK_EQ(rumpuser_getfileinfo("nope", &size, &type), 2);
	CHECK_EQ(rumpuser_getfileinfo("rom0", NULL, NULL), 0);
	CHECK_EQ(self->unsched_calls, 3); /* may block: each one wrapped once */
	CHECK_EQ(self->sched_calls, 3);

	CHECK_EQ(rumpuser_open("ram0", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd1), 0);
	CHECK(fd1 >= 0);
	/* a second open of an open device is fine (no EPERM) */
	CHECK_EQ(rumpuser_open("ram0", RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO, &fd2), 0);
	CHECK(fd2 != fd1);
	/* read-only device: write open refused, nothing kept, read-only retry works */
	CHECK_EQ(rumpuser_open("rom0", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd3), 30);
	CHECK_EQ(ramdev_open_count(), 2);
	CHECK_EQ(rumpuser_open("rom0", RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO, &fd3), 0);
	CHECK_EQ(rumpuser_open("ram0", RUMPUSER_OPEN_ACCMODE, &fd3), 22);
	CHECK_EQ(rumpuser_open("ram0", 0x100, &fd3), 22);
	CHECK_EQ(rumpuser_open(
		     "ram0", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL, &fd3),
		 17);
	CHECK_EQ(rumpuser_open("nope", RUMPUSER_OPEN_RDONLY, &fd3), 2);
	CHECK_EQ(rumpuser_dev_register(NULL, NULL), RX_EBUSY);
	for (int fd = 0; fd < 32; fd++)
		rumpuser_close(fd);
	CHECK_EQ(ramdev_open_count(), 0);
	CHECK_EQ(rumpuser_close(fd1), 9);
}

static void t_descriptor_table_full(struct lwp *self)
{
	int fd, opened = 0;

	(void)self;
	while (rumpuser_open("ram0", RUMPUSER_OPEN_RDONLY, &fd) == 0)
		opened++;
	CHECK_EQ(opened, 32);
	CHECK_EQ(rumpuser_open("ram0", RUMPUSER_OPEN_RDONLY, &fd), 24); /* EMFILE */
	for (fd = 0; fd < 32; fd++)
		CHECK_EQ(rumpuser_close(fd), 0);
	CHECK_EQ(ramdev_open_count(), 0);
}

static void t_bio_round_trip(struct lwp *self)
{
	static unsigned char out[4096], in[4096];
	int fd, rofd;

	rumpuser_mutex_init(&bw.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&bw.cv);
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (unsigned char)(i * 7 + 3);
	CHECK_EQ(rumpuser_open("ram0", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd), 0);
	CHECK_EQ(bio_wait(self, fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, out, sizeof(out), 8192),
		 0);
	CHECK_EQ(bw.bytes, sizeof(out));
	CHECK_EQ(bw.context_ok, 1);
	CHECK_EQ(bio_wait(self, fd, RUMPUSER_BIO_READ, in, sizeof(in), 8192), 0);
	CHECK_EQ(bw.bytes, sizeof(in));
	CHECK_EQ(bw.context_ok, 1);
	for (size_t i = 0; i < sizeof(in); i++)
		CHECK_EQ(in[i], out[i]);
	/* errors arrive through the callback, once */
	CHECK_EQ(bio_wait(self, fd, RUMPUSER_BIO_READ, in, 512, RAMDEV_RAM_SIZE), 22);
	CHECK_EQ(bio_wait(self, fd, 0, in, 512, 0), 22);
	CHECK_EQ(bio_wait(self, fd, RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE, in, 512, 0), 22);
	CHECK_EQ(bio_wait(self, 31, RUMPUSER_BIO_READ, in, 512, 0), 9);
	CHECK_EQ(bio_wait(self, fd, RUMPUSER_BIO_READ, in, 512, -512), 22);
	CHECK_EQ(rumpuser_open("rom0", RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO, &rofd), 0);
	CHECK_EQ(bio_wait(self, rofd, RUMPUSER_BIO_WRITE, out, 512, 0), 30);
	CHECK_EQ(bw.bytes, 0);
	CHECK_EQ(rumpuser_close(rofd), 0);
	CHECK_EQ(rumpuser_close(fd), 0);
	CHECK_EQ(self->unsched_calls, self->sched_calls);
	rumpuser_cv_destroy(bw.cv);
	rumpuser_mutex_destroy(bw.m);
}

static void t_iov_read_write(struct lwp *self)
{
	char a[5] = "hello", b[6] = " world", back[11];
	struct rumpuser_iovec wv[2] = {{a, 5}, {b, 6}}, rv[2] = {{back, 4}, {back + 4, 7}};
	size_t done;
	int fd;

	(void)self;
	CHECK_EQ(rumpuser_open("ram0", RUMPUSER_OPEN_RDWR, &fd), 0);
	CHECK_EQ(rumpuser_iovwrite(fd, wv, 2, 100, &done), 0);
	CHECK_EQ(done, 11);
	CHECK_EQ(rumpuser_iovread(fd, rv, 2, 100, &done), 0);
	CHECK_EQ(done, 11);
	CHECK(back[0] == 'h' && back[5] == ' ' && back[10] == 'd');
	/* short read at the end of the device */
	CHECK_EQ(rumpuser_iovread(fd, rv, 2, RAMDEV_RAM_SIZE - 3, &done), 0);
	CHECK_EQ(done, 3);
	/* NOSEEK continues from the previous NOSEEK position */
	CHECK_EQ(rumpuser_iovwrite(fd, wv, 1, RUMPUSER_IOV_NOSEEK, &done), 0);
	CHECK_EQ(rumpuser_iovwrite(fd, wv + 1, 1, RUMPUSER_IOV_NOSEEK, &done), 0);
	CHECK_EQ(rumpuser_iovread(fd, rv, 2, 0, &done), 0);
	CHECK(back[0] == 'h' && back[4] == 'o' && back[5] == ' ' && back[10] == 'd');
	CHECK_EQ(rumpuser_iovread(fd, rv, 2, -5, &done), 22);
	CHECK_EQ(rumpuser_iovread(30, rv, 2, 0, &done), 9);
	CHECK_EQ(rumpuser_iovwrite(fd, wv, 2, RAMDEV_RAM_SIZE, &done), 28); /* ENOSPC */
	CHECK_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC, 0, 0), 0);
	CHECK_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_BARRIER, 0, 0), 22);
	CHECK_EQ(rumpuser_syncfd(fd, 0x40 | RUMPUSER_SYNCFD_READ, 0, 0), 22);
	CHECK_EQ(rumpuser_close(fd), 0);
	CHECK_EQ(rumpuser_open("rom0", RUMPUSER_OPEN_RDONLY, &fd), 0);
	CHECK_EQ(rumpuser_iovwrite(fd, wv, 1, 0, &done), 9); /* not open for writing */
	CHECK_EQ(rumpuser_close(fd), 0);
}

static void t_unregister(struct lwp *self)
{
	uint64_t size;
	int type;

	(void)self;
	CHECK_EQ(rumpuser_dev_register(NULL, NULL), 0);
	CHECK_EQ(rumpuser_getfileinfo("ram0", &size, &type), 6);
	static const struct rumpuser_dev_ops incomplete = {.info = NULL};
	CHECK_EQ(rumpuser_dev_register(&incomplete, NULL), RX_EINVAL);
}

const struct conf_test conf_device_tests[] = {
    {"file hypercalls without a device layer: ENXIO/EBADF", t_no_device_layer},
    {"getfileinfo and open: sizes, EROFS without a leak, bad modes", t_getfileinfo_and_open},
    {"descriptor table full: EMFILE", t_descriptor_table_full},
    {"bio: write/read round trip, completion with CPU and own lwp, errors", t_bio_round_trip},
    {"iovread/iovwrite: offsets, short reads, NOSEEK, errors; syncfd flags", t_iov_read_write},
    {"device layer unregistered and incomplete tables refused", t_unregister},
    {NULL, NULL},
};
