/*
 * The rumpxen demo application: boot a rump kernel, mount the FFS image
 * on the first disk, show and change it, bring up the NIC and serve the
 * disk's files over HTTP until asked to stop, then unmount and exit 0.
 *
 * Settings (configuration keys: -e KEY=VALUE or guest command-line words):
 *   ip=A.B.C.D/N          static address of the NIC (default: DHCP)
 *   gateway=A.B.C.D       default route (static address only)
 *   http_port=N           HTTP port (default 80)
 *   max_requests=N        stop after N requests (default 0: only on
 *                         GET /shutdown)
 *   send_to=A.B.C.D:PORT  after the NIC is up, connect there and send
 *                         the disk listing (a TCP client check)
 * Exit status: see enum demo_status in demo.h.
 */
#include <sys/types.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <core/config.h>
#include <core/plat.h>

#include <rump/rump.h>

#include "demo.h"
#include "inet.h"

#define README_NAME "hello.txt"
#define WRITTEN_TEXT "written by the rumpxen demo through NetBSD FFS\n"

static unsigned long ms_since(uint64_t t0)
{
	return (unsigned long)((plat_monotonic_ns() - t0) / 1000000u);
}

/* Decimal number in [min, max] from key, def when unset. */
static int number_setting(const char *key, long long def, long long min, long long max,
			  long long *out)
{
	int err;
	long long v = config_get_int(key, def, &err);

	if (err || v < min || v > max) {
		printf("demo: bad %s=\"%s\" (want a number %lld..%lld)\n", key, config_get(key),
		       min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int read_config(struct demo_config *cfg)
{
	const char *text, *end;
	long long v;

	memset(cfg, 0, sizeof(*cfg));
	text = config_get("ip");
	if (text) {
		unsigned long n = 0;
		int digits = 0;

		if (demo_parse_ipv4(text, &end, &cfg->ip) < 0 || *end != '/')
			goto bad_ip;
		for (end++; *end >= '0' && *end <= '9' && digits < 3; end++, digits++)
			n = n * 10 + (unsigned long)(*end - '0');
		if (!digits || *end || n < 1 || n > 30 || cfg->ip == 0)
			goto bad_ip;
		cfg->prefix_len = (unsigned)n;
	}
	text = config_get("gateway");
	if (text) {
		if (!cfg->ip) {
			printf("demo: gateway= needs a static ip=\n");
			return -1;
		}
		if (demo_parse_ipv4(text, &end, &cfg->gateway) < 0 || *end) {
			printf("demo: bad gateway=\"%s\" (want A.B.C.D)\n", text);
			return -1;
		}
	}
	if (number_setting("http_port", 80, 1, 65535, &v) < 0)
		return -1;
	cfg->http_port = (uint16_t)v;
	if (number_setting("max_requests", 0, 0, 1000000, &v) < 0)
		return -1;
	cfg->max_requests = (long)v;
	text = config_get("send_to");
	if (text) {
		unsigned long port = 0;
		int digits = 0;

		if (demo_parse_ipv4(text, &end, &cfg->send_ip) < 0 || *end != ':' ||
		    cfg->send_ip == 0)
			goto bad_send;
		for (end++; *end >= '0' && *end <= '9' && digits < 5; end++, digits++)
			port = port * 10 + (unsigned long)(*end - '0');
		if (!digits || *end || port < 1 || port > 65535)
			goto bad_send;
		cfg->send_port = (uint16_t)port;
	}
	return 0;
bad_ip:
	printf("demo: bad ip=\"%s\" (want A.B.C.D/N, N 1..30)\n", text);
	return -1;
bad_send:
	printf("demo: bad send_to=\"%s\" (want A.B.C.D:PORT)\n", text);
	return -1;
}

/* Show the disk: listing, one file read, one file written and synced. */
static int show_disk(void)
{
	static char buf[4096];
	ssize_t n;
	int err;

	err = demo_fs_print_listing();
	if (err < 0) {
		printf("demo: cannot list %s: %s\n", DEMO_MNT, demo_strerror(err));
		return err;
	}
	n = demo_fs_read(README_NAME, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("demo: cannot read %s: %s\n", README_NAME, demo_strerror((int)n));
		return (int)n;
	}
	buf[n] = '\0';
	printf("demo: %s says: %s%s", README_NAME, buf,
	       (n > 0 && buf[n - 1] == '\n') ? "" : "\n");
	err = demo_fs_write_synced(DEMO_WRITTEN_NAME, WRITTEN_TEXT, strlen(WRITTEN_TEXT));
	if (err < 0) {
		printf("demo: cannot write %s: %s\n", DEMO_WRITTEN_NAME, demo_strerror(err));
		return err;
	}
	printf("demo: wrote and synced %s (%zu bytes)\n", DEMO_WRITTEN_NAME,
	       strlen(WRITTEN_TEXT));
	return 0;
}

static int send_listing(const struct demo_config *cfg)
{
	static char listing[8192];
	char ip[16];
	ssize_t n = demo_fs_listing(listing, sizeof(listing));
	int err;

	if (n < 0) {
		printf("demo: cannot list %s: %s\n", DEMO_MNT, demo_strerror((int)n));
		return (int)n;
	}
	demo_format_ipv4(cfg->send_ip, ip, sizeof(ip));
	err = demo_net_send(cfg->send_ip, cfg->send_port, listing, (size_t)n);
	if (err < 0) {
		printf("demo: sending the listing to %s:%u failed: %s\n", ip, cfg->send_port,
		       demo_strerror(err));
		return err;
	}
	printf("demo: sent the listing (%zd bytes) to %s:%u\n", n, ip, cfg->send_port);
	return 0;
}

int main(int argc, char **argv)
{
	struct demo_config cfg;
	uint64_t t0 = plat_monotonic_ns();
	int err, status = DEMO_OK;

	(void)argc;
	(void)argv;
	if (read_config(&cfg) < 0)
		return DEMO_BAD_CONFIG;
	err = rump_init();
	if (err != 0) {
		printf("demo: rump_init failed: %s\n", demo_strerror(err));
		return DEMO_FAILED;
	}
	printf("demo: rump kernel up (rump_init returned 0 after %lu ms)\n", ms_since(t0));

	err = demo_fs_mount();
	if (err == -RUMP_ENXIO || err == -RUMP_ENOENT) {
		printf("demo: no disk (%s): attach the FFS image as the first disk "
		       "(rumpxen run -b FILE)\n",
		       demo_strerror(err));
		return DEMO_NO_DISK;
	}
	if (err < 0) {
		printf("demo: cannot mount the first disk as FFS on %s: %s\n", DEMO_MNT,
		       demo_strerror(err));
		return DEMO_FAILED;
	}
	printf("demo: FFS mounted on %s (%lu ms)\n", DEMO_MNT, ms_since(t0));
	if (show_disk() < 0)
		status = DEMO_FAILED;

	if (status == DEMO_OK) {
		err = demo_net_up(&cfg);
		if (err == -RUMP_ENXIO || err == -RUMP_ENOENT || err == -RUMP_ENODEV) {
			printf("demo: no network interface (%s): attach one "
			       "(rumpxen run -n xenbr0)\n",
			       demo_strerror(err));
			status = DEMO_NO_NIC;
		} else if (err < 0) {
			printf("demo: network setup failed: %s\n", demo_strerror(err));
			status = DEMO_FAILED;
		}
	}
	if (status == DEMO_OK && cfg.send_ip && send_listing(&cfg) < 0)
		status = DEMO_FAILED;
	if (status == DEMO_OK && demo_http_serve(&cfg) < 0)
		status = DEMO_FAILED;

	err = demo_fs_unmount();
	if (err < 0) {
		printf("demo: unmounting %s failed: %s\n", DEMO_MNT, demo_strerror(err));
		if (status == DEMO_OK)
			status = DEMO_FAILED;
	} else {
		printf("demo: %s unmounted\n", DEMO_MNT);
	}
	printf("demo: exit %d after %lu ms\n", status, ms_since(t0));
	return status;
}
