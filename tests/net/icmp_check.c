/*
 * icmp_check: a ping for dom0 that checks every reply byte by byte
 * (busybox ping counts replies but never compares their data). Built
 * statically for the host and copied into the emulated host's dom0.
 *
 *   icmp_check IP SIZE COUNT
 *
 * Sends COUNT echo requests with SIZE data bytes each, one at a time,
 * and waits up to 3 s for each reply. The data is a pattern that
 * depends on the position and the sequence number, so a reply whose
 * pieces were reordered, repeated, cut or taken from another request
 * does not match (the ICMP checksum alone cannot see reordered
 * 2-byte-aligned pieces). Prints one line per failure and a summary
 * "icmp_check: SIZE bytes: N of COUNT replies correct"; exits 0 when
 * all were, 1 otherwise, 2 on a usage or socket error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_DATA 65000
#define WAIT_MS 3000

static uint8_t pattern_byte(size_t i, unsigned seq)
{
	return (uint8_t)(i * 7u + i / 251u + seq * 13u);
}

static uint16_t checksum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 when the reply for seq came and matched, 0 otherwise (reason printed). */
static int one_round(int fd, const struct sockaddr_in *to, uint16_t id, unsigned seq, size_t size,
		     uint8_t *pkt, uint8_t *buf, size_t bufsize)
{
	size_t len = 8 + size;
	long long deadline;

	pkt[0] = 8; /* echo request */
	pkt[1] = 0;
	pkt[2] = pkt[3] = 0;
	pkt[4] = (uint8_t)(id >> 8);
	pkt[5] = (uint8_t)id;
	pkt[6] = (uint8_t)(seq >> 8);
	pkt[7] = (uint8_t)seq;
	for (size_t i = 0; i < size; i++)
		pkt[8 + i] = pattern_byte(i, seq);
	uint16_t c = checksum(pkt, len);
	pkt[2] = (uint8_t)(c >> 8);
	pkt[3] = (uint8_t)c;
	if (sendto(fd, pkt, len, 0, (const struct sockaddr *)to, sizeof(*to)) != (ssize_t)len) {
		printf("icmp_check: seq %u: send failed: %s\n", seq, strerror(errno));
		return 0;
	}
	deadline = now_ms() + WAIT_MS;
	for (;;) {
		long long left = deadline - now_ms();
		struct pollfd pfd = {fd, POLLIN, 0};
		ssize_t n;
		size_t hl;
		const uint8_t *icmp;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			printf("icmp_check: seq %u: no reply within %d ms\n", seq, WAIT_MS);
			return 0;
		}
		n = recv(fd, buf, bufsize, 0);
		if (n < 20)
			continue;
		hl = (size_t)(buf[0] & 0x0f) * 4;
		if ((size_t)n < hl + 8)
			continue;
		icmp = buf + hl;
		if (icmp[0] != 0 || (icmp[4] << 8 | icmp[5]) != id ||
		    (unsigned)(icmp[6] << 8 | icmp[7]) != (seq & 0xffff))
			continue; /* not our reply (our own request, another ping) */
		if ((size_t)n - hl != len) {
			printf("icmp_check: seq %u: reply has %zu data bytes, sent %zu\n", seq,
			       (size_t)n - hl - 8, size);
			return 0;
		}
		if (checksum(icmp, len) != 0) {
			printf("icmp_check: seq %u: reply with a bad ICMP checksum\n", seq);
			return 0;
		}
		for (size_t i = 0; i < size; i++) {
			if (icmp[8 + i] != pattern_byte(i, seq)) {
				printf("icmp_check: seq %u: data byte %zu is %u, sent %u\n", seq, i,
				       icmp[8 + i], pattern_byte(i, seq));
				return 0;
			}
		}
		return 1;
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in to;
	static uint8_t pkt[8 + MAX_DATA], buf[8 + MAX_DATA + 128];
	long size, count;
	uint16_t id = (uint16_t)getpid();
	int fd, good = 0;

	if (argc != 4 || (size = strtol(argv[2], NULL, 10)) < 0 || size > MAX_DATA ||
	    (count = strtol(argv[3], NULL, 10)) < 1) {
		fprintf(stderr, "usage: icmp_check IP SIZE(0..%d) COUNT(>=1)\n", MAX_DATA);
		return 2;
	}
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
		fprintf(stderr, "icmp_check: bad address %s\n", argv[1]);
		return 2;
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0) {
		fprintf(stderr, "icmp_check: raw socket: %s\n", strerror(errno));
		return 2;
	}
	for (long s = 0; s < count; s++)
		good +=
		    one_round(fd, &to, id, (unsigned)(s + 1), (size_t)size, pkt, buf, sizeof(buf));
	printf("icmp_check: %ld bytes: %d of %ld replies correct\n", size, good, count);
	close(fd);
	return good == count ? 0 : 1;
}
