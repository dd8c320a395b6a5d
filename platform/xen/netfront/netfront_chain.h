/*
 * netfront's ring logic that needs no Xen and no threads, so the host
 * unit tests can drive it with made-up rings (tests/unit/net_chain.c):
 *   - nf_rx_chain_scan() reads the receive responses of one frame (its
 *     data slots and any extra-info slots) and says whether it can be
 *     delivered, must be dropped, or has not fully arrived yet;
 *   - nf_tx_plan() splits a frame into page-sized transmit slots;
 *   - nf_iov_gather() copies the next bytes of a frame given in pieces.
 */
#ifndef XEN_NETFRONT_CHAIN_H
#define XEN_NETFRONT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include <netfront/netfront.h>

/* io/ring.h wants the barriers and the ring macros want no libc. On
 * x86-64 stores are not reordered with stores nor loads with loads, so
 * the read and write barriers only stop the compiler. */
#ifndef xen_mb
#define xen_mb() __asm__ volatile("mfence" ::: "memory")
#define xen_rmb() __asm__ volatile("" ::: "memory")
#define xen_wmb() __asm__ volatile("" ::: "memory")
#endif
#include <xen/io/netif.h>

#define NF_PAGE_SIZE 4096u

/*
 * The most ring slots one received frame may take, extra-info slots
 * included: a 64 KiB frame in whole pages is 17 data slots, and netback
 * sends at most one extra per type. Well below the buffers we keep
 * posted, so waiting for the rest of a chain can never starve netback.
 */
#define NF_RX_MAX_SLOTS 24
/* The most transmit slots one frame takes: NETFRONT_MAX_FRAME in pages. */
#define NF_TX_MAX_SLOTS ((NETFRONT_MAX_FRAME + NF_PAGE_SIZE - 1) / NF_PAGE_SIZE)

enum nf_rx_verdict {
	NF_RX_FRAME,	 /* complete and well-formed: deliver it */
	NF_RX_PARTIAL,	 /* the chain goes on past the responses there: wait */
	NF_RX_MALFORMED, /* error status, bad offset/size, bad extra, or too long */
	NF_RX_OVERSIZE,	 /* complete and well-formed but above max_frame */
};

struct nf_rx_chain {
	unsigned slots; /* ring slots it takes from cons on, extras included */
	unsigned frags; /* data slots among them */
	size_t len;	/* frame length: the sum of the data slots' sizes */
	uint16_t flags; /* NETRXF_* of the first data slot */
	int unfinished; /* MALFORMED only: the slot after these continues the
			 * frame (more_data), so it must be skipped too */
};

/*
 * Look at the responses ring[cons..prod) (ring_size entries, a power of
 * two, indexed modulo ring_size) as the start of one frame. Limits: at
 * most max_slots slots and max_frame bytes. Fills out and returns the
 * verdict; for NF_RX_PARTIAL only out->slots (slots seen) is meaningful.
 * A chain that reaches max_slots without ending is MALFORMED and
 * unfinished, whether or not its end has arrived.
 */
enum nf_rx_verdict nf_rx_chain_scan(const union netif_rx_sring_entry *ring, unsigned ring_size,
				    RING_IDX cons, RING_IDX prod, size_t max_frame,
				    unsigned max_slots, struct nf_rx_chain *out);

/*
 * Sizes of the transmit slots for a frame of len bytes, each slot one
 * page: sizes[0..n) hold the bytes in each slot (all full pages except
 * the last). Returns n, or RX_EINVAL when len is 0 or needs more than
 * max slots.
 */
int nf_tx_plan(size_t len, uint16_t *sizes, unsigned max);

/* A read position in a frame given as pieces. */
struct nf_iov_cursor {
	const struct netfront_iov *iov;
	size_t iovcnt;
	size_t i;   /* current piece */
	size_t off; /* bytes of it already taken */
};

void nf_iov_start(struct nf_iov_cursor *c, const struct netfront_iov *iov, size_t iovcnt);
/* Copy the next n bytes to dst; returns how many there were (< n only
 * at the end of the frame). */
size_t nf_iov_gather(struct nf_iov_cursor *c, void *dst, size_t n);

/* Copy n bytes; frames are the hot path, so one string instruction. */
static inline void nf_copy(void *dst, const void *src, size_t n)
{
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

#endif
