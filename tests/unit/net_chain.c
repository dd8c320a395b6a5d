/*
 * netfront's slot-chain logic on the host (platform/xen/netfront/netfront_chain.c): rx
 * chains as netback lays them out (several data slots, extra-info
 * slots, errors, frames too long, chains that do not end), the split
 * of a frame into transmit pages and the gather from pieces.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <core/errors.h>

#include <netfront/netfront_chain.h>
#include "../net/harness.h"

#define RING 32

static union netif_rx_sring_entry ring[RING];

static void data(RING_IDX i, uint16_t offset, uint16_t flags, int16_t status)
{
	netif_rx_response_t *r = &ring[i % RING].rsp;

	r->id = (uint16_t)(i % RING);
	r->offset = offset;
	r->flags = flags;
	r->status = status;
}

static void extra(RING_IDX i, uint8_t type, uint8_t flags)
{
	netif_extra_info_t *e = (netif_extra_info_t *)&ring[i % RING].rsp;

	memset(e, 0, sizeof(*e));
	e->type = type;
	e->flags = flags;
}

static enum nf_rx_verdict scan(RING_IDX cons, RING_IDX prod, struct nf_rx_chain *c)
{
	return nf_rx_chain_scan(ring, RING, cons, prod, NETFRONT_MAX_FRAME, NF_RX_MAX_SLOTS, c);
}

static void test_rx(void)
{
	struct nf_rx_chain c;
	const uint16_t M = NETRXF_more_data;

	EXPECT_EQ("rx_empty_is_partial", scan(0, 0, &c), NF_RX_PARTIAL);
	EXPECT_EQ("rx_empty_no_slots", c.slots, 0);

	data(0, 0, NETRXF_data_validated, 60);
	EXPECT_EQ("rx_one_slot_frame", scan(0, 1, &c), NF_RX_FRAME);
	EXPECT("rx_one_slot_layout",
	       c.slots == 1 && c.frags == 1 && c.len == 60 && c.flags == NETRXF_data_validated);

	/* A 9018-byte frame in three slots, then a one-slot frame. */
	data(1, 0, M | NETRXF_csum_blank, 4096);
	data(2, 0, M, 4096);
	data(3, 0, 0, 826);
	data(4, 0, 0, 100);
	EXPECT_EQ("rx_three_slot_frame", scan(1, 5, &c), NF_RX_FRAME);
	EXPECT("rx_three_slot_layout",
	       c.slots == 3 && c.frags == 3 && c.len == 9018 && (c.flags & NETRXF_csum_blank));
	EXPECT_EQ("rx_next_frame_after_chain", scan(4, 5, &c), NF_RX_FRAME);
	EXPECT("rx_next_frame_layout", c.slots == 1 && c.len == 100);
	EXPECT_EQ("rx_chain_cut_by_prod_is_partial", scan(1, 3, &c), NF_RX_PARTIAL);
	EXPECT_EQ("rx_partial_counts_seen_slots", c.slots, 2);

	/* Extra-info slots after the first data slot take no data. */
	data(5, 0, M | NETRXF_extra_info, 4000);
	extra(6, XEN_NETIF_EXTRA_TYPE_GSO, XEN_NETIF_EXTRA_FLAG_MORE);
	extra(7, XEN_NETIF_EXTRA_TYPE_HASH, 0);
	data(8, 0, 0, 1000);
	EXPECT_EQ("rx_extras_skipped", scan(5, 9, &c), NF_RX_FRAME);
	EXPECT("rx_extras_layout", c.slots == 4 && c.frags == 2 && c.len == 5000);
	EXPECT_EQ("rx_extras_partial", scan(5, 7, &c), NF_RX_PARTIAL);
	/* An extra on a frame of one data slot still belongs to it. */
	data(9, 0, NETRXF_extra_info, 70);
	extra(10, XEN_NETIF_EXTRA_TYPE_GSO, 0);
	EXPECT_EQ("rx_extra_on_single_slot", scan(9, 11, &c), NF_RX_FRAME);
	EXPECT("rx_extra_on_single_slot_layout", c.slots == 2 && c.frags == 1 && c.len == 70);
	EXPECT_EQ("rx_extra_not_yet_there", scan(9, 10, &c), NF_RX_PARTIAL);

	extra(10, XEN_NETIF_EXTRA_TYPE_NONE, 0);
	EXPECT_EQ("rx_extra_type_none_malformed", scan(9, 11, &c), NF_RX_MALFORMED);
	EXPECT("rx_extra_type_none_consumed", c.slots == 2 && !c.unfinished);
	extra(10, XEN_NETIF_EXTRA_TYPE_MAX, 0);
	EXPECT_EQ("rx_extra_type_max_malformed", scan(9, 11, &c), NF_RX_MALFORMED);

	/* Errors anywhere drop the whole chain, which is consumed whole. */
	data(11, 0, M, 4096);
	data(12, 0, M, NETIF_RSP_ERROR);
	data(13, 0, 0, 500);
	EXPECT_EQ("rx_error_status_mid_chain", scan(11, 14, &c), NF_RX_MALFORMED);
	EXPECT("rx_error_chain_consumed", c.slots == 3 && !c.unfinished);
	data(11, 100, M, 4000);
	data(12, 0, M, 100);
	EXPECT_EQ("rx_offset_past_page", scan(11, 14, &c), NF_RX_MALFORMED);
	data(11, 0, 0, 0);
	EXPECT_EQ("rx_empty_frame_malformed", scan(11, 12, &c), NF_RX_MALFORMED);
	data(11, 0, NETRXF_data_validated, NETIF_RSP_DROPPED);
	EXPECT_EQ("rx_dropped_status_malformed", scan(11, 12, &c), NF_RX_MALFORMED);
	data(11, 0, M, 4096);
	data(12, 0, NETRXF_extra_info, 100);
	EXPECT_EQ("rx_extra_flag_on_later_slot", scan(11, 13, &c), NF_RX_MALFORMED);
	EXPECT_EQ("rx_extra_flag_on_later_slot_slots", c.slots, 2);

	/* One byte over the limit. */
	data(14, 0, M, 4096);
	data(15, 0, M, 4096);
	data(16, 0, 0, 827);
	EXPECT_EQ("rx_oversize", scan(14, 17, &c), NF_RX_OVERSIZE);
	EXPECT("rx_oversize_consumed", c.slots == 3 && c.len == 9019);
	/* Empty middle slots are allowed and add nothing. */
	data(15, 0, M, 0);
	data(16, 0, 0, 200);
	EXPECT_EQ("rx_empty_middle_slot", scan(14, 17, &c), NF_RX_FRAME);
	EXPECT("rx_empty_middle_slot_len", c.frags == 3 && c.len == 4296);
}

static void test_rx_limits(void)
{
	struct nf_rx_chain c;

	/* A chain that never ends within max_slots: cut, the rest skipped. */
	for (RING_IDX i = 0; i < RING; i++)
		data(i, 0, NETRXF_more_data, 10);
	EXPECT_EQ("rx_endless_chain_malformed", scan(0, RING, &c), NF_RX_MALFORMED);
	EXPECT("rx_endless_chain_cut", c.slots == NF_RX_MAX_SLOTS && c.unfinished);
	EXPECT_EQ("rx_endless_chain_at_prod", scan(0, NF_RX_MAX_SLOTS, &c), NF_RX_MALFORMED);
	EXPECT("rx_endless_chain_at_prod_cut", c.slots == NF_RX_MAX_SLOTS && c.unfinished);
	/* Ending exactly at the limit is fine. */
	data(NF_RX_MAX_SLOTS - 1, 0, 0, 10);
	EXPECT_EQ("rx_chain_of_max_slots", scan(0, RING, &c), NF_RX_FRAME);
	EXPECT("rx_chain_of_max_slots_len",
	       c.slots == NF_RX_MAX_SLOTS && c.len == 10 * NF_RX_MAX_SLOTS);

	/* Ring indices wrap at 2^32 and the ring at RING entries. */
	RING_IDX cons = 0xfffffffeu;
	data(cons, 0, NETRXF_more_data, 4096);
	data(cons + 1, 0, NETRXF_more_data, 4096);
	data(cons + 2, 0, 0, 9);
	EXPECT_EQ("rx_index_wrap", scan(cons, cons + 3, &c), NF_RX_FRAME);
	EXPECT("rx_index_wrap_layout", c.slots == 3 && c.len == 8201);
	EXPECT_EQ("rx_index_wrap_partial", scan(cons, cons + 2, &c), NF_RX_PARTIAL);
}

static void test_tx_plan(void)
{
	uint16_t s[NF_TX_MAX_SLOTS + 2];

	EXPECT_EQ("tx_max_slots_for_max_frame", NF_TX_MAX_SLOTS, 3);
	EXPECT_EQ("tx_plan_zero", nf_tx_plan(0, s, NF_TX_MAX_SLOTS), RX_EINVAL);
	EXPECT_EQ("tx_plan_small", nf_tx_plan(60, s, NF_TX_MAX_SLOTS), 1);
	EXPECT_EQ("tx_plan_small_size", s[0], 60);
	EXPECT_EQ("tx_plan_page", nf_tx_plan(4096, s, NF_TX_MAX_SLOTS), 1);
	EXPECT_EQ("tx_plan_page_plus_one", nf_tx_plan(4097, s, NF_TX_MAX_SLOTS), 2);
	EXPECT("tx_plan_page_plus_one_sizes", s[0] == 4096 && s[1] == 1);
	EXPECT_EQ("tx_plan_max_frame", nf_tx_plan(NETFRONT_MAX_FRAME, s, NF_TX_MAX_SLOTS), 3);
	EXPECT("tx_plan_max_frame_sizes", s[0] == 4096 && s[1] == 4096 && s[2] == 826);
	EXPECT_EQ("tx_plan_too_many_slots", nf_tx_plan(3 * 4096 + 1, s, NF_TX_MAX_SLOTS),
		  RX_EINVAL);
	EXPECT_EQ("tx_plan_limit_one", nf_tx_plan(4097, s, 1), RX_EINVAL);
}

static void test_gather(void)
{
	static uint8_t src[6000], dst[6000];
	struct netfront_iov iov[4] = {{src, 3}, {src + 3, 0}, {src + 3, 5000}, {src + 5003, 10}};
	struct nf_iov_cursor cur;
	size_t a, b, c;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 31 + i / 256);
	memset(dst, 0, sizeof(dst));
	nf_iov_start(&cur, iov, 4);
	a = nf_iov_gather(&cur, dst, 4096);
	b = nf_iov_gather(&cur, dst + 4096, 4096);
	c = nf_iov_gather(&cur, dst + 5013, 1);
	EXPECT("gather_page_then_rest", a == 4096 && b == 917);
	EXPECT_EQ("gather_past_end_gives_nothing", c, 0);
	EXPECT("gather_bytes_in_order", memcmp(dst, src, 5013) == 0);
	EXPECT("gather_wrote_no_more", dst[5013] == 0);

	nf_iov_start(&cur, NULL, 0);
	EXPECT_EQ("gather_no_pieces", nf_iov_gather(&cur, dst, 10), 0);
}

int main(void)
{
	test_rx();
	test_rx_limits();
	test_tx_plan();
	test_gather();
	return HARNESS_RESULT();
}
