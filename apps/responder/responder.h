/*
 * A minimal IPv4 host: answers ARP requests for its address and ICMP
 * echo requests sent to it, and nothing else. Platform-independent; the
 * caller moves frames in and out.
 *
 * responder_handle() looks at one received Ethernet frame (no FCS) and,
 * when an answer is due, writes the complete reply frame into out.
 * It returns the reply length (> 0), 0 when the frame needs no answer
 * (not for us, or a kind we do not handle), RX_EINVAL for a malformed
 * frame (bad lengths, bad IPv4 header checksum, bad ICMP checksum) and
 * RX_E2BIG when out is too small for the reply. Every frame is counted
 * in exactly one of the statistics below.
 */
#ifndef RXNET_RESPONDER_H
#define RXNET_RESPONDER_H

#include <stddef.h>
#include <stdint.h>

#include <responder/addr.h>

/* Receive flags from the driver: the transport checksum need not (or
 * cannot) be verified, because the sender validated the data or left
 * the checksum blank for offload (a local peer that never touched a
 * wire). Replies always carry full checksums. */
#define RESPONDER_RX_CSUM_TRUSTED 0x1u

struct responder_stats {
	uint64_t arp_replies;
	uint64_t echo_replies;
	uint64_t ignored;   /* not for us, or not a request we answer */
	uint64_t malformed; /* RX_EINVAL */
	uint64_t too_big;   /* RX_E2BIG */
};

struct responder {
	uint8_t mac[MAC_LEN];
	uint32_t ip; /* host order */
	uint32_t netmask;
	struct responder_stats stats;
};

/* prefix_len 0..32; RX_EINVAL otherwise or for address 0.0.0.0. */
int responder_init(struct responder *r, const uint8_t mac[MAC_LEN], uint32_t ip,
		   unsigned prefix_len);

int responder_handle(struct responder *r, const void *frame, size_t len, unsigned rx_flags,
		     void *out, size_t out_cap);

#endif
