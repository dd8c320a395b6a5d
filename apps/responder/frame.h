/*
 * Views of Ethernet, ARP and IPv4 headers inside a received frame. The
 * parsers check lengths and fixed fields and never read past the bytes
 * they are given; the views point into the caller's buffer, which must
 * outlive them. Malformed input gives RX_EINVAL; well-formed input of a
 * kind we do not handle gives RX_ENOSYS.
 */
#ifndef RXNET_FRAME_H
#define RXNET_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_ADDR_LEN 6
#define ETH_HEADER_LEN 14
#define ETH_MIN_FRAME 60   /* without the frame check sequence */
#define ETH_MAX_FRAME 1514 /* MTU 1500 plus the header */
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP 0x0806

#define ARP_IPV4_LEN 28
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

#define IPV4_HEADER_MIN 20
#define IPPROTO_ICMP_NUM 1
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define ICMP_HEADER_LEN 8

struct eth_view {
	const uint8_t *dst;
	const uint8_t *src;
	uint16_t type;
	const uint8_t *payload;
	size_t payload_len;
};

struct arp_view {
	uint16_t op;
	const uint8_t *sender_mac;
	uint32_t sender_ip; /* host order */
	const uint8_t *target_mac;
	uint32_t target_ip;
};

struct ipv4_view {
	uint8_t proto;
	uint8_t tos;
	uint16_t id;
	bool fragment; /* more-fragments set or a non-zero offset */
	uint32_t src;  /* host order */
	uint32_t dst;
	const uint8_t *payload; /* after the header and its options */
	size_t payload_len;	/* from the total-length field, not the frame */
};

int eth_parse(const void *frame, size_t len, struct eth_view *out);
/* Only Ethernet/IPv4 ARP with request or reply operations is handled. */
int arp_parse(const uint8_t *payload, size_t len, struct arp_view *out);
/* Checks version, header length, total length and header checksum.
 * Bytes beyond the total length (Ethernet padding) are ignored. */
int ipv4_packet_parse(const uint8_t *packet, size_t len, struct ipv4_view *out);

bool eth_is_multicast(const uint8_t *mac);

#endif
