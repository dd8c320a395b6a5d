/*
 * Fuzz target: the platform-only ARP/ICMP responder (apps/responder:
 * frame.c's header views, responder.c's answers, checksum.c) with a
 * received Ethernet frame in and maybe a reply out.
 *
 * Input: a control byte (bit 0: the driver trusts the transport
 * checksum; bits 1 and 2: make the IPv4 header and ICMP checksums of
 * the frame right, so the fuzzer gets past them; bit 3: the responder's
 * own MAC, address and prefix come from the input), the size of the
 * reply buffer, optionally the responder's identity, then the frame.
 *
 * Invariants: the result is a reply length, 0, RX_EINVAL or RX_E2BIG,
 * as a model of the documented rules (whom it answers, what is
 * malformed, how big the reply is) predicts; exactly one statistic
 * counts the frame; a reply fits the buffer (which is exactly its
 * size), is at least a minimal frame, parses back with valid checksums
 * and answers the asker with our addresses and the request's data; the
 * same frame with a buffer of exactly the reply's size gives the same
 * reply and with one byte less RX_E2BIG; the header views stay inside
 * the frame.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/errors.h>
#include <responder/bytes.h>
#include <responder/checksum.h>
#include <responder/frame.h>
#include <responder/responder.h>

#include "../fuzz_check.h"

#define FIX_IP_SUM 0x2
#define FIX_ICMP_SUM 0x4
#define OWN_IDENTITY 0x8

/* RFC 1071, written separately from checksum.c. */
static uint16_t ref_sum(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void fix_checksums(uint8_t *f, size_t len, unsigned ctl)
{
	if (len < ETH_HEADER_LEN + IPV4_HEADER_MIN || get_be16(f + 12) != ETHERTYPE_IPV4)
		return;
	uint8_t *ip = f + ETH_HEADER_LEN;
	size_t hl = (size_t)(ip[0] & 15) * 4, total = get_be16(ip + 2);
	if (hl < IPV4_HEADER_MIN || ETH_HEADER_LEN + hl > len)
		return;
	if (ctl & FIX_IP_SUM) {
		put_be16(ip + 10, 0);
		put_be16(ip + 10, ref_sum(ip, hl));
	}
	if ((ctl & FIX_ICMP_SUM) && total >= hl + 4 && ETH_HEADER_LEN + total <= len) {
		put_be16(ip + hl + 2, 0);
		put_be16(ip + hl + 2, ref_sum(ip + hl, total - hl));
	}
}

/* What the responder must answer, per responder.h and frame.h: a reply
 * length, 0, RX_EINVAL or RX_E2BIG. */
static int model(const struct responder *r, const uint8_t *f, size_t len, unsigned flags,
		 size_t cap)
{
	if (len < ETH_HEADER_LEN)
		return RX_EINVAL;
	bool multicast = f[0] & 1, ours = memcmp(f, r->mac, MAC_LEN) == 0;
	if (!multicast && !ours)
		return 0;
	const uint8_t *p = f + ETH_HEADER_LEN;
	size_t plen = len - ETH_HEADER_LEN;
	uint16_t type = get_be16(f + 12);
	if (type == ETHERTYPE_ARP) {
		if (plen < ARP_IPV4_LEN)
			return RX_EINVAL;
		if (get_be16(p) != 1 || get_be16(p + 2) != ETHERTYPE_IPV4)
			return 0;
		if (p[4] != 6 || p[5] != 4)
			return RX_EINVAL;
		if (get_be16(p + 6) != ARP_OP_REQUEST || get_be32(p + 24) != r->ip)
			return 0;
		return cap < ETH_MIN_FRAME ? RX_E2BIG : ETH_MIN_FRAME;
	}
	if (type != ETHERTYPE_IPV4 || multicast)
		return 0;
	if (plen < IPV4_HEADER_MIN || p[0] >> 4 != 4)
		return RX_EINVAL;
	size_t hl = (size_t)(p[0] & 15) * 4, total = get_be16(p + 2);
	if (hl < IPV4_HEADER_MIN || hl > total || total > plen || ref_sum(p, hl) != 0)
		return RX_EINVAL;
	bool fragment = (get_be16(p + 6) & 0x3fff) != 0;
	if (get_be32(p + 16) != r->ip || p[9] != IPPROTO_ICMP_NUM || fragment)
		return 0;
	size_t icmp_len = total - hl;
	if (icmp_len < ICMP_HEADER_LEN)
		return RX_EINVAL;
	if (!(flags & RESPONDER_RX_CSUM_TRUSTED) && ref_sum(p + hl, icmp_len) != 0)
		return RX_EINVAL;
	if (p[hl] != ICMP_ECHO_REQUEST || p[hl + 1] != 0)
		return 0;
	size_t reply = ETH_HEADER_LEN + IPV4_HEADER_MIN + icmp_len;
	if (reply > cap || (reply < ETH_MIN_FRAME && cap < ETH_MIN_FRAME))
		return RX_E2BIG;
	return (int)(reply < ETH_MIN_FRAME ? ETH_MIN_FRAME : reply);
}

static uint64_t stats_sum(const struct responder_stats *s)
{
	return s->arp_replies + s->echo_replies + s->ignored + s->malformed + s->too_big;
}

/* One call with an out buffer of exactly cap bytes; checks the
 * statistics; returns the result, the reply copied into *reply. */
static int handle(struct responder *r, const uint8_t *f, size_t len, unsigned flags, size_t cap,
		  uint8_t **reply)
{
	struct responder_stats before = r->stats;
	uint8_t *out = malloc(cap ? cap : 1);
	if (!out)
		abort();
	int ret = responder_handle(r, f, len, flags, out, cap);
	FUZZ_CHECK(stats_sum(&r->stats) == stats_sum(&before) + 1, "frame counted %llu times",
		   (unsigned long long)(stats_sum(&r->stats) - stats_sum(&before)));
	if (ret > 0)
		FUZZ_CHECK(r->stats.arp_replies + r->stats.echo_replies ==
			       before.arp_replies + before.echo_replies + 1,
			   "reply not counted as one");
	else if (ret == 0)
		FUZZ_CHECK(r->stats.ignored == before.ignored + 1, "ignored frame not counted");
	else if (ret == RX_E2BIG)
		FUZZ_CHECK(r->stats.too_big == before.too_big + 1, "E2BIG not counted");
	else
		FUZZ_CHECK(r->stats.malformed == before.malformed + 1, "malformed not counted");
	*reply = out;
	return ret;
}

static void check_reply(const struct responder *r, const uint8_t *f, size_t len, const uint8_t *out,
			size_t n)
{
	struct eth_view eth;
	FUZZ_CHECK(n >= ETH_MIN_FRAME && eth_parse(out, n, &eth) == 0, "reply of %zu bytes", n);
	FUZZ_CHECK(memcmp(eth.src, r->mac, MAC_LEN) == 0, "reply not from our MAC");
	const uint8_t *req = f + ETH_HEADER_LEN;
	if (eth.type == ETHERTYPE_ARP) {
		struct arp_view a;
		FUZZ_CHECK(get_be16(f + 12) == ETHERTYPE_ARP, "ARP reply to another kind");
		FUZZ_CHECK(arp_parse(eth.payload, eth.payload_len, &a) == 0 && a.op == ARP_OP_REPLY,
			   "reply is no ARP reply");
		FUZZ_CHECK(memcmp(eth.dst, req + 8, MAC_LEN) == 0 &&
			       memcmp(a.target_mac, req + 8, MAC_LEN) == 0 &&
			       a.target_ip == get_be32(req + 14),
			   "ARP reply not to the asker");
		FUZZ_CHECK(memcmp(a.sender_mac, r->mac, MAC_LEN) == 0 && a.sender_ip == r->ip,
			   "ARP reply does not give our addresses");
		return;
	}
	struct ipv4_view ip, rq;
	FUZZ_CHECK(eth.type == ETHERTYPE_IPV4 && get_be16(f + 12) == ETHERTYPE_IPV4,
		   "reply of type %04x", eth.type);
	FUZZ_CHECK(memcmp(eth.dst, f + ETH_ADDR_LEN, MAC_LEN) == 0, "echo reply not to the asker");
	FUZZ_CHECK(ipv4_packet_parse(eth.payload, eth.payload_len, &ip) == 0,
		   "reply's IPv4 header does not parse");
	FUZZ_CHECK(ipv4_packet_parse(req, len - ETH_HEADER_LEN, &rq) == 0, "request unparsable");
	FUZZ_CHECK(ip.src == r->ip && ip.dst == rq.src && ip.proto == IPPROTO_ICMP_NUM &&
		       !ip.fragment && ip.id == rq.id && ip.tos == rq.tos,
		   "echo reply header");
	FUZZ_CHECK(ip.payload_len == rq.payload_len && ref_sum(ip.payload, ip.payload_len) == 0,
		   "echo reply length or checksum");
	FUZZ_CHECK(ip.payload[0] == ICMP_ECHO_REPLY && ip.payload[1] == 0 &&
		       memcmp(ip.payload + 4, rq.payload + 4, rq.payload_len - 4) == 0,
		   "echo reply data differs");
	size_t end = ETH_HEADER_LEN + IPV4_HEADER_MIN + ip.payload_len;
	for (size_t i = end; i < n; i++)
		FUZZ_CHECK(out[i] == 0, "padding byte %zu not zero", i);
}

/* The views of frame.c point inside the bytes they were given. */
static void check_views(const uint8_t *f, size_t len)
{
	struct eth_view eth;
	if (eth_parse(f, len, &eth) != 0) {
		FUZZ_CHECK(len < ETH_HEADER_LEN, "eth_parse refused %zu bytes", len);
		return;
	}
	FUZZ_CHECK(eth.payload == f + ETH_HEADER_LEN && eth.payload_len == len - ETH_HEADER_LEN,
		   "Ethernet payload view");
	struct ipv4_view ip;
	int rc = ipv4_packet_parse(eth.payload, eth.payload_len, &ip);
	FUZZ_CHECK(rc == 0 || rc == RX_EINVAL, "ipv4_packet_parse gave %d", rc);
	if (rc == 0)
		FUZZ_CHECK(ip.payload >= eth.payload + IPV4_HEADER_MIN &&
			       ip.payload + ip.payload_len <= f + len,
			   "IPv4 payload view outside the frame");
	struct arp_view a;
	rc = arp_parse(eth.payload, eth.payload_len, &a);
	FUZZ_CHECK(rc == 0 || rc == RX_EINVAL || rc == RX_ENOSYS, "arp_parse gave %d", rc);
	if (rc == 0)
		FUZZ_CHECK(a.sender_mac == eth.payload + 8 && a.target_mac == eth.payload + 18 &&
			       eth.payload_len >= ARP_IPV4_LEN,
			   "ARP view");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t our_mac[MAC_LEN] = {0x00, 0x16, 0x3e, 0x00, 0x00, 0x02};
	struct fuzz_in in = {data, size};
	struct responder r;
	unsigned ctl = fuzz_u8(&in), flags = ctl & RESPONDER_RX_CSUM_TRUSTED;
	size_t cap = fuzz_u16(&in) % (ETH_MAX_FRAME + 100);
	int rc = -1;

	if (ctl & OWN_IDENTITY) {
		uint8_t mac[MAC_LEN];
		for (int i = 0; i < MAC_LEN; i++)
			mac[i] = fuzz_u8(&in);
		uint32_t ip = fuzz_u32(&in);
		unsigned prefix = fuzz_u8(&in) % 40;
		rc = responder_init(&r, mac, ip, prefix);
		FUZZ_CHECK(rc == (ip == 0 || prefix > 32 ? RX_EINVAL : 0), "init gave %d", rc);
	}
	if (rc != 0)
		FUZZ_CHECK(responder_init(&r, our_mac, 0x0a000002u, 24) == 0, "init refused");

	/* The frame in a buffer of its own size. */
	size_t len = in.left;
	uint8_t *f = malloc(len ? len : 1);
	if (!f)
		abort();
	memcpy(f, in.p, len);
	fix_checksums(f, len, ctl);
	check_views(f, len);

	int want = model(&r, f, len, flags, cap);
	uint8_t *out, *again;
	int ret = handle(&r, f, len, flags, cap, &out);
	FUZZ_CHECK(ret == want, "responder gave %d, model %d", ret, want);
	if (ret > 0) {
		FUZZ_CHECK((size_t)ret <= cap, "reply of %d bytes in %zu", ret, cap);
		check_reply(&r, f, len, out, (size_t)ret);
		int ret2 = handle(&r, f, len, flags, (size_t)ret, &again);
		FUZZ_CHECK(ret2 == ret && memcmp(out, again, (size_t)ret) == 0,
			   "exact-size buffer gave %d", ret2);
		free(again);
		ret2 = handle(&r, f, len, flags, (size_t)ret - 1, &again);
		FUZZ_CHECK(ret2 == RX_E2BIG, "buffer one byte short gave %d", ret2);
		free(again);
	}
	free(out);
	free(f);
	return 0;
}
