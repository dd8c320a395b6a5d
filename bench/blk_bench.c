/*
 * Block benchmark guest on the blkfront platform API, for the first disk
 * (which it overwrites): sequential write and read in 1 MiB requests,
 * then 4 KiB random reads at queue depth 1 (blkfront_io) and 32
 * (blkfront_submit, one request per slot in flight).
 *
 * Prints raw figures, one line per measure, for bench/blk.sh to turn
 * into rates:
 *   blkbench seq-write bytes=B ns=T        (T includes a final flush)
 *   blkbench rand-qd32 ops=N ns=T
 * Exits 1 on any I/O error (after saying which), 0 otherwise: speed
 * never fails.
 * Arguments: [MiB for the sequential passes, default 32]
 */
#include <blkfront/blkfront.h>

#include "blk_offsets.h"

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>

#define MIB (1024u * 1024u)
#define SEQ_CHUNK MIB
#define SEQ_CHUNK_ORDER 8 /* 2^8 pages = 1 MiB */
#define QD 32

static unsigned parse_mib(const char *s)
{
	unsigned v = 0;
	for (; *s >= '0' && *s <= '9' && v < 100000; s++)
		v = v * 10 + (unsigned)(*s - '0');
	return *s ? 0 : v;
}

static int seq_pass(struct blkfront_dev *dev, enum blkfront_op op, const char *name, void *buf,
		    uint64_t bytes)
{
	uint64_t t0 = plat_monotonic_ns();
	for (uint64_t off = 0; off < bytes; off += SEQ_CHUNK) {
		int err = blkfront_io(dev, op, off, buf, SEQ_CHUNK);
		if (err) {
			console_printf("blkbench: %s at %llu failed: %d\n", name,
				       (unsigned long long)off, err);
			return err;
		}
	}
	if (op == BLKFRONT_WRITE) {
		int err = blkfront_io(dev, BLKFRONT_FLUSH, 0, NULL, 0);
		if (err && err != RX_ENOSYS) {
			console_printf("blkbench: flush failed: %d\n", err);
			return err;
		}
	}
	console_printf("blkbench %s bytes=%llu ns=%llu\n", name, (unsigned long long)bytes,
		       (unsigned long long)(plat_monotonic_ns() - t0));
	return 0;
}


static int rand_qd1(struct blkfront_dev *dev, void *buf, uint64_t blocks)
{
	uint64_t t0 = plat_monotonic_ns();
	unsigned ops = 0;
	while (ops < BLK_RAND_MAX_OPS && plat_monotonic_ns() - t0 < BLK_RAND_NS) {
		int err = blkfront_io(dev, BLKFRONT_READ, blk_random_offset(blocks), buf, BLK_RAND_BLOCK);
		if (err) {
			console_printf("blkbench: rand-qd1 read failed: %d\n", err);
			return err;
		}
		ops++;
	}
	console_printf("blkbench rand-qd1 ops=%u ns=%llu\n", ops,
		       (unsigned long long)(plat_monotonic_ns() - t0));
	return 0;
}

/* Queue depth QD: completions (in the disk's I/O thread) put their slot
 * back on the free list and wake the issuing thread, which alone
 * submits, so a completion never waits for the ring. */
static struct blkfront_req slots[QD];
static int free_list[QD];
static int free_count;
static unsigned completed;
static int first_error;
static struct waitq issuer;

static void slot_done(struct blkfront_req *req, int status)
{
	if (status && !first_error)
		first_error = status;
	free_list[free_count++] = (int)(req - slots);
	completed++;
	waitq_wake_one(&issuer);
}

static int rand_qd(struct blkfront_dev *dev, uint8_t *bufs, uint64_t blocks)
{
	unsigned issued = 0;
	waitq_init(&issuer);
	free_count = 0;
	for (int i = 0; i < QD; i++)
		free_list[free_count++] = i;
	uint64_t t0 = plat_monotonic_ns();
	for (;;) {
		bool issuing =
		    !first_error && issued < BLK_RAND_MAX_OPS && plat_monotonic_ns() - t0 < BLK_RAND_NS;
		if (!issuing && completed == issued)
			break;
		while (issuing && free_count > 0) {
			int i = free_list[--free_count];
			struct blkfront_req *r = &slots[i];
			r->op = BLKFRONT_READ;
			r->offset = blk_random_offset(blocks);
			r->buf = bufs + (size_t)i * BLK_RAND_BLOCK;
			r->len = BLK_RAND_BLOCK;
			r->done = slot_done;
			r->arg = NULL;
			int err = blkfront_submit(dev, r);
			if (err) {
				console_printf("blkbench: rand-qd%d submit failed: %d\n", QD, err);
				free_list[free_count++] = i;
				first_error = err;
				break;
			}
			issued++;
		}
		waitq_prepare(&issuer, 0);
		if (completed == issued || (free_count > 0 && !first_error && issuing))
			waitq_cancel(&issuer);
		else
			waitq_finish(&issuer);
	}
	uint64_t ns = plat_monotonic_ns() - t0;
	if (first_error) {
		console_printf("blkbench: rand-qd%d read failed: %d\n", QD, first_error);
		return first_error;
	}
	console_printf("blkbench rand-qd%d ops=%u ns=%llu\n", QD, completed,
		       (unsigned long long)ns);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned mib = argc > 1 ? parse_mib(argv[1]) : 32;
	if (mib == 0) {
		console_printf("blkbench: bad size \"%s\" (MiB, 1-99999)\n", argv[1]);
		return 2;
	}
	if (blkfront_probe(NULL) < 1) {
		console_printf("blkbench: no disk\n");
		return 1;
	}
	struct blkfront_dev *dev = blkfront_get(0);
	struct blkfront_info info;
	blkfront_get_info(dev, &info);
	uint64_t bytes = (uint64_t)mib * MIB;
	if (info.readonly || info.capacity < bytes || info.capacity < BLK_RAND_BLOCK ||
	    BLK_RAND_BLOCK % info.sector_size) {
		console_printf("blkbench: disk %s unusable: %llu bytes, sector %u, %s; need %u MiB "
			       "writable\n",
			       info.name, (unsigned long long)info.capacity, info.sector_size,
			       info.readonly ? "read-only" : "writable", mib);
		return 1;
	}
	console_printf("blkbench: disk %s, %llu MiB, max request %u bytes\n", info.name,
		       (unsigned long long)(info.capacity / MIB), info.max_request_bytes);

	uint8_t *buf = page_alloc(SEQ_CHUNK_ORDER);
	if (!buf) {
		console_printf("blkbench: no memory for a 1 MiB buffer\n");
		return 1;
	}
	for (size_t i = 0; i < SEQ_CHUNK; i++)
		buf[i] = (uint8_t)(i * 31 + 7);
	uint64_t blocks = info.capacity / BLK_RAND_BLOCK;
	int err = seq_pass(dev, BLKFRONT_WRITE, "seq-write", buf, bytes);
	if (!err)
		err = seq_pass(dev, BLKFRONT_READ, "seq-read", buf, bytes);
	if (!err)
		err = rand_qd1(dev, buf, blocks);
	if (!err) /* the slots' 4 KiB buffers: the first QD pages of buf */
		err = rand_qd(dev, buf, blocks);
	page_free(buf, SEQ_CHUNK_ORDER);
	blkfront_close(dev);
	return err ? 1 : 0;
}
