/* The ARP/ICMP responder on hand-built frames, good and bad. */
#include <stdint.h>
#include <string.h>

#include <core/errors.h>
#include <responder/bytes.h>
#include <responder/checksum.h>
#include <responder/frame.h>
#include <responder/responder.h>

#include "../net/harness.h"

static const uint8_t our_mac[6] = {0x00, 0x16, 0x3e, 0x00, 0x00, 0x02};
static const uint8_t peer_mac[6] = {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
#define OUR_IP 0x0a000002u
#define PEER_IP 0x0a000001u

static size_t eth_header(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, peer_mac, 6);
	put_be16(f + 12, type);
	return ETH_HEADER_LEN;
}

static size_t arp_request(uint8_t *f, uint32_t target)
{
	uint8_t *p = f + eth_header(f, bcast, ETHERTYPE_ARP);

	put_be16(p, 1);
	put_be16(p + 2, ETHERTYPE_IPV4);
	p[4] = 6;
	p[5] = 4;
	put_be16(p + 6, ARP_OP_REQUEST);
	memcpy(p + 8, peer_mac, 6);
	put_be32(p + 14, PEER_IP);
	memset(p + 18, 0, 6);
	put_be32(p + 24, target);
	return ETH_HEADER_LEN + ARP_IPV4_LEN;
}

/* An echo request with `data_len` bytes of patterned data. */
static size_t echo_request(uint8_t *f, uint32_t dst, size_t data_len)
{
	uint8_t *ip = f + eth_header(f, our_mac, ETHERTYPE_IPV4);
	uint8_t *icmp = ip + IPV4_HEADER_MIN;
	size_t icmp_len = ICMP_HEADER_LEN + data_len;

	memset(ip, 0, IPV4_HEADER_MIN);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(IPV4_HEADER_MIN + icmp_len));
	put_be16(ip + 4, 0x1234);
	put_be16(ip + 6, 0x4000); /* don't fragment */
	ip[8] = 64;
	ip[9] = IPPROTO_ICMP_NUM;
	put_be32(ip + 12, PEER_IP);
	put_be32(ip + 16, dst);
	put_be16(ip + 10, inet_checksum(ip, IPV4_HEADER_MIN));
	icmp[0] = ICMP_ECHO_REQUEST;
	icmp[1] = 0;
	put_be16(icmp + 2, 0);
	put_be16(icmp + 4, 0x77);
	put_be16(icmp + 6, 5);
	for (size_t i = 0; i < data_len; i++)
		icmp[8 + i] = (uint8_t)(i ^ 0xa5);
	put_be16(icmp + 2, inet_checksum(icmp, icmp_len));
	return ETH_HEADER_LEN + IPV4_HEADER_MIN + icmp_len;
}

static void refresh_ip_checksum(uint8_t *f)
{
	put_be16(f + ETH_HEADER_LEN + 10, 0);
	put_be16(f + ETH_HEADER_LEN + 10, inet_checksum(f + ETH_HEADER_LEN, IPV4_HEADER_MIN));
}

int main(void)
{
	struct responder r;
	uint8_t in[ETH_MAX_FRAME + 64], out[ETH_MAX_FRAME + 64];
	size_t n;
	int ret;

	EXPECT_EQ("init_rejects_prefix_33", responder_init(&r, our_mac, OUR_IP, 33), RX_EINVAL);
	EXPECT_EQ("init_rejects_zero_address", responder_init(&r, our_mac, 0, 24), RX_EINVAL);
	EXPECT_EQ("init", responder_init(&r, our_mac, OUR_IP, 24), 0);

	/* ARP */
	n = arp_request(in, OUR_IP);
	ret = responder_handle(&r, in, n, 0, out, sizeof(out));
	EXPECT_EQ("arp_request_answered_min_frame", ret, ETH_MIN_FRAME);
	EXPECT("arp_reply_eth_to_asker", memcmp(out, peer_mac, 6) == 0 &&
					     memcmp(out + 6, our_mac, 6) == 0 &&
					     get_be16(out + 12) == ETHERTYPE_ARP);
	EXPECT("arp_reply_fields",
	       get_be16(out + 14 + 6) == ARP_OP_REPLY && memcmp(out + 14 + 8, our_mac, 6) == 0 &&
		   get_be32(out + 14 + 14) == OUR_IP && memcmp(out + 14 + 18, peer_mac, 6) == 0 &&
		   get_be32(out + 14 + 24) == PEER_IP);
	n = arp_request(in, OUR_IP + 1);
	EXPECT_EQ("arp_for_other_ip_ignored", responder_handle(&r, in, n, 0, out, sizeof(out)), 0);
	n = arp_request(in, OUR_IP);
	EXPECT_EQ("arp_truncated_malformed", responder_handle(&r, in, n - 1, 0, out, sizeof(out)),
		  RX_EINVAL);
	in[14 + 4] = 8; /* hardware address length contradicts Ethernet */
	EXPECT_EQ("arp_bad_hlen_malformed", responder_handle(&r, in, n, 0, out, sizeof(out)),
		  RX_EINVAL);
	n = arp_request(in, OUR_IP);
	put_be16(in + 14, 6); /* IEEE 802 hardware type: not ours */
	EXPECT_EQ("arp_other_htype_ignored", responder_handle(&r, in, n, 0, out, sizeof(out)), 0);
	n = arp_request(in, OUR_IP);
	put_be16(in + 14 + 6, ARP_OP_REPLY);
	EXPECT_EQ("arp_reply_not_answered", responder_handle(&r, in, n, 0, out, sizeof(out)), 0);
	n = arp_request(in, OUR_IP);
	EXPECT_EQ("arp_out_too_small", responder_handle(&r, in, n, 0, out, 59), RX_E2BIG);

	/* ICMP echo */
	n = echo_request(in, OUR_IP, 56);
	ret = responder_handle(&r, in, n, 0, out, sizeof(out));
	EXPECT_EQ("echo_answered_same_length", ret, (long long)n);
	EXPECT("echo_reply_eth", memcmp(out, peer_mac, 6) == 0 && memcmp(out + 6, our_mac, 6) == 0);
	EXPECT_EQ("echo_reply_ip_checksum", inet_checksum(out + 14, IPV4_HEADER_MIN), 0);
	EXPECT("echo_reply_addresses",
	       get_be32(out + 14 + 12) == OUR_IP && get_be32(out + 14 + 16) == PEER_IP);
	EXPECT_EQ("echo_reply_type", out[34], ICMP_ECHO_REPLY);
	EXPECT_EQ("echo_reply_icmp_checksum", inet_checksum(out + 34, n - 34), 0);
	EXPECT("echo_reply_id_seq_data", memcmp(out + 38, in + 38, n - 38) == 0);

	n = echo_request(in, OUR_IP, 1472); /* the largest unfragmented ping at MTU 1500 */
	EXPECT_EQ("echo_mtu_sized", responder_handle(&r, in, n, 0, out, sizeof(out)),
		  ETH_MAX_FRAME);
	EXPECT_EQ("echo_mtu_checksum", inet_checksum(out + 34, n - 34), 0);
	EXPECT_EQ("echo_out_too_small", responder_handle(&r, in, n, 0, out, n - 1), RX_E2BIG);

	n = echo_request(in, OUR_IP, 0);
	EXPECT_EQ("echo_tiny_padded_to_min", responder_handle(&r, in, n, 0, out, sizeof(out)),
		  ETH_MIN_FRAME);
	EXPECT_EQ("echo_tiny_checksum", inet_checksum(out + 34, ICMP_HEADER_LEN), 0);

	/* Ethernet padding after the IP datagram must not enter the checksum. */
	n = echo_request(in, OUR_IP, 4);
	memset(in + n, 0xee, 10);
	EXPECT_EQ("echo_padded_request", responder_handle(&r, in, n + 10, 0, out, sizeof(out)),
		  ETH_MIN_FRAME);

	n = echo_request(in, OUR_IP + 5, 56);
	EXPECT_EQ("echo_other_ip_ignored", responder_handle(&r, in, n, 0, out, sizeof(out)), 0);
	n = echo_request(in, OUR_IP, 56);
	in[0] ^= 0x02; /* unicast to another station */
	EXPECT_EQ("echo_other_mac_ignored", responder_handle(&r, in, n, 0, out, sizeof(out)), 0);

	n = echo_request(in, OUR_IP, 56);
	in[14 + 10] ^= 0xff;
	EXPECT_EQ("ip_bad_header_checksum", responder_handle(&r, in, n, 0, out, sizeof(out)),
		  RX_EINVAL);
	n = echo_request(in, OUR_IP, 56);
	EXPECT_EQ("ip_truncated", responder_handle(&r, in, n - 1, 0, out, sizeof(out)), RX_EINVAL);
	n = echo_request(in, OUR_IP, 56);
	in[14] = 0x44; /* header length 16 bytes */
	refresh_ip_checksum(in);
	EXPECT_EQ("ip_short_ihl", responder_handle(&r, in, n, 0, out, sizeof(out)), RX_EINVAL);
	n = echo_request(in, OUR_IP, 56);
	in[14] = 0x65;
	EXPECT_EQ("ip_version_6_in_ipv4", responder_handle(&r, in, n, 0, out, sizeof(out)),
		  RX_EINVAL);
	n = echo_request(in, OUR_IP, 56);
	put_be16(in + 14 + 6, 0x2000); /* more fragments */
	refresh_ip_checksum(in);
	EXPECT_EQ("ip_fragment_ignored", responder_handle(&r, in, n, 0, out, sizeof(out)), 0);

	n = echo_request(in, OUR_IP, 56);
	in[40] ^= 0x01; /* corrupt data: ICMP checksum now wrong */
	EXPECT_EQ("icmp_bad_checksum", responder_handle(&r, in, n, 0, out, sizeof(out)), RX_EINVAL);
	EXPECT_EQ("icmp_bad_checksum_trusted_answered",
		  responder_handle(&r, in, n, RESPONDER_RX_CSUM_TRUSTED, out, sizeof(out)),
		  (long long)n);
	EXPECT_EQ("icmp_trusted_reply_checksum_full", inet_checksum(out + 34, n - 34), 0);
	n = echo_request(in, OUR_IP, 56);
	put_be16(in + 36, 0); /* checksum left blank for offload */
	EXPECT_EQ("icmp_blank_checksum_trusted",
		  responder_handle(&r, in, n, RESPONDER_RX_CSUM_TRUSTED, out, sizeof(out)),
		  (long long)n);
	EXPECT_EQ("icmp_blank_reply_checksum_full", inet_checksum(out + 34, n - 34), 0);
	n = echo_request(in, OUR_IP, 0);
	put_be16(in + 14 + 2, IPV4_HEADER_MIN + 4); /* ICMP shorter than its header */
	refresh_ip_checksum(in);
	EXPECT_EQ("icmp_truncated", responder_handle(&r, in, n, 0, out, sizeof(out)), RX_EINVAL);

	EXPECT_EQ("runt_frame", responder_handle(&r, in, 13, 0, out, sizeof(out)), RX_EINVAL);
	EXPECT_EQ("null_frame", responder_handle(&r, NULL, 60, 0, out, sizeof(out)), RX_EINVAL);
	n = eth_header(in, our_mac, 0x86dd);
	memset(in + n, 0, 46);
	EXPECT_EQ("ipv6_ignored", responder_handle(&r, in, 60, 0, out, sizeof(out)), 0);

	EXPECT_EQ("stats_arp_replies", r.stats.arp_replies, 1);
	EXPECT_EQ("stats_echo_replies", r.stats.echo_replies, 6);
	EXPECT_EQ("stats_too_big", r.stats.too_big, 2);
	EXPECT_EQ("stats_malformed", r.stats.malformed, 10);
	EXPECT_EQ("stats_ignored", r.stats.ignored, 7);
	return HARNESS_RESULT();
}
