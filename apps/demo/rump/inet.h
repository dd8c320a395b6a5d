/*
 * IPv4 socket addresses in the rump kernel's (NetBSD's) layout, and the
 * byte-order functions to fill them. Host order is little-endian (x86-64).
 */
#ifndef DEMO_INET_H
#define DEMO_INET_H

#include <sys/types.h>
#include <stdint.h>
#include <string.h>

#include <rump/rumpdefs.h>

struct demo_sockaddr_in {
	uint8_t sin_len;
	uint8_t sin_family;
	uint16_t sin_port; /* network order */
	uint32_t sin_addr; /* network order */
	uint8_t sin_zero[8];
};

static inline uint16_t demo_htons(uint16_t v)
{
	return (uint16_t)((v << 8) | (v >> 8));
}

static inline uint32_t demo_htonl(uint32_t v)
{
	return __builtin_bswap32(v);
}

static inline struct demo_sockaddr_in demo_sockaddr(uint32_t ip, uint16_t port)
{
	struct demo_sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_len = sizeof(sa);
	sa.sin_family = RUMP_AF_INET;
	sa.sin_port = demo_htons(port);
	sa.sin_addr = demo_htonl(ip);
	return sa;
}

/* "A.B.C.D" into host order: 0, or -1 when malformed. */
int demo_parse_ipv4(const char *text, const char **end, uint32_t *ip);
/* Dotted form of a host-order address into buf (at least 16 bytes). */
void demo_format_ipv4(uint32_t ip, char *buf, size_t size);

#endif
