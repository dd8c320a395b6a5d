/*
 * Fuzz target: address text from xenstore and the configuration: the
 * vif "mac" value (platform/xen/netfront/netfront_mac.c) and IPv4
 * addresses with and without a prefix length (apps/responder/addr.c).
 *
 * The input up to its first NUL is the text given to every parser; the
 * bytes after it are a MAC address, an IPv4 address and a prefix length
 * for the formatting round trips.
 *
 * Invariants: each parser accepts exactly the texts of its documented
 * form (checked against a model); what it accepts formats back to the
 * same text (MAC in lower case); a refused text leaves the outputs
 * untouched; every formatted address parses back to itself; netmasks
 * have exactly prefix_len leading one bits.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <core/errors.h>
#include <netfront/netfront.h>
#include <responder/addr.h>

#include "../fuzz_check.h"

/* "xx:xx:xx:xx:xx:xx", hex digits of either case. */
static bool mac_model(const char *s)
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* One decimal part of a dotted quad at s: 0..255, no leading zero;
 * returns its length, 0 when there is none. */
static size_t quad_part(const char *s)
{
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
		return 0;
	return atoi(s) <= 255 ? n : 0;
}

/* Length of the dotted quad at the start of s, 0 when there is none. */
static size_t quad_model(const char *s)
{
	size_t pos = 0;
	for (int part = 0; part < 4; part++) {
		if (part > 0 && s[pos++] != '.')
			return 0;
		size_t n = quad_part(s + pos);
		if (n == 0)
			return 0;
		pos += n;
	}
	return pos;
}

static void check_mac(const char *text)
{
	uint8_t mac[NETFRONT_MAC_LEN];
	memset(mac, 0xa5, sizeof(mac));
	int rc = netfront_mac_parse(text, mac);
	FUZZ_CHECK(rc == (mac_model(text) ? 0 : RX_EINVAL), "mac %s gave %d", text, rc);
	if (rc) {
		for (int i = 0; i < NETFRONT_MAC_LEN; i++)
			FUZZ_CHECK(mac[i] == 0xa5, "refused mac %s changed the output", text);
		return;
	}
	char back[MAC_TEXT_SIZE];
	mac_format(mac, back);
	for (int i = 0; i < MAC_TEXT_SIZE; i++)
		FUZZ_CHECK(back[i] == tolower((unsigned char)text[i]), "mac %s formats as %s", text,
			   back);
}

static void check_ipv4(const char *text)
{
	uint32_t ip = 0x5a5a5a5a;
	unsigned plen = 77;
	size_t q = quad_model(text);

	int rc = ipv4_addr_parse(text, &ip);
	FUZZ_CHECK(rc == (q && text[q] == '\0' ? 0 : RX_EINVAL), "ipv4 %s gave %d", text, rc);
	if (rc) {
		FUZZ_CHECK(ip == 0x5a5a5a5a, "refused ipv4 %s changed the output", text);
	} else {
		char back[IPV4_TEXT_SIZE];
		ipv4_format(ip, back);
		FUZZ_CHECK(strcmp(back, text) == 0, "ipv4 %s formats as %s", text, back);
	}

	/* With a prefix length: 1..3 decimal digits, at most 32. */
	bool ok = q && text[q] == '/';
	if (ok) {
		const char *p = text + q + 1;
		size_t n = strspn(p, "0123456789");
		ok = n >= 1 && n <= 3 && p[n] == '\0' && atoi(p) <= 32;
	}
	ip = 0x5a5a5a5a;
	rc = ipv4_cidr_parse(text, &ip, &plen);
	FUZZ_CHECK(rc == (ok ? 0 : RX_EINVAL), "cidr %s gave %d", text, rc);
	if (rc) {
		FUZZ_CHECK(ip == 0x5a5a5a5a && plen == 77, "refused cidr %s changed the output",
			   text);
	} else {
		char back[IPV4_TEXT_SIZE + 4];
		ipv4_format(ip, back);
		snprintf(back + strlen(back), 5, "/%u", plen);
		FUZZ_CHECK(plen <= 32 && strncmp(back, text, q + 1) == 0 &&
			       (unsigned)atoi(text + q + 1) == plen,
			   "cidr %s formats as %s", text, back);
	}
}

static void check_formats(const uint8_t mac[NETFRONT_MAC_LEN], uint32_t ip, unsigned plen)
{
	char text[MAC_TEXT_SIZE];
	uint8_t back[NETFRONT_MAC_LEN];
	mac_format(mac, text);
	FUZZ_CHECK(netfront_mac_parse(text, back) == 0 && memcmp(back, mac, sizeof(back)) == 0,
		   "formatted mac %s does not parse back", text);

	char ipt[IPV4_TEXT_SIZE];
	uint32_t ipback = 0;
	ipv4_format(ip, ipt);
	FUZZ_CHECK(ipv4_addr_parse(ipt, &ipback) == 0 && ipback == ip,
		   "formatted ipv4 %s does not parse back", ipt);

	uint32_t mask = ipv4_netmask(plen);
	FUZZ_CHECK((unsigned)__builtin_popcount(mask) == plen &&
		       (plen == 0 || (uint32_t)(mask << (plen - 1)) == 0x80000000u) &&
		       (plen == 32 || (mask & (0xffffffffu >> plen)) == 0),
		   "netmask of /%u is %08x", plen, mask);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	char *text = fuzz_string(&in);
	if (!text)
		return 0;
	check_mac(text);
	check_ipv4(text);
	free(text);

	uint8_t mac[NETFRONT_MAC_LEN];
	for (int i = 0; i < NETFRONT_MAC_LEN; i++)
		mac[i] = fuzz_u8(&in);
	uint32_t ip = fuzz_u32(&in);
	check_formats(mac, ip, fuzz_u8(&in) % 33);
	return 0;
}
