/* ChaCha20 block function: 20 rounds (10 column + diagonal pairs) over a
 * 16-word state, then the input state added back. */
#include "chacha20.h"

static inline uint32_t rotl(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }

#define QUARTER(a, b, c, d)                                                                        \
	do {                                                                                       \
		a += b;                                                                            \
		d ^= a;                                                                            \
		d = rotl(d, 16);                                                                   \
		c += d;                                                                            \
		b ^= c;                                                                            \
		b = rotl(b, 12);                                                                   \
		a += b;                                                                            \
		d ^= a;                                                                            \
		d = rotl(d, 8);                                                                    \
		c += d;                                                                            \
		b ^= c;                                                                            \
		b = rotl(b, 7);                                                                    \
	} while (0)

void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS], uint8_t out[CHACHA20_BLOCK_BYTES])
{
	/* "expand 32-byte k" as four little-endian words */
	uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
	uint32_t x[16];

	for (int i = 0; i < 8; i++)
		in[4 + i] = key[i];
	in[12] = counter;
	for (int i = 0; i < 3; i++)
		in[13 + i] = nonce[i];
	for (int i = 0; i < 16; i++)
		x[i] = in[i];
	for (int r = 0; r < 10; r++) {
		QUARTER(x[0], x[4], x[8], x[12]);
		QUARTER(x[1], x[5], x[9], x[13]);
		QUARTER(x[2], x[6], x[10], x[14]);
		QUARTER(x[3], x[7], x[11], x[15]);
		QUARTER(x[0], x[5], x[10], x[15]);
		QUARTER(x[1], x[6], x[11], x[12]);
		QUARTER(x[2], x[7], x[8], x[13]);
		QUARTER(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t v = x[i] + in[i];

		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}
