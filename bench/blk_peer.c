/*
 * blk-peer: 4 KiB random reads with O_DIRECT on a Linux block device at
 * a given queue depth, for the Linux PV guest and dom0 sides of
 * bench/blk.sh (the same measure as blk_bench.c's rand-qd1/rand-qd32 on
 * our guest). Queue depth 1 uses pread; deeper queues keep DEPTH reads
 * in flight with Linux native AIO (io_submit/io_getevents, called
 * directly: the program is static and needs no libaio).
 *
 *   blk-peer DEV DEPTH [SECONDS]
 *
 * Prints "blkpeer rand-qdDEPTH ops=N ns=T" and exits 0, or says what
 * failed and exits 1. Offsets come from the guest's sequence
 * (blk_offsets.h), within the first 128 MiB of the device (or all of
 * it if smaller).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "blk_offsets.h"

#define BLOCK BLK_RAND_BLOCK
#define MAX_DEPTH 64
#define MAX_SPAN (128ull << 20)
#define MAX_OPS BLK_RAND_MAX_OPS

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int fail(const char *what)
{
	fprintf(stderr, "blk-peer: %s: %s\n", what, strerror(errno));
	return 1;
}

static off_t random_offset(uint64_t blocks) { return (off_t)blk_random_offset(blocks); }

static int run_qd1(int fd, uint64_t blocks, uint64_t end, void *buf, unsigned *ops)
{
	while (*ops < MAX_OPS && now_ns() < end) {
		if (pread(fd, buf, BLOCK, random_offset(blocks)) != (ssize_t)BLOCK)
			return fail("pread");
		++*ops;
	}
	return 0;
}

static int run_aio(int fd, unsigned depth, uint64_t blocks, uint64_t end, char *bufs,
		   unsigned *ops)
{
	aio_context_t ctx = 0;
	struct iocb cbs[MAX_DEPTH], *one[1];
	struct io_event ev[MAX_DEPTH];
	unsigned in_flight = 0;
	int rc = 0;

	if (syscall(SYS_io_setup, depth, &ctx) < 0)
		return fail("io_setup");
	memset(cbs, 0, sizeof(cbs));
	for (unsigned i = 0; i < depth; i++) {
		cbs[i].aio_lio_opcode = IOCB_CMD_PREAD;
		cbs[i].aio_fildes = (uint32_t)fd;
		cbs[i].aio_buf = (uint64_t)(uintptr_t)(bufs + (size_t)i * BLOCK);
		cbs[i].aio_nbytes = BLOCK;
		cbs[i].aio_data = i;
	}
	/* Keep every slot busy until the time is up, then drain. */
	for (unsigned i = 0; i < depth; i++) {
		cbs[i].aio_offset = random_offset(blocks);
		one[0] = &cbs[i];
		if (syscall(SYS_io_submit, ctx, 1, one) != 1) {
			rc = fail("io_submit");
			goto out;
		}
		in_flight++;
	}
	while (in_flight > 0) {
		long n = syscall(SYS_io_getevents, ctx, 1, (long)depth, ev, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = fail("io_getevents");
			goto out;
		}
		for (long k = 0; k < n; k++) {
			in_flight--;
			if (ev[k].res != (int64_t)BLOCK) {
				errno = ev[k].res < 0 ? (int)-ev[k].res : EIO;
				rc = fail("read");
				goto out;
			}
			++*ops;
			if (*ops + in_flight >= MAX_OPS || now_ns() >= end)
				continue;
			struct iocb *cb = &cbs[ev[k].data];
			cb->aio_offset = random_offset(blocks);
			one[0] = cb;
			if (syscall(SYS_io_submit, ctx, 1, one) != 1) {
				rc = fail("io_submit");
				goto out;
			}
			in_flight++;
		}
	}
out:
	syscall(SYS_io_destroy, ctx);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: blk-peer DEV DEPTH [SECONDS]\n");
		return 2;
	}
	char *endp;
	unsigned long depth = strtoul(argv[2], &endp, 10);
	if (*endp || depth < 1 || depth > MAX_DEPTH) {
		fprintf(stderr, "blk-peer: depth must be 1..%d\n", MAX_DEPTH);
		return 2;
	}
	unsigned long secs = argc == 4 ? strtoul(argv[3], &endp, 10) : 3;
	if (argc == 4 && (*endp || secs < 1 || secs > 600)) {
		fprintf(stderr, "blk-peer: seconds must be 1..600\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0)
		return fail(argv[1]);
	uint64_t size;
	if (ioctl(fd, BLKGETSIZE64, &size) < 0)
		return fail("BLKGETSIZE64");
	if (size > MAX_SPAN)
		size = MAX_SPAN;
	uint64_t blocks = size / BLOCK;
	if (blocks == 0) {
		fprintf(stderr, "blk-peer: %s is smaller than one block\n", argv[1]);
		return 1;
	}
	void *bufs;
	if (posix_memalign(&bufs, BLOCK, (size_t)depth * BLOCK))
		return fail("posix_memalign");

	unsigned ops = 0;
	uint64_t t0 = now_ns();
	uint64_t end = t0 + secs * 1000000000ull;
	int rc = depth == 1 ? run_qd1(fd, blocks, end, bufs, &ops)
			    : run_aio(fd, (unsigned)depth, blocks, end, bufs, &ops);
	uint64_t t1 = now_ns();
	if (rc)
		return rc;
	printf("blkpeer rand-qd%lu ops=%u ns=%llu\n", depth, ops, (unsigned long long)(t1 - t0));
	return 0;
}
