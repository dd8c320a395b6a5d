/* Disk names xl users know, against Xen's vbd numbering (blkfront_name.c). */
#include <core/errors.h>

#include <blkfront/blkfront.h>

#include "harness.h"

static unsigned long vbd_of(const char *name)
{
	unsigned long v = 12345;
	int rc = blkfront_vbd_from_name(name, &v);
	EXPECT(rc == 0, "%s refused: %d", name, rc);
	return v;
}

static void test_known_numbers(void)
{
	/* The numbers xl writes for these disks. */
	CHECK(vbd_of("xvda") == 51712, "xvda");
	CHECK(vbd_of("xvdb") == 51728, "xvdb");
	CHECK(vbd_of("xvdp") == 51952, "xvdp, the last of the short form");
	CHECK(vbd_of("xvdq") == (1ul << 28 | 16ul << 8), "xvdq, the first of the long form");
	CHECK(vbd_of("xvdz") == (1ul << 28 | 25ul << 8), "xvdz");
	CHECK(vbd_of("xvdaa") == (1ul << 28 | 26ul << 8), "xvdaa follows xvdz");
	CHECK(vbd_of("xvdba") == (1ul << 28 | 52ul << 8), "xvdba");
}

static void test_refused(void)
{
	static const char *const bad[] = {"", "xvd", "xvda1", "xvdA", "hda", "sda", "xv",
					  "51712", "xvd-", "xvdzzzzz"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned long v = 777;
		CHECK(blkfront_vbd_from_name(bad[i], &v) == RX_EINVAL && v == 777,
		      "\"%s\" accepted or output touched", bad[i]);
	}
	CHECK(blkfront_vbd_from_name(NULL, NULL) == RX_EINVAL, "NULL");
}

static void test_matches(void)
{
	CHECK(blkfront_name_matches("51712", "xvda"), "xvda is 51712");
	CHECK(blkfront_name_matches("51728", "xvdb"), "xvdb is 51728");
	CHECK(!blkfront_name_matches("51728", "xvda"), "xvda is not 51728");
	CHECK(!blkfront_name_matches("51712", "51712"), "a number is not an xl name");
	CHECK(!blkfront_name_matches("", "xvda"), "empty vbd name");
	CHECK(!blkfront_name_matches("5171x", "xvda"), "malformed vbd name");
	CHECK(!blkfront_name_matches("99999999999999999999999", "xvda"), "overflowing vbd name");
}

int main(int argc, char **argv)
{
	harness_begin(argc, argv, "blkfront-name");
	harness_run("xl names give xl's vbd numbers", test_known_numbers);
	harness_run("other names are refused", test_refused);
	harness_run("a disk answers to its xl name", test_matches);
	return harness_end();
}
