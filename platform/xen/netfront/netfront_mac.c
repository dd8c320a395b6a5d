/* The xenstore "mac" value of a vif; see netfront/netfront.h. */
#include <core/digits.h>
#include <core/errors.h>
#include <netfront/netfront.h>

int netfront_mac_parse(const char *text, uint8_t mac[NETFRONT_MAC_LEN])
{
	uint8_t tmp[NETFRONT_MAC_LEN];
	const char *s = text;

	if (!s)
		return RX_EINVAL;
	for (int i = 0; i < NETFRONT_MAC_LEN; i++) {
		unsigned hi = digit_value(s[0]);
		unsigned lo = hi < 16 ? digit_value(s[1]) : DIGIT_NONE;

		if (lo >= 16)
			return RX_EINVAL;
		tmp[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (i < NETFRONT_MAC_LEN - 1 && *s++ != ':')
			return RX_EINVAL;
	}
	if (*s != '\0')
		return RX_EINVAL;
	for (int i = 0; i < NETFRONT_MAC_LEN; i++)
		mac[i] = tmp[i];
	return 0;
}
