/*
 * net-peer: the Linux end of the network benchmark, a static program
 * run in dom0 and inside the Linux PV guest. Raw frames use the
 * protocol of net_proto.h over an AF_PACKET socket; TCP uses plain
 * sockets. Times come from CLOCK_MONOTONIC.
 *
 * dom0 roles (they start a run; PEER is the guest's MAC):
 *   count IFACE PEER WAIT_S          GO until DATA arrives, count DATA
 *       -> netpeer count frames=N bytes=B ns=T sent=S
 *   blast IFACE PEER SIZE SECONDS WAIT_S   GO until READY, send DATA
 *       -> netpeer blast frames=N bytes=B ns=T errors=E
 *   tcp-client IP PORT MIB WAIT_S    send MIB MiB, then read MIB MiB
 *       -> netpeer tcp-up bytes=B ns=T, netpeer tcp-down bytes=B ns=T
 * Linux-guest roles (the same figures our guest prints):
 *   tx IFACE SIZE COUNT WAIT_S       -> netbench tx frames= bytes= ns= drops=
 *   rx IFACE WAIT_S QUIET_MS         -> netbench rx frames= bytes= ns= sent=
 *   tcp-serve PORT MIB WAIT_S        accept one connection, sink MIB MiB,
 *                                    send MIB MiB
 *       -> netbench tcp-sink bytes= ns=, netbench tcp-source bytes= ns=
 * Exit status: 0 measured, 1 no peer or a failure, 2 bad arguments.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net_proto.h"

#define MS 1000000ull
#define SEC (1000ull * MS)
#define MIB (1024ull * 1024ull)
#define TCP_CHUNK (64 * 1024)

struct link {
	const char *ifname;
	int fd;
	int ifindex;
	uint8_t mac[6];
	uint8_t peer[6];
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * SEC + (uint64_t)ts.tv_nsec;
}

static int die(const char *what)
{
	fprintf(stderr, "net-peer: %s: %s\n", what, strerror(errno));
	return 1;
}

/* A whole number in [min, max], or exit 2 saying which argument. */
static unsigned long long number(const char *text, const char *name, unsigned long long min,
				 unsigned long long max)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v < min || v > max) {
		fprintf(stderr, "net-peer: bad %s \"%s\" (want %llu..%llu)\n", name, text, min,
			max);
		exit(2);
	}
	return v;
}

static void parse_mac(const char *text, uint8_t mac[6])
{
	unsigned v[6];
	char extra;
	if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		   &extra) != 6) {
		fprintf(stderr, "net-peer: bad MAC \"%s\" (want xx:xx:xx:xx:xx:xx)\n", text);
		exit(2);
	}
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
}

/* A bridge takes the lowest MAC of its ports, so xenbr0's address can
 * change when the guest's vif joins: read it again before every GO. */
static int link_read_mac(struct link *l)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, l->ifname);
	if (ioctl(l->fd, SIOCGIFHWADDR, &ifr) < 0)
		return die("SIOCGIFHWADDR");
	memcpy(l->mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

static int link_open(struct link *l, const char *ifname)
{
	struct ifreq ifr;
	struct sockaddr_ll sll;
	int big = 8 << 20;

	if (strlen(ifname) >= sizeof(ifr.ifr_name)) {
		fprintf(stderr, "net-peer: interface name \"%s\" too long\n", ifname);
		return 2;
	}
	l->ifname = ifname;
	l->fd = socket(AF_PACKET, SOCK_RAW, htons(NB_ETHERTYPE));
	if (l->fd < 0)
		return die("AF_PACKET socket");
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, ifname);
	if (ioctl(l->fd, SIOCGIFINDEX, &ifr) < 0)
		return die(ifname);
	l->ifindex = ifr.ifr_ifindex;
	if (link_read_mac(l))
		return 1;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(NB_ETHERTYPE);
	sll.sll_ifindex = l->ifindex;
	if (bind(l->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return die("bind");
	/* Root may exceed the default limits; a flood must not overflow us. */
	if (setsockopt(l->fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)) < 0)
		setsockopt(l->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	return 0;
}

/* Send one of our frames to the peer: 0, or -errno. */
static int link_send(struct link *l, uint8_t *frame, size_t size, enum nb_kind kind, uint32_t seq)
{
	nb_frame_header(frame, l->peer, l->mac, kind, seq);
	return send(l->fd, frame, size, 0) < 0 ? -errno : 0;
}

/* Receive one of our frames within timeout_ms: its kind (source MAC in
 * src, length in *len), 0 on timeout, -1 on failure (said on stderr).
 * Our own outgoing frames, which AF_PACKET shows too, are skipped. */
static int link_recv(struct link *l, uint8_t *buf, size_t cap, int timeout_ms, size_t *len,
		     uint32_t *seq)
{
	struct pollfd p = {.fd = l->fd, .events = POLLIN};
	for (;;) {
		int r = poll(&p, 1, timeout_ms);
		if (r < 0)
			return errno == EINTR ? 0 : -die("receive");
		if (r == 0)
			return 0;
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		ssize_t n =
		    recvfrom(l->fd, buf, cap, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -die("receive");
		}
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		int kind = nb_frame_kind(buf, (size_t)n, seq);
		if (kind) {
			*len = (size_t)n;
			return kind;
		}
	}
}

static int role_count(struct link *l, unsigned wait_s)
{
	uint8_t buf[2048], go[NB_MIN_FRAME] = {0};
	uint64_t deadline = now_ns() + wait_s * SEC, last_go = 0, first = 0, last = 0;
	unsigned long long frames = 0, bytes = 0;
	long long sent = -1;

	for (;;) {
		uint64_t t = now_ns();
		if (frames == 0 && t - last_go >= NB_GO_INTERVAL_NS) {
			if (link_read_mac(l))
				return 1;
			link_send(l, go, sizeof(go), NB_GO, 0);
			last_go = t;
		}
		if (frames == 0 && t > deadline) {
			fprintf(stderr, "net-peer: count: no DATA within %u s\n", wait_s);
			return 1;
		}
		/* A quiet second after DATA ends the run (the END may be lost). */
		if (frames > 0 && t - last > SEC)
			break;
		size_t len;
		uint32_t seq;
		int kind = link_recv(l, buf, sizeof(buf), 50, &len, &seq);
		if (kind < 0)
			return 1;
		if (kind == NB_DATA) {
			last = now_ns();
			if (frames++ == 0)
				first = last;
			bytes += len;
		} else if (kind == NB_END && frames > 0) {
			sent = seq;
			break;
		}
	}
	printf("netpeer count frames=%llu bytes=%llu ns=%llu sent=%lld\n", frames, bytes,
	       (unsigned long long)(last - first), sent);
	return 0;
}

/* Send GO until the peer answers READY. */
static int await_ready(struct link *l, unsigned wait_s)
{
	uint8_t buf[2048], go[NB_MIN_FRAME] = {0};
	uint64_t deadline = now_ns() + wait_s * SEC;

	while (now_ns() < deadline) {
		size_t len;
		uint32_t seq;
		if (link_read_mac(l))
			return 1;
		link_send(l, go, sizeof(go), NB_GO, 0);
		uint64_t next = now_ns() + NB_GO_INTERVAL_NS;
		int kind;
		while ((kind = link_recv(l, buf, sizeof(buf), 20, &len, &seq)) >= 0) {
			if (kind == NB_READY && memcmp(buf + 6, l->peer, 6) == 0)
				return 0;
			if (now_ns() >= next)
				break;
		}
		if (kind < 0)
			return 1;
	}
	fprintf(stderr, "net-peer: blast: no READY within %u s\n", wait_s);
	return 1;
}

/* Send DATA frames: count of them, or for `seconds` when count is 0.
 * Prints the figure line with the given prefix. */
static void send_data(struct link *l, const char *prefix, size_t size, unsigned long long count,
		      unsigned seconds)
{
	static uint8_t frame[NB_MAX_FRAME];
	unsigned long long sent = 0, errors = 0;
	uint64_t t0 = now_ns(), end = t0 + seconds * SEC, t = t0;

	for (size_t i = NB_HEADER; i < size; i++)
		frame[i] = (uint8_t)(i * 7);
	for (unsigned long long seq = 0; count ? seq < count : t < end; seq++) {
		int err = link_send(l, frame, size, NB_DATA, (uint32_t)seq);
		if (err == 0) {
			sent++;
		} else {
			/* A full device queue: the frame is lost; let it drain. */
			errors++;
			usleep(100);
		}
		if ((seq & 63) == 0)
			t = now_ns();
	}
	uint64_t ns = now_ns() - t0;
	for (int i = 0; i < NB_END_COPIES; i++) {
		link_send(l, frame, NB_MIN_FRAME, NB_END, (uint32_t)sent);
		usleep(20000);
	}
	printf("%s frames=%llu bytes=%llu ns=%llu %s=%llu\n", prefix, sent,
	       sent * (unsigned long long)size, (unsigned long long)ns, count ? "drops" : "errors",
	       errors);
}

/* Wait for the GO (the peer's MAC is its source); in rx mode answer it. */
static int await_go(struct link *l, unsigned wait_s, int answer)
{
	uint8_t buf[2048];
	uint64_t deadline = now_ns() + wait_s * SEC;
	while (now_ns() < deadline) {
		size_t len;
		uint32_t seq;
		int kind = link_recv(l, buf, sizeof(buf), 100, &len, &seq);
		if (kind < 0)
			return 1;
		if (kind == NB_GO) {
			memcpy(l->peer, buf + 6, 6);
			if (answer) {
				uint8_t ready[NB_MIN_FRAME] = {0};
				link_send(l, ready, sizeof(ready), NB_READY, 0);
			}
			return 0;
		}
	}
	fprintf(stderr, "net-peer: no GO within %u s\n", wait_s);
	return 1;
}

static int role_rx(struct link *l, unsigned wait_s, unsigned quiet_ms)
{
	uint8_t buf[2048], ready[NB_MIN_FRAME] = {0};
	unsigned long long frames = 0, bytes = 0;
	uint64_t first = 0, last;
	long long sent = -1;

	if (await_go(l, wait_s, 1))
		return 1;
	/* Quiet is measured from the GO until the first DATA. */
	last = now_ns();
	for (;;) {
		size_t len;
		uint32_t seq;
		int kind = link_recv(l, buf, sizeof(buf), 50, &len, &seq);
		if (kind < 0)
			return 1;
		uint64_t t = now_ns();
		if (kind == NB_DATA) {
			if (frames++ == 0)
				first = t;
			last = t;
			bytes += len;
		} else if (kind == NB_GO) {
			link_send(l, ready, sizeof(ready), NB_READY, 0);
		} else if (kind == NB_END) {
			sent = seq;
			break;
		} else if (t - last > quiet_ms * MS) {
			break;
		}
	}
	if (frames == 0) {
		fprintf(stderr, "net-peer: rx: no DATA frame arrived\n");
		return 1;
	}
	printf("netbench rx frames=%llu bytes=%llu ns=%llu sent=%lld\n", frames, bytes,
	       (unsigned long long)(last - first), sent);
	return 0;
}

/* Move `bytes` through fd; 0 or 1 (said why). */
static int tcp_move(int fd, int out, unsigned long long bytes, uint64_t *first_ns)
{
	static char buf[TCP_CHUNK];
	while (bytes > 0) {
		size_t want = bytes < sizeof(buf) ? (size_t)bytes : sizeof(buf);
		ssize_t n = out ? write(fd, buf, want) : read(fd, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "net-peer: tcp %s: %s\n", out ? "write" : "read",
				n < 0 ? strerror(errno) : "connection closed early");
			return 1;
		}
		if (first_ns && *first_ns == 0)
			*first_ns = now_ns();
		bytes -= (unsigned long long)n;
	}
	return 0;
}

static int role_tcp_client(const char *ip, unsigned port, unsigned mib, unsigned wait_s)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	uint64_t deadline = now_ns() + wait_s * SEC;
	int fd = -1;

	if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) {
		fprintf(stderr, "net-peer: bad IPv4 address \"%s\"\n", ip);
		return 2;
	}
	/* The guest may still be booting: retry until it listens. */
	for (;;) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return die("socket");
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			break;
		int err = errno;
		close(fd);
		if (now_ns() > deadline) {
			fprintf(stderr, "net-peer: connect %s:%u: %s (gave up after %u s)\n", ip,
				port, strerror(err), wait_s);
			return 1;
		}
		usleep(200000);
	}
	unsigned long long bytes = mib * MIB;
	uint64_t t0 = now_ns(), back = 0;
	/* Upload ends when the guest starts answering: it answers only
	 * after the last byte arrived. */
	if (tcp_move(fd, 1, bytes, NULL) || tcp_move(fd, 0, bytes, &back)) {
		close(fd);
		return 1;
	}
	uint64_t t1 = now_ns();
	close(fd);
	printf("netpeer tcp-up bytes=%llu ns=%llu\n", bytes, (unsigned long long)(back - t0));
	printf("netpeer tcp-down bytes=%llu ns=%llu\n", bytes, (unsigned long long)(t1 - back));
	return 0;
}

static int role_tcp_serve(unsigned port, unsigned mib, unsigned wait_s)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0);

	if (ls < 0)
		return die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 1) < 0)
		return die("listen");
	struct pollfd p = {.fd = ls, .events = POLLIN};
	if (poll(&p, 1, (int)wait_s * 1000) <= 0) {
		fprintf(stderr, "net-peer: no connection within %u s\n", wait_s);
		return 1;
	}
	int fd = accept(ls, NULL, NULL);
	if (fd < 0)
		return die("accept");
	unsigned long long bytes = mib * MIB;
	uint64_t first = 0;
	if (tcp_move(fd, 0, bytes, &first))
		return 1;
	uint64_t t1 = now_ns();
	if (tcp_move(fd, 1, bytes, NULL))
		return 1;
	uint64_t t2 = now_ns();
	/* Wait for the client's close (it closes once it has every byte):
	 * powering off earlier could lose what is still in our buffer. */
	char c;
	shutdown(fd, SHUT_WR);
	while (read(fd, &c, 1) > 0)
		;
	close(fd);
	close(ls);
	printf("netbench tcp-sink bytes=%llu ns=%llu\n", bytes, (unsigned long long)(t1 - first));
	printf("netbench tcp-source bytes=%llu ns=%llu\n", bytes, (unsigned long long)(t2 - t1));
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: net-peer count IFACE PEER_MAC WAIT_S\n"
			"       net-peer blast IFACE PEER_MAC SIZE SECONDS WAIT_S\n"
			"       net-peer tx IFACE SIZE COUNT WAIT_S\n"
			"       net-peer rx IFACE WAIT_S QUIET_MS\n"
			"       net-peer tcp-client IP PORT MIB WAIT_S\n"
			"       net-peer tcp-serve PORT MIB WAIT_S\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct link l;
	const char *role = argc > 1 ? argv[1] : "";
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(role, "tcp-client") && argc == 6)
		return role_tcp_client(argv[2], (unsigned)number(argv[3], "port", 1, 65535),
				       (unsigned)number(argv[4], "MiB", 1, 4096),
				       (unsigned)number(argv[5], "wait", 1, 3600));
	if (!strcmp(role, "tcp-serve") && argc == 5)
		return role_tcp_serve((unsigned)number(argv[2], "port", 1, 65535),
				      (unsigned)number(argv[3], "MiB", 1, 4096),
				      (unsigned)number(argv[4], "wait", 1, 3600));
	if (!strcmp(role, "count") && argc == 5) {
		unsigned wait_s = (unsigned)number(argv[4], "wait", 1, 3600);
		parse_mac(argv[3], l.peer);
		return (err = link_open(&l, argv[2])) ? err : role_count(&l, wait_s);
	}
	if (!strcmp(role, "blast") && argc == 7) {
		size_t size = number(argv[4], "size", NB_MIN_FRAME, NB_MAX_FRAME);
		unsigned secs = (unsigned)number(argv[5], "seconds", 1, 3600);
		unsigned wait_s = (unsigned)number(argv[6], "wait", 1, 3600);
		parse_mac(argv[3], l.peer);
		if ((err = link_open(&l, argv[2])) || (err = await_ready(&l, wait_s)))
			return err;
		send_data(&l, "netpeer blast", size, 0, secs);
		return 0;
	}
	if (!strcmp(role, "tx") && argc == 6) {
		size_t size = number(argv[3], "size", NB_MIN_FRAME, NB_MAX_FRAME);
		unsigned long long count = number(argv[4], "count", 1, 0xffffffffull);
		unsigned wait_s = (unsigned)number(argv[5], "wait", 1, 3600);
		if ((err = link_open(&l, argv[2])) || (err = await_go(&l, wait_s, 0)))
			return err;
		send_data(&l, "netbench tx", size, count, 0);
		return 0;
	}
	if (!strcmp(role, "rx") && argc == 5) {
		unsigned wait_s = (unsigned)number(argv[3], "wait", 1, 3600);
		unsigned quiet = (unsigned)number(argv[4], "quiet", 10, 600000);
		return (err = link_open(&l, argv[2])) ? err : role_rx(&l, wait_s, quiet);
	}
	return usage();
}
