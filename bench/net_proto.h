/*
 * The network benchmark's raw-frame protocol, shared by the guest
 * (net_bench.c, freestanding) and the Linux helper (net_peer.c, run in
 * dom0 and in the Linux PV guest). Frames carry a private ethertype, so
 * no ARP or IP is involved and both ends count exactly what the link
 * delivered.
 *
 * A frame: Ethernet header, then (big-endian) magic, kind, three zero
 * bytes, sequence number; the rest up to the frame size is filler.
 *
 * One run, always started by dom0, which knows the guest's MAC:
 *   guest transmits: dom0 sends GO every 100 ms until the first DATA
 *     arrives; the guest answers the first GO by sending its DATA
 *     frames (seq 0..N-1) to GO's source, then END frames whose seq is
 *     N. dom0 counts DATA until an END or a quiet second.
 *   guest receives: dom0 sends GO until a READY comes back (the guest
 *     answers every GO with READY), then sends DATA for a fixed time,
 *     then END frames with seq = DATA frames sent. The guest counts
 *     DATA until an END or a quiet period.
 * Frames of another ethertype, magic or kind are ignored by both.
 */
#ifndef BENCH_NET_PROTO_H
#define BENCH_NET_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define NB_ETHERTYPE 0x88b5u /* IEEE 802 local experimental ethertype 1 */
#define NB_MAGIC 0x52584e42u /* "RXNB" */
#define NB_ETH_HEADER 14
#define NB_HEADER (NB_ETH_HEADER + 12)
/* Frame sizes without the frame check sequence: 60 is 64 on the wire. */
#define NB_MIN_FRAME 60
#define NB_MAX_FRAME 1514
/* END frames sent at the end of a run (some may be lost in a flood). */
#define NB_END_COPIES 5
#define NB_GO_INTERVAL_NS (100ull * 1000000ull)

enum nb_kind { NB_DATA = 1, NB_GO = 2, NB_READY = 3, NB_END = 4 };

static inline void nb_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t nb_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Write the headers of a frame into f (at least NB_HEADER bytes); the
 * caller owns the filler after them. */
static inline void nb_frame_header(uint8_t *f, const uint8_t dst[6], const uint8_t src[6],
				   enum nb_kind kind, uint32_t seq)
{
	for (int i = 0; i < 6; i++) {
		f[i] = dst[i];
		f[6 + i] = src[i];
	}
	f[12] = (uint8_t)(NB_ETHERTYPE >> 8);
	f[13] = (uint8_t)NB_ETHERTYPE;
	nb_put32(f + NB_ETH_HEADER, NB_MAGIC);
	f[NB_ETH_HEADER + 4] = (uint8_t)kind;
	f[NB_ETH_HEADER + 5] = f[NB_ETH_HEADER + 6] = f[NB_ETH_HEADER + 7] = 0;
	nb_put32(f + NB_ETH_HEADER + 8, seq);
}

/* The kind of one of our frames (and its seq), or 0 for anything else:
 * short, another ethertype, a wrong magic or an unknown kind. */
static inline int nb_frame_kind(const uint8_t *f, size_t len, uint32_t *seq)
{
	if (len < NB_HEADER || f[12] != (uint8_t)(NB_ETHERTYPE >> 8) ||
	    f[13] != (uint8_t)NB_ETHERTYPE || nb_get32(f + NB_ETH_HEADER) != NB_MAGIC)
		return 0;
	int kind = f[NB_ETH_HEADER + 4];
	if (kind < NB_DATA || kind > NB_END)
		return 0;
	*seq = nb_get32(f + NB_ETH_HEADER + 8);
	return kind;
}

#endif
