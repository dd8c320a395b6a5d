/*
 * The demo's network: the first Xen NIC as the rump kernel's virt0
 * (virtif over netfront), configured by a DHCP exchange or statically,
 * and a one-shot TCP client.
 */
#include <sys/types.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <core/plat.h>

#include <rump/rump.h>
#include <rump/netconfig.h>
#include <rump/rump_syscalls.h>

#include "demo.h"
#include "inet.h"

#define IFNAME "virt0"
#define CONNECT_TRIES 20
#define CONNECT_RETRY_NS (500ull * 1000000ull)

int demo_net_up(const struct demo_config *cfg)
{
	char ip[16], gw[16];
	int err;

	err = rump_pub_netconfig_ifcreate(IFNAME);
	if (err)
		return -err;
	if (!cfg->ip) {
		printf("demo: %s: asking DHCP for an address\n", IFNAME);
		err = rump_pub_netconfig_dhcp_ipv4_oneshot(IFNAME);
		if (err)
			return -err;
		printf("demo: %s: configured by DHCP\n", IFNAME);
		return 0;
	}
	demo_format_ipv4(cfg->ip, ip, sizeof(ip));
	err = rump_pub_netconfig_ipv4_ifaddr_cidr(IFNAME, ip, (int)cfg->prefix_len);
	if (!err)
		err = rump_pub_netconfig_ifup(IFNAME);
	if (!err && cfg->gateway) {
		demo_format_ipv4(cfg->gateway, gw, sizeof(gw));
		err = rump_pub_netconfig_ipv4_gw(gw);
	}
	if (err)
		return -err;
	printf("demo: %s: static address %s/%u\n", IFNAME, ip, cfg->prefix_len);
	return 0;
}

static void pause_ns(uint64_t ns)
{
	struct {
		int64_t tv_sec;
		long tv_nsec;
	} ts = { 0, (long)ns };

	rump_sys_nanosleep((void *)&ts, NULL);
}

int demo_net_send(uint32_t ip, uint16_t port, const char *data, size_t len)
{
	struct demo_sockaddr_in sa = demo_sockaddr(ip, port);
	int so = -1, err = -RUMP_ECONNREFUSED;

	/* The peer may not be listening yet: retry a refused connection. */
	for (int i = 0; i < CONNECT_TRIES && err == -RUMP_ECONNREFUSED; i++) {
		if (i > 0)
			pause_ns(CONNECT_RETRY_NS);
		so = rump_sys_socket(RUMP_PF_INET, RUMP_SOCK_STREAM, 0);
		if (so < 0)
			return demo_errno();
		if (rump_sys_connect(so, (const void *)&sa, sizeof(sa)) == 0) {
			err = 0;
			break;
		}
		err = demo_errno();
		rump_sys_close(so);
		so = -1;
	}
	if (err < 0)
		return err;
	while (len > 0) {
		ssize_t n = rump_sys_write(so, data, len);
		if (n <= 0) {
			err = n < 0 ? demo_errno() : -RUMP_EIO;
			break;
		}
		data += n;
		len -= (size_t)n;
	}
	if (rump_sys_close(so) < 0 && err == 0)
		err = demo_errno();
	return err;
}
