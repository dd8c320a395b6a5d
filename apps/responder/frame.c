/* Header views; see rxnet/frame.h. */
#include <core/errors.h>
#include <responder/bytes.h>
#include <responder/checksum.h>
#include <responder/frame.h>

int eth_parse(const void *frame, size_t len, struct eth_view *out)
{
	const uint8_t *p = frame;

	if (!p || len < ETH_HEADER_LEN)
		return RX_EINVAL;
	out->dst = p;
	out->src = p + ETH_ADDR_LEN;
	out->type = get_be16(p + 2 * ETH_ADDR_LEN);
	out->payload = p + ETH_HEADER_LEN;
	out->payload_len = len - ETH_HEADER_LEN;
	return 0;
}

int arp_parse(const uint8_t *payload, size_t len, struct arp_view *out)
{
	if (len < ARP_IPV4_LEN)
		return RX_EINVAL;
	if (get_be16(payload) != 1 || get_be16(payload + 2) != ETHERTYPE_IPV4)
		return RX_ENOSYS; /* not Ethernet/IPv4 */
	if (payload[4] != ETH_ADDR_LEN || payload[5] != 4)
		return RX_EINVAL; /* address lengths contradict the types */
	out->op = get_be16(payload + 6);
	if (out->op != ARP_OP_REQUEST && out->op != ARP_OP_REPLY)
		return RX_ENOSYS;
	out->sender_mac = payload + 8;
	out->sender_ip = get_be32(payload + 14);
	out->target_mac = payload + 18;
	out->target_ip = get_be32(payload + 24);
	return 0;
}

int ipv4_packet_parse(const uint8_t *packet, size_t len, struct ipv4_view *out)
{
	size_t header_len, total_len;
	uint16_t frag;

	if (len < IPV4_HEADER_MIN || packet[0] >> 4 != 4)
		return RX_EINVAL;
	header_len = (size_t)(packet[0] & 15) * 4;
	total_len = get_be16(packet + 2);
	if (header_len < IPV4_HEADER_MIN || header_len > total_len || total_len > len)
		return RX_EINVAL;
	if (inet_checksum(packet, header_len) != 0)
		return RX_EINVAL;
	frag = get_be16(packet + 6);
	out->tos = packet[1];
	out->id = get_be16(packet + 4);
	out->fragment = (frag & 0x2000) || (frag & 0x1fff);
	out->proto = packet[9];
	out->src = get_be32(packet + 12);
	out->dst = get_be32(packet + 16);
	out->payload = packet + header_len;
	out->payload_len = total_len - header_len;
	return 0;
}

bool eth_is_multicast(const uint8_t *mac)
{
	return mac[0] & 1; /* the group bit; broadcast included */
}
