/* Dotted-quad IPv4 text, both ways. */
#include <stdio.h>

#include "inet.h"

int demo_parse_ipv4(const char *text, const char **end, uint32_t *ip)
{
	uint32_t v = 0;

	for (int part = 0; part < 4; part++) {
		unsigned n = 0;
		int digits = 0;

		if (part > 0 && *text++ != '.')
			return -1;
		for (; *text >= '0' && *text <= '9'; text++) {
			n = n * 10 + (unsigned)(*text - '0');
			if (++digits > 3 || n > 255)
				return -1;
		}
		if (!digits)
			return -1;
		v = (v << 8) | n;
	}
	*ip = v;
	*end = text;
	return 0;
}

void demo_format_ipv4(uint32_t ip, char *buf, size_t size)
{
	snprintf(buf, size, "%u.%u.%u.%u", (unsigned)(ip >> 24), (unsigned)(ip >> 16) & 255,
		 (unsigned)(ip >> 8) & 255, (unsigned)ip & 255);
}
