/* ARP and ICMP echo answers; see rxnet/responder.h. */
#include <core/errors.h>
#include <responder/bytes.h>
#include <responder/checksum.h>
#include <responder/frame.h>
#include <responder/responder.h>

static void copy_bytes(uint8_t *dst, const uint8_t *src, size_t n)
{
	while (n--)
		*dst++ = *src++;
}

static void zero_bytes(uint8_t *dst, size_t n)
{
	while (n--)
		*dst++ = 0;
}

int responder_init(struct responder *r, const uint8_t mac[MAC_LEN], uint32_t ip,
		   unsigned prefix_len)
{
	if (!r || !mac || ip == 0 || prefix_len > 32)
		return RX_EINVAL;
	zero_bytes((uint8_t *)r, sizeof(*r));
	copy_bytes(r->mac, mac, MAC_LEN);
	r->ip = ip;
	r->netmask = ipv4_netmask(prefix_len);
	return 0;
}

static bool mac_equal(const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < MAC_LEN; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Ethernet header of a reply to `to`; returns where the payload goes. */
static uint8_t *put_eth(uint8_t *out, const struct responder *r, const uint8_t *to, uint16_t type)
{
	copy_bytes(out, to, ETH_ADDR_LEN);
	copy_bytes(out + ETH_ADDR_LEN, r->mac, ETH_ADDR_LEN);
	put_be16(out + 2 * ETH_ADDR_LEN, type);
	return out + ETH_HEADER_LEN;
}

static int answer_arp(struct responder *r, const struct eth_view *eth, uint8_t *out, size_t out_cap)
{
	struct arp_view arp;
	int err = arp_parse(eth->payload, eth->payload_len, &arp);
	uint8_t *p;

	if (err == RX_ENOSYS || (!err && (arp.op != ARP_OP_REQUEST || arp.target_ip != r->ip)))
		return 0;
	if (err)
		return err;
	if (out_cap < ETH_MIN_FRAME)
		return RX_E2BIG;
	p = put_eth(out, r, arp.sender_mac, ETHERTYPE_ARP);
	put_be16(p, 1);
	put_be16(p + 2, ETHERTYPE_IPV4);
	p[4] = ETH_ADDR_LEN;
	p[5] = 4;
	put_be16(p + 6, ARP_OP_REPLY);
	copy_bytes(p + 8, r->mac, ETH_ADDR_LEN);
	put_be32(p + 14, r->ip);
	copy_bytes(p + 18, arp.sender_mac, ETH_ADDR_LEN);
	put_be32(p + 24, arp.sender_ip);
	zero_bytes(p + ARP_IPV4_LEN, ETH_MIN_FRAME - ETH_HEADER_LEN - ARP_IPV4_LEN);
	r->stats.arp_replies++;
	return ETH_MIN_FRAME;
}

static int answer_icmp(struct responder *r, const struct eth_view *eth, unsigned rx_flags,
		       uint8_t *out, size_t out_cap)
{
	struct ipv4_view ip;
	size_t reply_len;
	uint8_t *p, *icmp;
	int err = ipv4_packet_parse(eth->payload, eth->payload_len, &ip);

	if (err)
		return err;
	if (ip.dst != r->ip || ip.proto != IPPROTO_ICMP_NUM || ip.fragment)
		return 0;
	if (ip.payload_len < ICMP_HEADER_LEN)
		return RX_EINVAL;
	if (!(rx_flags & RESPONDER_RX_CSUM_TRUSTED) && inet_checksum(ip.payload, ip.payload_len))
		return RX_EINVAL;
	if (ip.payload[0] != ICMP_ECHO_REQUEST || ip.payload[1] != 0)
		return 0;
	reply_len = ETH_HEADER_LEN + IPV4_HEADER_MIN + ip.payload_len;
	if (reply_len > out_cap)
		return RX_E2BIG;

	p = put_eth(out, r, eth->src, ETHERTYPE_IPV4);
	p[0] = 0x45; /* version 4, no options: the request's options are not echoed */
	p[1] = ip.tos;
	put_be16(p + 2, (uint16_t)(IPV4_HEADER_MIN + ip.payload_len));
	put_be16(p + 4, ip.id);
	put_be16(p + 6, 0);
	p[8] = 64;
	p[9] = IPPROTO_ICMP_NUM;
	put_be16(p + 10, 0);
	put_be32(p + 12, r->ip);
	put_be32(p + 16, ip.src);
	put_be16(p + 10, inet_checksum(p, IPV4_HEADER_MIN));

	icmp = p + IPV4_HEADER_MIN;
	copy_bytes(icmp, ip.payload, ip.payload_len);
	icmp[0] = ICMP_ECHO_REPLY;
	put_be16(icmp + 2, 0);
	put_be16(icmp + 2, inet_checksum(icmp, ip.payload_len));
	if (reply_len < ETH_MIN_FRAME) {
		if (out_cap < ETH_MIN_FRAME)
			return RX_E2BIG;
		zero_bytes(out + reply_len, ETH_MIN_FRAME - reply_len);
		reply_len = ETH_MIN_FRAME;
	}
	r->stats.echo_replies++;
	return (int)reply_len;
}

int responder_handle(struct responder *r, const void *frame, size_t len, unsigned rx_flags,
		     void *out, size_t out_cap)
{
	struct eth_view eth;
	int ret;

	if (!r || !out)
		return RX_EINVAL;
	ret = eth_parse(frame, len, &eth);
	if (ret == 0) {
		if (!eth_is_multicast(eth.dst) && !mac_equal(eth.dst, r->mac))
			ret = 0;
		else if (eth.type == ETHERTYPE_ARP)
			ret = answer_arp(r, &eth, out, out_cap);
		else if (eth.type == ETHERTYPE_IPV4 && !eth_is_multicast(eth.dst))
			ret = answer_icmp(r, &eth, rx_flags, out, out_cap);
	}
	if (ret == 0)
		r->stats.ignored++;
	else if (ret == RX_E2BIG)
		r->stats.too_big++;
	else if (ret < 0)
		r->stats.malformed++;
	return ret;
}
