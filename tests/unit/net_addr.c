/* IPv4 address parsing and formatting, including the inputs that must fail. */
#include <stdint.h>
#include <string.h>

#include <core/errors.h>
#include <responder/addr.h>

#include "../net/harness.h"

static const uint8_t mac_expect[6] = {0x00, 0x16, 0x3e, 0xab, 0xcd, 0xef};

int main(void)
{
	char text[MAC_TEXT_SIZE], ipt[IPV4_TEXT_SIZE];
	uint32_t ip = 0x11111111;
	unsigned prefix = 99;
	static const char *bad_ips[] = {
	    "",		 "10.0.0",  "10.0.0.2.",  "10.0.0.256", "10..0.2",   "010.0.0.2",
	    "10.0.0.2x", "a.b.c.d", "1000.0.0.1", " 10.0.0.2",	"10.0.0.-1",
	};
	static const char *bad_cidrs[] = {
	    "10.0.0.2",	   "10.0.0.2/", "10.0.0.2/33",	 "10.0.0.2/24x",
	    "10.0.0.2/-1", "/24",	"10.0.0.2/1000",
	};
	char name[64];

	mac_format(mac_expect, text);
	EXPECT("mac_format", strcmp(text, "00:16:3e:ab:cd:ef") == 0);

	EXPECT_EQ("ipv4_parse", ipv4_addr_parse("10.0.0.2", &ip), 0);
	EXPECT_EQ("ipv4_parse_value", ip, 0x0a000002);
	EXPECT_EQ("ipv4_parse_extremes", ipv4_addr_parse("255.0.255.0", &ip), 0);
	EXPECT_EQ("ipv4_parse_extremes_value", ip, 0xff00ff00);
	for (size_t i = 0; i < sizeof(bad_ips) / sizeof(bad_ips[0]); i++) {
		ip = 0x12345678;
		snprintf(name, sizeof(name), "ipv4_parse_rejects_%zu", i);
		EXPECT_EQ(name, ipv4_addr_parse(bad_ips[i], &ip), RX_EINVAL);
		snprintf(name, sizeof(name), "ipv4_parse_rejects_%zu_untouched", i);
		EXPECT_EQ(name, ip, 0x12345678);
	}

	EXPECT_EQ("cidr_parse", ipv4_cidr_parse("10.0.0.2/24", &ip, &prefix), 0);
	EXPECT("cidr_parse_value", ip == 0x0a000002 && prefix == 24);
	EXPECT_EQ("cidr_parse_zero_prefix", ipv4_cidr_parse("0.0.0.0/0", &ip, &prefix), 0);
	EXPECT("cidr_parse_zero_prefix_value", ip == 0 && prefix == 0);
	for (size_t i = 0; i < sizeof(bad_cidrs) / sizeof(bad_cidrs[0]); i++) {
		snprintf(name, sizeof(name), "cidr_parse_rejects_%zu", i);
		EXPECT_EQ(name, ipv4_cidr_parse(bad_cidrs[i], &ip, &prefix), RX_EINVAL);
	}

	ipv4_format(0x0a000002, ipt);
	EXPECT("ipv4_format", strcmp(ipt, "10.0.0.2") == 0);
	ipv4_format(0xff6409c8, ipt);
	EXPECT("ipv4_format_wide", strcmp(ipt, "255.100.9.200") == 0);
	EXPECT_EQ("netmask_24", ipv4_netmask(24), 0xffffff00);
	EXPECT_EQ("netmask_0", ipv4_netmask(0), 0);
	EXPECT_EQ("netmask_32", ipv4_netmask(32), 0xffffffff);
	return HARNESS_RESULT();
}
