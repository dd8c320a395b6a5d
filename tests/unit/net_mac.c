/* The vif "mac" parser of netfront, on the host: good and malformed. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <core/errors.h>
#include <netfront/netfront.h>

#include "../net/harness.h"

static const uint8_t want[6] = {0x00, 0x16, 0x3e, 0xab, 0xcd, 0xef};

int main(void)
{
	static const char *bad[] = {
	    "",
	    "00:16:3e:ab:cd",
	    "00:16:3e:ab:cd:ef:",
	    "00:16:3e:ab:cd:eg",
	    "0:16:3e:ab:cd:ef",
	    "00-16-3e-ab-cd-ef",
	    "00:16:3e:ab:cd:ef ",
	    "00:16:3e:ab:cd:efa",
	    "001:6:3e:ab:cd:ef",
	    " 00:16:3e:ab:cd:ef",
	    "00:16:3e:ab:cd:e",
	    "zz:16:3e:ab:cd:ef",
	};
	uint8_t mac[6];
	char name[64];

	EXPECT_EQ("mac_parse_lower", netfront_mac_parse("00:16:3e:ab:cd:ef", mac), 0);
	EXPECT("mac_parse_lower_value", memcmp(mac, want, 6) == 0);
	memset(mac, 0, sizeof(mac));
	EXPECT_EQ("mac_parse_upper", netfront_mac_parse("00:16:3E:AB:CD:EF", mac), 0);
	EXPECT("mac_parse_upper_value", memcmp(mac, want, 6) == 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(mac, 0x5a, sizeof(mac));
		snprintf(name, sizeof(name), "mac_parse_rejects_%zu", i);
		EXPECT_EQ(name, netfront_mac_parse(bad[i], mac), RX_EINVAL);
		snprintf(name, sizeof(name), "mac_parse_rejects_%zu_untouched", i);
		EXPECT(name, mac[0] == 0x5a && mac[5] == 0x5a);
	}
	EXPECT_EQ("mac_parse_null", netfront_mac_parse(NULL, mac), RX_EINVAL);
	return HARNESS_RESULT();
}
