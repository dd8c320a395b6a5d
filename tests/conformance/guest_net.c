/*
 * Guest-only test of the Xen network backend under the virtif
 * hypercalls. Boot with one vif on a bridge where 10.0.0.1 answers ARP,
 * its MAC given as the argument after "net" (aa:bb:cc:dd:ee:ff): the
 * interface must report that MAC, send an ARP request, and the reply
 * must reach the kernel entry point with a CPU and an lwp.
 */
#include "suite.h"

#include "rumpuser_net.h"
#include "rumpuser_virtif.h"
#include "backends/xen/rumpuser_xen.h"

struct virtif_sc {
	int unit;
};

extern int conf_arp_replies; /* counted by the kernel stand-in (test_virtif.c) */
uint8_t conf_net_expected_mac[6];

static void t_net_arp(struct lwp *self)
{
	static struct virtif_sc sc;
	struct virtif_user *viu;
	uint8_t mac[6] = {0};
	unsigned char hdr[14], arp[28];
	static const unsigned char our_ip[4] = {10, 0, 0, 70}, dom0_ip[4] = {10, 0, 0, 1};
	struct rumpuser_iovec frame[2] = {{hdr, sizeof(hdr)}, {arp, sizeof(arp)}};

	(void)self;
	CHECK_EQ(rumpuser_net_register(NULL, NULL), 0);
	CHECK_EQ(rumpuser__xen_net_register(), 0);
	CHECK_EQ(rumpcomp_virt_create("0", &sc, mac, &viu), 0);
	for (int i = 0; i < 6; i++)
		CHECK_EQ(mac[i], conf_net_expected_mac[i]);
	/* Ethernet: broadcast, from us, ARP */
	for (int i = 0; i < 6; i++) {
		hdr[i] = 0xff;
		hdr[6 + i] = mac[i];
	}
	hdr[12] = 0x08;
	hdr[13] = 0x06;
	/* ARP request: Ethernet/IPv4, who has 10.0.0.1, tell 10.0.0.70 */
	static const unsigned char fixed[8] = {0, 1, 8, 0, 6, 4, 0, 1};
	for (int i = 0; i < 8; i++)
		arp[i] = fixed[i];
	for (int i = 0; i < 6; i++) {
		arp[8 + i] = mac[i];
		arp[18 + i] = 0;
	}
	for (int i = 0; i < 4; i++) {
		arp[14 + i] = our_ip[i];
		arp[24 + i] = dom0_ip[i];
	}
	conf_arp_replies = 0;
	for (int tries = 0; tries < 50 && conf_arp_replies == 0; tries++) {
		if (tries % 10 == 0)
			rumpcomp_virt_send(viu, frame, 2);
		conf_sleep_ms(100);
	}
	CHECK(conf_arp_replies > 0);
	CHECK_EQ(rumpcomp_virt_dying(viu), 0);
	rumpcomp_virt_destroy(viu);
	CHECK_EQ(rumpuser_net_register(NULL, NULL), 0);
}

const struct conf_test conf_xen_net_tests[] = {
    {"xen net: virtif gets the vif MAC, ARP request answered through the kernel entry", t_net_arp},
    {NULL, NULL},
};
