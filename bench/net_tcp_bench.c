/*
 * TCP benchmark guest on a rump kernel (NetBSD's TCP/IP over virtif
 * and netfront): accepts one connection, sinks MiB MiB from the peer,
 * then sends MiB MiB back and waits for the peer to close. dom0's
 * net-peer tcp-client is the other end and keeps the figures that
 * count; ours are printed too, timed with the platform's monotonic
 * clock:
 *   netbench tcp-sink bytes=B ns=T     first to last byte received
 *   netbench tcp-source bytes=B ns=T   writes (the last bytes may still
 *                                      be in the socket buffer)
 * Settings (-e KEY=VALUE): ip=A.B.C.D/N (required), bench_port=N
 * (default 5001), bench_mib=N (default 16; the benchmark passes 8).
 * Exit status: 0 done, 2 bad configuration, 4 no NIC, 5 a failure.
 * The NIC set-up and error texts are the demo's (demo/rump).
 */
#include <sys/types.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <core/config.h>
#include <core/plat.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "../apps/demo/rump/demo.h"
#include "../apps/demo/rump/inet.h"

#define CHUNK (64 * 1024)
#define NETBSD_SHUT_WR 1 /* shutdown(2) "how", NetBSD's <sys/socket.h> */

static char buf[CHUNK];

static int setting(const char *key, long long def, long long min, long long max, long long *out)
{
	int err;
	long long v = config_get_int(key, def, &err);

	if (err || v < min || v > max) {
		printf("netbench: bad %s=\"%s\" (want %lld..%lld)\n", key, config_get(key), min,
		       max);
		return -1;
	}
	*out = v;
	return 0;
}

/* "A.B.C.D/N" with N 1..30; -1 when malformed. */
static int parse_cidr(const char *text, uint32_t *ip, unsigned *prefix)
{
	const char *end;
	unsigned n = 0;
	int digits = 0;

	if (!text || demo_parse_ipv4(text, &end, ip) < 0 || *end != '/' || *ip == 0)
		return -1;
	for (end++; *end >= '0' && *end <= '9' && digits < 3; end++, digits++)
		n = n * 10 + (unsigned)(*end - '0');
	if (!digits || *end || n < 1 || n > 30)
		return -1;
	*prefix = n;
	return 0;
}

/* Move bytes in (out == 0) or out through so; 0 or a negative errno. */
static int move(int so, int out, unsigned long long bytes, uint64_t *first_ns)
{
	while (bytes > 0) {
		size_t want = bytes < sizeof(buf) ? (size_t)bytes : sizeof(buf);
		ssize_t n = out ? rump_sys_write(so, buf, want) : rump_sys_read(so, buf, want);
		if (n <= 0)
			return n < 0 ? demo_errno() : -RUMP_ECONNRESET;
		if (first_ns && *first_ns == 0)
			*first_ns = plat_monotonic_ns();
		bytes -= (unsigned long long)n;
	}
	return 0;
}

static int serve(uint16_t port, unsigned long long bytes)
{
	struct demo_sockaddr_in sa = demo_sockaddr(0, port);
	int one = 1, so, err;
	int ls = rump_sys_socket(RUMP_PF_INET, RUMP_SOCK_STREAM, 0);

	if (ls < 0)
		return demo_errno();
	/* Bulk transfer: start with 128 KiB socket buffers instead of 32 KiB
	 * and the slow growth of autosizing (the kernel refuses more than
	 * its sb_max of 256 KiB less the mbuf overhead). */
	int space = 128 * 1024;
	if (rump_sys_setsockopt(ls, RUMP_SOL_SOCKET, RUMP_SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    rump_sys_setsockopt(ls, RUMP_SOL_SOCKET, RUMP_SO_SNDBUF, &space, sizeof(space)) < 0 ||
	    rump_sys_setsockopt(ls, RUMP_SOL_SOCKET, RUMP_SO_RCVBUF, &space, sizeof(space)) < 0 ||
	    rump_sys_bind(ls, (const void *)&sa, sizeof(sa)) < 0 || rump_sys_listen(ls, 1) < 0) {
		err = demo_errno();
		rump_sys_close(ls);
		return err;
	}
	printf("netbench: listening on port %u\n", port);
	so = rump_sys_accept(ls, NULL, NULL);
	rump_sys_close(ls);
	if (so < 0)
		return demo_errno();
	uint64_t first = 0;
	err = move(so, 0, bytes, &first);
	uint64_t t1 = plat_monotonic_ns();
	if (!err)
		err = move(so, 1, bytes, NULL);
	uint64_t t2 = plat_monotonic_ns();
	/* The last bytes may still be in the socket buffer: end our side
	 * and wait for the peer's close (it closes once it has them all),
	 * or the guest could exit before they left. */
	if (!err && rump_sys_shutdown(so, NETBSD_SHUT_WR) < 0)
		err = demo_errno();
	while (!err && rump_sys_read(so, buf, sizeof(buf)) > 0)
		;
	if (rump_sys_close(so) < 0 && !err)
		err = demo_errno();
	if (err)
		return err;
	printf("netbench tcp-sink bytes=%llu ns=%llu\n", bytes, (unsigned long long)(t1 - first));
	printf("netbench tcp-source bytes=%llu ns=%llu\n", bytes, (unsigned long long)(t2 - t1));
	return 0;
}

int main(void)
{
	struct demo_config cfg;
	long long port, mib;
	int err;

	memset(&cfg, 0, sizeof(cfg));
	if (parse_cidr(config_get("ip"), &cfg.ip, &cfg.prefix_len) < 0) {
		printf("netbench: set ip=A.B.C.D/N (N 1..30); got \"%s\"\n",
		       config_get("ip") ? config_get("ip") : "");
		return DEMO_BAD_CONFIG;
	}
	if (setting("bench_port", 5001, 1, 65535, &port) < 0 ||
	    setting("bench_mib", 16, 1, 4096, &mib) < 0)
		return DEMO_BAD_CONFIG;
	err = rump_init();
	if (err != 0) {
		printf("netbench: rump_init failed: %s\n", demo_strerror(err));
		return DEMO_FAILED;
	}
	err = demo_net_up(&cfg);
	if (err == -RUMP_ENXIO || err == -RUMP_ENOENT || err == -RUMP_ENODEV) {
		printf("netbench: no network interface (%s)\n", demo_strerror(err));
		return DEMO_NO_NIC;
	}
	if (err < 0) {
		printf("netbench: network set-up failed: %s\n", demo_strerror(err));
		return DEMO_FAILED;
	}
	err = serve((uint16_t)port, (unsigned long long)mib * 1024 * 1024);
	if (err < 0) {
		printf("netbench: TCP transfer failed: %s\n", demo_strerror(err));
		return DEMO_FAILED;
	}
	return 0;
}
