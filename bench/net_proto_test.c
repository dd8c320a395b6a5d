/*
 * Host test of the network benchmark's frame format (net_proto.h): a
 * frame built with nb_frame_header parses back to its kind and seq, and
 * anything else is refused (kind 0) without reading past its length.
 */
#include <stdio.h>
#include <string.h>

#include "net_proto.h"

static int failures;

static void check(int cond, const char *name)
{
	printf("%s - net_proto: %s\n", cond ? "ok" : "not ok", name);
	if (!cond)
		failures++;
}

int main(void)
{
	static const uint8_t dst[6] = {0x00, 0x16, 0x3e, 1, 2, 3}, src[6] = {2, 0, 0, 0, 0, 9};
	uint8_t f[NB_MIN_FRAME];
	uint32_t seq = 0;

	memset(f, 0xa5, sizeof(f));
	nb_frame_header(f, dst, src, NB_DATA, 0xfedcba98u);
	check(nb_frame_kind(f, sizeof(f), &seq) == NB_DATA && seq == 0xfedcba98u,
	      "DATA frame round trip keeps kind and seq");
	check(memcmp(f, dst, 6) == 0 && memcmp(f + 6, src, 6) == 0, "addresses in place");
	check(f[12] == 0x88 && f[13] == 0xb5, "ethertype 0x88b5, big-endian");
	check(f[NB_HEADER] == 0xa5, "filler after the header untouched");
	nb_frame_header(f, dst, src, NB_END, 7);
	check(nb_frame_kind(f, NB_HEADER, &seq) == NB_END && seq == 7,
	      "a frame of exactly the header length parses");
	seq = 99;
	check(nb_frame_kind(f, NB_HEADER - 1, &seq) == 0 && seq == 99,
	      "short frame refused, seq untouched");
	f[13] = 0x00;
	check(nb_frame_kind(f, sizeof(f), &seq) == 0, "other ethertype refused");
	nb_frame_header(f, dst, src, NB_GO, 0);
	f[NB_ETH_HEADER + 3] ^= 1;
	check(nb_frame_kind(f, sizeof(f), &seq) == 0, "wrong magic refused");
	nb_frame_header(f, dst, src, NB_GO, 0);
	f[NB_ETH_HEADER + 4] = 0;
	check(nb_frame_kind(f, sizeof(f), &seq) == 0, "kind 0 refused");
	f[NB_ETH_HEADER + 4] = NB_END + 1;
	check(nb_frame_kind(f, sizeof(f), &seq) == 0, "unknown kind refused");
	return failures ? 1 : 0;
}
