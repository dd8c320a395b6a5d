/*
 * The random 4 KiB offsets of the block benchmark, shared by our guest
 * (blk_bench.c) and blk-peer on Linux (blk_peer.c) so that both read
 * the same places: xorshift64, cheap and the same on every run.
 */
#ifndef BENCH_BLK_OFFSETS_H
#define BENCH_BLK_OFFSETS_H

#include <stdint.h>

#define BLK_RAND_BLOCK 4096u
/* Random passes stop issuing after this long (or this many requests). */
#define BLK_RAND_NS (3ull * 1000000000ull)
#define BLK_RAND_MAX_OPS 100000u

static uint64_t blk_rng_state = 0x9e3779b97f4a7c15ull;

/* A block-aligned byte offset below blocks * BLK_RAND_BLOCK. */
static inline uint64_t blk_random_offset(uint64_t blocks)
{
	blk_rng_state ^= blk_rng_state << 13;
	blk_rng_state ^= blk_rng_state >> 7;
	blk_rng_state ^= blk_rng_state << 17;
	return blk_rng_state % blocks * BLK_RAND_BLOCK;
}

#endif
