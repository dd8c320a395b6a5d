/*
 * rumpuser_getrandom. Sources, in order of preference:
 *  - RDSEED (true entropy), then RDRAND, when CPUID advertises them;
 *  - otherwise a ChaCha20 generator with fast key erasure (each request
 *    ends by replacing the key with fresh keystream, so earlier output
 *    cannot be recomputed from a later state).
 * The generator's seed, gathered on first use: the guest configuration
 * key "random_seed" (hex, up to 64 digits, supplied by the launcher from
 * the host's random source), the wall clock, and 64 TSC timing samples.
 * Without "random_seed" only clock and jitter feed it: a warning is
 * logged once, and it still answers RANDOM_HARD requests (the kernel
 * would otherwise boot with no seed at all).
 * Every successful call delivers at least one byte. Never blocks.
 */
#include "rumpuser_priv.h"

#include "chacha20.h"

#include <core/config.h>
#include <core/digits.h>
#include <core/log.h>
#include <core/plat.h>

#include <stdbool.h>

#define HW_RETRIES 10

static int source = -1; /* enum rumpuser__random_source, -1: not probed */
static struct {
	bool seeded;
	uint32_t key[CHACHA20_KEY_WORDS];
	uint32_t nonce[CHACHA20_NONCE_WORDS];
	uint32_t counter;
} gen;

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static int probe_source(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] >= 7) {
		uint32_t l7[4];
		cpuid(7, 0, l7);
		if (l7[1] & (1u << 18))
			return RUMPUSER_RANDOM_RDSEED;
	}
	cpuid(1, 0, r);
	if (r[2] & (1u << 30))
		return RUMPUSER_RANDOM_RDRAND;
	return RUMPUSER_RANDOM_CHACHA20;
}

static bool hw_word(int src, uint64_t *v)
{
	for (int i = 0; i < HW_RETRIES; i++) {
		unsigned char ok;

		if (src == RUMPUSER_RANDOM_RDSEED)
			__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok)::"cc");
		else
			__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok)::"cc");
		if (ok)
			return true;
	}
	return false;
}

static size_t hw_fill(int src, uint8_t *buf, size_t len)
{
	size_t done = 0;
	uint64_t v;

	while (done < len && hw_word(src, &v))
		for (int i = 0; i < 8 && done < len; i++, v >>= 8)
			buf[done++] = (uint8_t)v;
	return done;
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Fold one word into the key, then stir: key <- keystream(key). */
static void absorb(uint32_t w, unsigned *pos)
{
	uint8_t blk[CHACHA20_BLOCK_BYTES];

	gen.key[*pos % CHACHA20_KEY_WORDS] ^= w;
	if (++*pos % CHACHA20_KEY_WORDS != 0)
		return;
	chacha20_block(gen.key, 0xffffffffu, gen.nonce, blk);
	for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
		gen.key[i] = (uint32_t)blk[4 * i] | (uint32_t)blk[4 * i + 1] << 8 |
			     (uint32_t)blk[4 * i + 2] << 16 | (uint32_t)blk[4 * i + 3] << 24;
}

static void seed_generator(void)
{
	const char *hex = config_get("random_seed");
	unsigned pos = 0, seed_digits = 0;
	int64_t sec;
	long nsec;

	if (hex != NULL) {
		uint32_t w = 0;
		for (; hex[seed_digits] != '\0' && seed_digits < 64; seed_digits++) {
			unsigned d = digit_value(hex[seed_digits]);
			if (d >= 16)
				break;
			w = w << 4 | d;
			if (seed_digits % 8 == 7) {
				absorb(w, &pos);
				w = 0;
			}
		}
		absorb(w, &pos);
		if (hex[seed_digits] != '\0')
			log_warn("rumpuser", "random_seed: only the first %u hex digits used",
				 seed_digits);
	}
	if (seed_digits < 32)
		log_warn("rumpuser", "no random_seed (>= 32 hex digits) configured: "
				     "software random generator seeded from clock jitter only");
	plat_wallclock(&sec, &nsec);
	absorb((uint32_t)sec, &pos);
	absorb((uint32_t)nsec, &pos);
	for (int i = 0; i < 64; i++) {
		uint64_t t0 = rdtsc();
		absorb((uint32_t)(plat_monotonic_ns() ^ (rdtsc() - t0) << 16 ^ t0), &pos);
	}
	while (pos % CHACHA20_KEY_WORDS != 0) /* finish the last stir */
		absorb(0, &pos);
	gen.seeded = true;
}

static void generator_fill(uint8_t *buf, size_t len)
{
	uint8_t blk[CHACHA20_BLOCK_BYTES];
	size_t done = 0;

	if (!gen.seeded)
		seed_generator();
	while (done < len) {
		chacha20_block(gen.key, gen.counter++, gen.nonce, blk);
		for (size_t i = 0; i < sizeof(blk) && done < len; i++)
			buf[done++] = blk[i];
		if (gen.counter == 0)
			gen.nonce[0]++;
	}
	/* fast key erasure: the key that made this output is gone */
	chacha20_block(gen.key, gen.counter++, gen.nonce, blk);
	if (gen.counter == 0)
		gen.nonce[0]++;
	for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
		gen.key[i] = (uint32_t)blk[4 * i] | (uint32_t)blk[4 * i + 1] << 8 |
			     (uint32_t)blk[4 * i + 2] << 16 | (uint32_t)blk[4 * i + 3] << 24;
	for (size_t i = 0; i < sizeof(blk); i++)
		((volatile uint8_t *)blk)[i] = 0;
}

int rumpuser__random_source(void)
{
	if (source < 0)
		source = probe_source();
	return source;
}

int rumpuser__random_force_source(int src)
{
	if (src == RUMPUSER_RANDOM_CHACHA20) {
		source = src;
		return 0;
	}
	if (probe_source() == RUMPUSER_RANDOM_CHACHA20 ||
	    (src == RUMPUSER_RANDOM_RDSEED && probe_source() != RUMPUSER_RANDOM_RDSEED) ||
	    (src != RUMPUSER_RANDOM_RDSEED && src != RUMPUSER_RANDOM_RDRAND))
		return NB_ENXIO;
	source = src;
	return 0;
}

int rumpuser_getrandom(void *buf, size_t buflen, int flags, size_t *donep)
{
	int src = rumpuser__random_source();
	size_t done;

	if (buf == NULL || donep == NULL || buflen == 0 ||
	    (flags & ~(RUMPUSER_RANDOM_HARD | RUMPUSER_RANDOM_NOWAIT)) != 0)
		return NB_EINVAL;
	if (src == RUMPUSER_RANDOM_CHACHA20) {
		generator_fill(buf, buflen);
		*donep = buflen;
		return 0;
	}
	done = hw_fill(src, buf, buflen);
	if (done < buflen && !(flags & RUMPUSER_RANDOM_HARD)) {
		generator_fill((uint8_t *)buf + done, buflen - done);
		done = buflen;
	}
	if (done == 0)
		return NB_EAGAIN; /* hardware source busy: the caller retries later */
	*donep = done;
	return 0;
}
