/* The xenstore "mac" value of a vif; see rxen/netfront.h. */
#include <core/errors.h>
#include <rxen/netfront.h>

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int netfront_mac_parse(const char *text, uint8_t mac[NETFRONT_MAC_LEN])
{
	uint8_t tmp[NETFRONT_MAC_LEN];
	const char *s = text;

	if (!s)
		return RX_EINVAL;
	for (int i = 0; i < NETFRONT_MAC_LEN; i++) {
		int hi = hex_digit(s[0]);
		int lo = hi < 0 ? -1 : hex_digit(s[1]);

		if (lo < 0)
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
