/* Internet checksum against worked examples and properties. */
#include <stdint.h>
#include <string.h>

#include <responder/checksum.h>

#include "../net/harness.h"

int main(void)
{
	/* RFC 1071 section 3 example: words 0001 f203 f4f5 f6f7 sum to
	 * ddf2, so the checksum is ~ddf2 = 220d. */
	static const uint8_t rfc[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	/* A real IPv4 header (checksum b861 in place). */
	static const uint8_t hdr[] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
				      0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
	uint8_t hdr0[sizeof(hdr)];
	uint8_t odd[] = {0x12, 0x34, 0x56};
	uint8_t big[1500];

	EXPECT_EQ("checksum_rfc1071_example", inet_checksum(rfc, sizeof(rfc)), 0x220d);
	EXPECT_EQ("checksum_valid_header_sums_to_zero", inet_checksum(hdr, sizeof(hdr)), 0);
	memcpy(hdr0, hdr, sizeof(hdr));
	hdr0[10] = hdr0[11] = 0;
	EXPECT_EQ("checksum_computes_header_field", inet_checksum(hdr0, sizeof(hdr0)), 0xb861);
	/* Odd length pads with a zero byte: 1234 + 5600 = 6834. */
	EXPECT_EQ("checksum_odd_length_pads", inet_checksum(odd, sizeof(odd)), (uint16_t)~0x6834);
	EXPECT_EQ("checksum_empty_is_ffff", inet_checksum(odd, 0), 0xffff);
	/* All ones: carries must wrap around many times. */
	memset(big, 0xff, sizeof(big));
	EXPECT_EQ("checksum_end_around_carry", inet_checksum(big, sizeof(big)), 0);
	/* Splitting at an even offset gives the same result. */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + 3);
	EXPECT_EQ("checksum_split_equals_whole",
		  inet_sum_finish(inet_sum_add(inet_sum_add(0, big, 600), big + 600, 899)),
		  inet_checksum(big, 1499));
	return HARNESS_RESULT();
}
