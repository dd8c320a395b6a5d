/* The ChaCha20 block function (RFC 8439 section 2.3), for the software
 * random generator. */
#ifndef RUMPUSER_CHACHA20_H
#define RUMPUSER_CHACHA20_H

#include <stdint.h>

#define CHACHA20_KEY_WORDS 8
#define CHACHA20_NONCE_WORDS 3
#define CHACHA20_BLOCK_BYTES 64

/* One 64-byte keystream block for (key, counter, nonce), serialised
 * little-endian as the RFC specifies. */
void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS], uint8_t out[CHACHA20_BLOCK_BYTES]);

#endif
