/*
 * Text forms of link and network addresses, as they appear in xenstore
 * ("00:16:3e:12:34:56") and in the guest configuration
 * ("net.ip=10.0.0.2/24"). Parsers accept exactly one address and
 * nothing else: trailing characters, missing parts and out-of-range
 * numbers give RX_EINVAL and leave the output untouched.
 */
#ifndef RXNET_ADDR_H
#define RXNET_ADDR_H

#include <stddef.h>
#include <stdint.h>

#define MAC_LEN 6
/* "xx:xx:xx:xx:xx:xx" plus the terminating zero. */
#define MAC_TEXT_SIZE 18
/* "255.255.255.255" plus the terminating zero. */
#define IPV4_TEXT_SIZE 16

/* (Parsing MAC text is the driver's job: netfront_mac_parse.) */
void mac_format(const uint8_t mac[MAC_LEN], char out[MAC_TEXT_SIZE]);

/* Dotted quad, each part 0..255 in decimal without leading zeros
 * (so "010" is refused rather than guessed as octal). ip is host order. */
int ipv4_addr_parse(const char *s, uint32_t *ip);
/* Dotted quad with a "/N" prefix length (0..32). */
int ipv4_cidr_parse(const char *s, uint32_t *ip, unsigned *prefix_len);
void ipv4_format(uint32_t ip, char out[IPV4_TEXT_SIZE]);

/* Netmask for a prefix length 0..32, host order. */
uint32_t ipv4_netmask(unsigned prefix_len);

#endif
