/* Address text forms; see rxnet/addr.h. */
#include <core/errors.h>
#include <responder/addr.h>

void mac_format(const uint8_t mac[MAC_LEN], char out[MAC_TEXT_SIZE])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < MAC_LEN; i++) {
		out[i * 3] = digits[mac[i] >> 4];
		out[i * 3 + 1] = digits[mac[i] & 15];
		out[i * 3 + 2] = i < MAC_LEN - 1 ? ':' : '\0';
	}
}

/* Parse a dotted quad at *sp, advancing *sp past it. */
static int quad_parse(const char **sp, uint32_t *ip)
{
	const char *s = *sp;
	uint32_t v = 0;

	for (int part = 0; part < 4; part++) {
		unsigned n = 0;
		int digits = 0;

		if (part > 0 && *s++ != '.')
			return RX_EINVAL;
		if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
			return RX_EINVAL;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			n = n * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || n > 255)
			return RX_EINVAL;
		v = v << 8 | n;
	}
	*sp = s;
	*ip = v;
	return 0;
}

int ipv4_addr_parse(const char *s, uint32_t *ip)
{
	uint32_t v;

	if (!s || quad_parse(&s, &v) < 0 || *s != '\0')
		return RX_EINVAL;
	*ip = v;
	return 0;
}

int ipv4_cidr_parse(const char *s, uint32_t *ip, unsigned *prefix_len)
{
	uint32_t v;
	unsigned n = 0;
	int digits = 0;

	if (!s || quad_parse(&s, &v) < 0 || *s++ != '/')
		return RX_EINVAL;
	while (*s >= '0' && *s <= '9' && digits < 3) {
		n = n * 10 + (unsigned)(*s++ - '0');
		digits++;
	}
	if (digits == 0 || n > 32 || *s != '\0')
		return RX_EINVAL;
	*ip = v;
	*prefix_len = n;
	return 0;
}

void ipv4_format(uint32_t ip, char out[IPV4_TEXT_SIZE])
{
	char *p = out;

	for (int part = 3; part >= 0; part--) {
		unsigned n = (ip >> (part * 8)) & 255;

		if (n >= 100)
			*p++ = (char)('0' + n / 100);
		if (n >= 10)
			*p++ = (char)('0' + n / 10 % 10);
		*p++ = (char)('0' + n % 10);
		if (part)
			*p++ = '.';
	}
	*p = '\0';
}

uint32_t ipv4_netmask(unsigned prefix_len)
{
	if (prefix_len == 0)
		return 0;
	if (prefix_len >= 32)
		return 0xffffffffu;
	return ~((1u << (32 - prefix_len)) - 1);
}
