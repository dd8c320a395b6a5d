/*
 * Fuzz target: netfront's slot-chain logic (platform/xen/netfront/
 * netfront_chain.c), which judges what netback writes on the receive
 * ring, plus the transmit split and the gather from pieces.
 *
 * Input: ring size (a power of two up to 256), consumer index, how many
 * responses are there, max_frame, max_slots, then the ring's entries;
 * the tail drives nf_tx_plan and nf_iov_gather.
 *
 * Invariants of nf_rx_chain_scan: the verdict is one of the enum; the
 * counts fit the responses there and max_slots; a frame has a length in
 * 1..max_frame, an oversize one above; the chain's data slots, walked
 * the way netfront_rx.c delivers them, stay inside their pages and add
 * up to the length, in at most NETFRONT_RX_MAX_PIECES pieces; and the
 * verdict does not depend on responses after the chain (more of them
 * give the same answer, one fewer gives PARTIAL).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/errors.h>
#include <netfront/netfront_chain.h>

#include "../fuzz_check.h"

static bool same_chain(const struct nf_rx_chain *a, const struct nf_rx_chain *b)
{
	return a->slots == b->slots && a->frags == b->frags && a->len == b->len &&
	       a->flags == b->flags && a->unfinished == b->unfinished;
}

/* The layout as the receive path walks it when delivering: the first
 * slot, its extras while they chain, then data slots. Sums the pieces
 * and checks each stays in its page. */
static void check_delivery_walk(const union netif_rx_sring_entry *ring, unsigned size,
				RING_IDX cons, const struct nf_rx_chain *c)
{
	bool extra = false;
	size_t len = 0;
	unsigned pieces = 0, frags = 0;

	for (unsigned k = 0; k < c->slots; k++) {
		const netif_rx_response_t *rsp = &ring[(cons + k) & (size - 1)].rsp;
		if (extra) {
			extra = (((const netif_extra_info_t *)rsp)->flags &
				 XEN_NETIF_EXTRA_FLAG_MORE) != 0;
			continue;
		}
		if (k == 0)
			extra = (rsp->flags & NETRXF_extra_info) != 0;
		frags++;
		FUZZ_CHECK(rsp->status >= 0 &&
			       (size_t)rsp->offset + (size_t)rsp->status <= NF_PAGE_SIZE,
			   "slot %u of a frame: offset %u size %d", k, rsp->offset, rsp->status);
		if (rsp->status > 0) {
			len += (size_t)rsp->status;
			pieces++;
		}
		/* Only the last data slot may end the chain. */
		FUZZ_CHECK((k + 1 == c->slots) == !(rsp->flags & NETRXF_more_data) || extra,
			   "chain ends at slot %u of %u", k, c->slots);
	}
	FUZZ_CHECK(!extra, "frame ends inside its extras");
	FUZZ_CHECK(frags == c->frags && len == c->len, "walk: %u frags %zu bytes, scan %u %zu",
		   frags, len, c->frags, c->len);
	FUZZ_CHECK(pieces <= NETFRONT_RX_MAX_PIECES || c->slots > NF_RX_MAX_SLOTS, "%u pieces",
		   pieces);
}

static void check_rx(const union netif_rx_sring_entry *ring, unsigned size, RING_IDX cons,
		     unsigned avail, size_t max_frame, unsigned max_slots)
{
	struct nf_rx_chain c, again;
	enum nf_rx_verdict v =
	    nf_rx_chain_scan(ring, size, cons, cons + avail, max_frame, max_slots, &c);

	FUZZ_CHECK(v == NF_RX_FRAME || v == NF_RX_PARTIAL || v == NF_RX_MALFORMED ||
		       v == NF_RX_OVERSIZE,
		   "verdict %d", (int)v);
	FUZZ_CHECK(c.slots <= avail && c.slots <= max_slots, "%u slots of %u there, max %u",
		   c.slots, avail, max_slots);
	FUZZ_CHECK(c.unfinished == 0 || (v == NF_RX_MALFORMED && c.slots == max_slots),
		   "unfinished %d with verdict %d after %u slots", c.unfinished, (int)v, c.slots);
	if (v == NF_RX_PARTIAL) {
		FUZZ_CHECK(c.slots == avail && avail < max_slots, "partial after %u of %u", c.slots,
			   avail);
		return;
	}
	FUZZ_CHECK(c.frags <= c.slots && (c.frags >= 1 || max_slots == 0), "%u frags in %u slots",
		   c.frags, c.slots);
	if (v == NF_RX_FRAME || v == NF_RX_OVERSIZE) {
		FUZZ_CHECK(c.len > 0 && c.len <= (size_t)c.frags * NF_PAGE_SIZE, "length %zu",
			   c.len);
		FUZZ_CHECK(v == NF_RX_FRAME ? c.len <= max_frame : c.len > max_frame,
			   "length %zu, max %zu, verdict %d", c.len, max_frame, (int)v);
		FUZZ_CHECK(c.flags == ring[cons & (size - 1)].rsp.flags, "flags of the first slot");
		check_delivery_walk(ring, size, cons, &c);
	}

	/* Only the chain's own slots decide: more responses after it change
	 * nothing, and without its last slot it has not arrived yet. */
	if (c.unfinished) {
		enum nf_rx_verdict w =
		    nf_rx_chain_scan(ring, size, cons, cons + size, max_frame, max_slots, &again);
		FUZZ_CHECK(w == v && same_chain(&c, &again), "cut chain judged differently");
		return;
	}
	enum nf_rx_verdict w =
	    nf_rx_chain_scan(ring, size, cons, cons + c.slots, max_frame, max_slots, &again);
	FUZZ_CHECK(w == v && same_chain(&c, &again), "verdict changes with responses after it");
	w = nf_rx_chain_scan(ring, size, cons, cons + c.slots - 1, max_frame, max_slots, &again);
	FUZZ_CHECK(w == NF_RX_PARTIAL && again.slots == c.slots - 1,
		   "chain without its last slot: verdict %d", (int)w);
}

static void check_tx_plan(size_t len, unsigned max)
{
	uint16_t *sizes = malloc((max ? max : 1) * sizeof(*sizes));
	if (!sizes)
		abort();
	int n = nf_tx_plan(len, sizes, max);
	size_t pages = (len + NF_PAGE_SIZE - 1) / NF_PAGE_SIZE;
	if (len == 0 || pages > max) {
		FUZZ_CHECK(n == RX_EINVAL, "plan of %zu bytes in %u slots gave %d", len, max, n);
	} else {
		FUZZ_CHECK(n >= 1 && (size_t)n == pages, "plan of %zu bytes: %d slots", len, n);
		size_t sum = 0;
		for (int i = 0; i < n; i++) {
			FUZZ_CHECK(sizes[i] > 0 && sizes[i] <= NF_PAGE_SIZE &&
				       (i == n - 1 || sizes[i] == NF_PAGE_SIZE),
				   "slot %d: %u bytes", i, sizes[i]);
			sum += sizes[i];
		}
		FUZZ_CHECK(sum == len, "slots hold %zu of %zu bytes", sum, len);
	}
	free(sizes);
}

/* Pieces of the given lengths over data; gather in steps of the given
 * sizes; the bytes come out in order and only the last step is short. */
static void check_gather(const uint8_t *data, size_t len, const uint8_t *cuts, size_t ncuts)
{
	struct netfront_iov iov[16];
	size_t niov = 0, pos = 0;

	for (size_t i = 0; i < ncuts && niov < 16; i++) {
		size_t n = cuts[i] % 64 * 37 % (len - pos + 1);
		iov[niov].base = data + pos;
		iov[niov].len = n;
		niov++;
		pos += n;
	}
	uint8_t *out = malloc(pos + 1);
	if (!out)
		abort();
	struct nf_iov_cursor cur;
	nf_iov_start(&cur, iov, niov);
	size_t got = 0;
	for (size_t step = 1;; step = step * 3 % 97 + 1) {
		size_t want = step < pos + 1 - got ? step : pos + 1 - got;
		size_t n = nf_iov_gather(&cur, out + got, want);
		FUZZ_CHECK(n <= want, "gathered %zu of %zu", n, want);
		got += n;
		if (n < want)
			break;
	}
	FUZZ_CHECK(got == pos && memcmp(out, data, pos) == 0, "gathered %zu of %zu bytes", got,
		   pos);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	unsigned ring_size = 1u << (fuzz_u8(&in) % 9); /* 1..256 */
	RING_IDX cons = fuzz_u32(&in);
	unsigned avail = fuzz_u16(&in) % (ring_size + 1);
	size_t max_frame = fuzz_u16(&in);
	/* The driver's limit most of the time, sometimes another. */
	uint8_t ms = fuzz_u8(&in);
	unsigned max_slots = ms < 128 ? NF_RX_MAX_SLOTS : ms % 40;

	/* An exact-size ring: a read outside it is caught. */
	union netif_rx_sring_entry *ring = calloc(ring_size, sizeof(*ring));
	if (!ring)
		abort();
	const uint8_t *bytes;
	size_t n = fuzz_bytes(&in, (size_t)ring_size * sizeof(*ring), &bytes);
	/* The entries are laid out from cons on, as they arrive. */
	for (size_t i = 0; i < n; i++)
		((uint8_t *)&ring[(cons + i / sizeof(*ring)) &
				  (ring_size - 1)])[i % sizeof(*ring)] = bytes[i];
	check_rx(ring, ring_size, cons, avail, max_frame, max_slots);
	free(ring);

	size_t tx_len = fuzz_u16(&in) | (size_t)(fuzz_u8(&in) & 1) << 16;
	check_tx_plan(tx_len, fuzz_u8(&in) % (NF_TX_MAX_SLOTS + 3));

	const uint8_t *cuts;
	size_t ncuts = fuzz_bytes(&in, fuzz_u8(&in) % 17, &cuts);
	check_gather(in.p, in.left, cuts, ncuts);
	return 0;
}
