/*
 * pingable: a platform-only guest that brings up every vif and answers
 * ARP and ICMP echo on its own (no rump kernel). It shows netfront
 * working end to end and is the guest of the network tests and
 * benchmarks.
 *
 * Configuration:
 *   net.ip=A.B.C.D/N      address of the first vif (required)
 *   net<ID>.ip=A.B.C.D/N  address of vif <ID>; default: net.ip plus the
 *                         vif's position in the list
 *   net.vifs=N            fail unless at least N vifs exist (default 1)
 *   net.duration=S        stop after S seconds (default 0: run until
 *                         stopped)
 *   net.rx=pieces         take received frames in pieces
 *                         (netfront_open_rxv, as the rump kernel's
 *                         backend does) and join them here; default
 *                         "frame" (netfront_open, one contiguous frame)
 * Stopping: dom0 writes data/pingable-stop (under the domain's home);
 * pingable then prints its counters, disconnects and exits 0.
 * Exit status: 0 stopped, 2 bad configuration, 3 a backend went away,
 * 4 a vif could not be opened.
 */
#include <stdbool.h>

#include <core/config.h>
#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <core/sched.h>
#include <netfront/netfront.h>
#include <xenstore/xenstore.h>
#include <responder/addr.h>
#include <responder/frame.h>
#include <responder/responder.h>

#define MAX_VIFS 8
#define STOP_KEY "data/pingable-stop"
#define POLL_NS (100ull * 1000000ull)

struct vif {
	struct netfront *nf;
	struct responder resp;
	uint64_t send_errors;
	uint64_t rx_pieces_multi; /* net.rx=pieces: frames given in several pieces */
	uint64_t rx_pieces_bad;	  /* net.rx=pieces: pieces that do not add up */
	unsigned prefix_len;
	uint8_t joined[NETFRONT_MAX_FRAME]; /* net.rx=pieces: the frame joined */
};

static struct vif vifs[MAX_VIFS];
static unsigned nvifs;

static bool str_is(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Receive thread of a vif: answer what needs answering, right away.
 * Frames and replies go up to NETFRONT_MAX_FRAME (jumbo pings when
 * dom0 raises the vif's MTU). */
static void on_frame(void *arg, const void *frame, size_t len, unsigned flags)
{
	struct vif *v = arg;
	uint8_t reply[NETFRONT_MAX_FRAME];
	unsigned rflags = (flags & (NETFRONT_RXF_CSUM_BLANK | NETFRONT_RXF_DATA_VALIDATED))
			      ? RESPONDER_RX_CSUM_TRUSTED
			      : 0;
	int n = responder_handle(&v->resp, frame, len, rflags, reply, sizeof(reply));

	if (n > 0 && netfront_send(v->nf, reply, (size_t)n) < 0)
		v->send_errors++;
}

/* net.rx=pieces: join the pieces (each checked against the total) and
 * answer as above. */
static void on_pieces(void *arg, const struct netfront_iov *iov, size_t iovcnt, size_t len,
		      unsigned flags)
{
	struct vif *v = arg;
	size_t off = 0;

	if (iovcnt > 1)
		v->rx_pieces_multi++;
	for (size_t i = 0; i < iovcnt; i++) {
		if (iov[i].len == 0 || iov[i].len > sizeof(v->joined) - off) {
			v->rx_pieces_bad++;
			return;
		}
		for (size_t b = 0; b < iov[i].len; b++)
			v->joined[off + b] = ((const uint8_t *)iov[i].base)[b];
		off += iov[i].len;
	}
	if (off != len || iovcnt == 0) {
		v->rx_pieces_bad++;
		return;
	}
	on_frame(v, v->joined, len, flags);
}

/* The address of the vif at position pos with id id. */
static int vif_address(unsigned pos, unsigned id, uint32_t *ip, unsigned *prefix)
{
	char key[32];
	const char *text;

	fmt_snprintf(key, sizeof(key), "net%u.ip", id);
	text = config_get(key);
	if (text) {
		if (ipv4_cidr_parse(text, ip, prefix) < 0) {
			log_error("pingable", "bad %s \"%s\" (want A.B.C.D/N)", key, text);
			return RX_EINVAL;
		}
		return 0;
	}
	text = config_get("net.ip");
	if (!text) {
		log_error("pingable", "no address: set net.ip=A.B.C.D/N");
		return RX_EINVAL;
	}
	if (ipv4_cidr_parse(text, ip, prefix) < 0) {
		log_error("pingable", "bad net.ip \"%s\" (want A.B.C.D/N)", text);
		return RX_EINVAL;
	}
	*ip += pos;
	return 0;
}

static void print_stats(const struct vif *v)
{
	struct netfront_stats s;
	const struct responder_stats *r = &v->resp.stats;

	netfront_get_stats(v->nf, &s);
	console_printf("pingable: vif%u stats: rx %llu tx %llu rx_drops %llu tx_drops %llu "
		       "tx_errors %llu refills %llu events %llu arp %llu echo %llu "
		       "malformed %llu ignored %llu send_errors %llu rx_oversize %llu "
		       "rx_malformed %llu rx_multislot %llu tx_multislot %llu too_big %llu "
		       "rx_pieces_multi %llu rx_pieces_bad %llu\n",
		       netfront_id(v->nf), (unsigned long long)s.rx_packets,
		       (unsigned long long)s.tx_packets, (unsigned long long)s.rx_drops,
		       (unsigned long long)s.tx_drops, (unsigned long long)s.tx_errors,
		       (unsigned long long)s.rx_refills, (unsigned long long)s.events,
		       (unsigned long long)r->arp_replies, (unsigned long long)r->echo_replies,
		       (unsigned long long)r->malformed, (unsigned long long)r->ignored,
		       (unsigned long long)v->send_errors, (unsigned long long)s.rx_oversize,
		       (unsigned long long)s.rx_malformed, (unsigned long long)s.rx_multislot,
		       (unsigned long long)s.tx_multislot, (unsigned long long)r->too_big,
		       (unsigned long long)v->rx_pieces_multi,
		       (unsigned long long)v->rx_pieces_bad);
}

static int open_all(void)
{
	unsigned ids[MAX_VIFS];
	int err, n = netfront_list(ids, MAX_VIFS);
	long long want = config_get_int("net.vifs", 1, &err);
	const char *rx_mode = config_get("net.rx");
	bool pieces = rx_mode && str_is(rx_mode, "pieces");

	if (err || want < 0 || want > MAX_VIFS) {
		log_error("pingable", "bad net.vifs (want 0..%d)", MAX_VIFS);
		return 2;
	}
	if (rx_mode && !str_is(rx_mode, "pieces") && !str_is(rx_mode, "frame")) {
		log_error("pingable", "bad net.rx \"%s\" (want frame or pieces)", rx_mode);
		return 2;
	}
	if (n < 0) {
		log_error("pingable", "cannot list vifs: %s", rx_strerror(n));
		return 4;
	}
	if (n < want) {
		log_error("pingable", "%d vif(s) found, net.vifs wants %lld", n, want);
		return 4;
	}
	if (n > MAX_VIFS)
		log_warn("pingable", "%d vifs; serving the first %d", n, MAX_VIFS);
	for (unsigned i = 0; i < (unsigned)n && i < MAX_VIFS; i++) {
		struct vif *v = &vifs[i];
		uint8_t mac[NETFRONT_MAC_LEN];
		char mtext[MAC_TEXT_SIZE], itext[IPV4_TEXT_SIZE];
		uint32_t ip;

		if (vif_address(i, ids[i], &ip, &v->prefix_len) < 0)
			return 2;
		err = pieces ? netfront_open_rxv(ids[i], on_pieces, v, &v->nf)
			     : netfront_open(ids[i], on_frame, v, &v->nf);
		if (err) {
			log_error("pingable", "vif%u: open failed: %s", ids[i], rx_strerror(err));
			return 4;
		}
		nvifs++;
		netfront_mac(v->nf, mac);
		if (responder_init(&v->resp, mac, ip, v->prefix_len) < 0) {
			log_error("pingable", "vif%u: unusable address", ids[i]);
			return 2;
		}
		mac_format(mac, mtext);
		ipv4_format(ip, itext);
		console_printf("pingable: vif%u up mac %s ip %s/%u\n", ids[i], mtext, itext,
			       v->prefix_len);
	}
	return 0;
}

/* Wait for the stop key, the deadline or a vif going down. */
static int serve(uint64_t deadline)
{
	struct xs_watch stop;
	char buf[8];
	int err = xs_watch_add(&stop, STOP_KEY);

	if (err) {
		log_error("pingable", "cannot watch %s: %s", STOP_KEY, rx_strerror(err));
		return 4;
	}
	for (;;) {
		uint64_t now = plat_monotonic_ns();

		for (unsigned i = 0; i < nvifs; i++) {
			if (netfront_state(vifs[i].nf) < 0) {
				console_printf("pingable: vif%u: backend disconnected: %s\n",
					       netfront_id(vifs[i].nf), rx_strerror(RX_ESHUTDOWN));
				xs_watch_remove(&stop);
				return 3;
			}
		}
		if (deadline && now >= deadline)
			break;
		/* The watch fires once when added and then on every change:
		 * only then is the key worth reading. The timeout bounds how
		 * late a vif going down is noticed. */
		if (xs_watch_wait(&stop, now + POLL_NS, NULL, 0) == 0 &&
		    xs_read(XS_TX_NONE, STOP_KEY, buf, sizeof(buf)) >= 0) {
			console_printf("pingable: stop requested\n");
			break;
		}
	}
	xs_watch_remove(&stop);
	return 0;
}

int main(int argc, char **argv)
{
	int err, status;
	long long duration;

	(void)argc;
	(void)argv;
	duration = config_get_int("net.duration", 0, &err);
	if (err || duration < 0) {
		log_error("pingable", "bad net.duration (want whole seconds >= 0)");
		return 2;
	}
	status = open_all();
	if (status == 0) {
		console_printf("pingable: ready\n");
		status =
		    serve(duration ? plat_monotonic_ns() + (uint64_t)duration * 1000000000ull : 0);
	}
	for (unsigned i = 0; i < nvifs; i++) {
		print_stats(&vifs[i]);
		err = netfront_close(vifs[i].nf);
		if (err && status == 0) {
			log_error("pingable", "vif%u: close: %s", netfront_id(vifs[i].nf),
				  rx_strerror(err));
			status = 3;
		}
	}
	console_printf("pingable: exit %d\n", status);
	return status;
}
