/*
 * Network benchmark guest on the netfront platform API: sends or counts
 * raw frames of the benchmark protocol (net_proto.h) on the first vif,
 * with dom0's net_peer at the other end.
 *
 * Configuration (-e KEY=VALUE):
 *   bench_mode=tx|rx     send frames to dom0, or count dom0's frames
 *   bench_size=N         frame size without FCS, 60..1514 (default 60)
 *   bench_count=N        tx: DATA frames to send (default 100000)
 *   bench_wait=S         seconds to wait for dom0's GO (default 60)
 *   bench_quiet_ms=N     rx: end after this long without a frame
 *                        (default 2000; an END frame ends at once)
 * Prints one figure line, timed with the platform's monotonic clock:
 *   netbench tx frames=N bytes=B ns=T drops=D
 *     frames that netfront_send put on the ring, and those it dropped
 *     for want of a slot
 *   netbench rx frames=N bytes=B ns=T sent=S
 *     first to last DATA frame; S is dom0's count from END, or -1
 * Exit status: 0 measured, 1 no peer or a network failure, 2 bad
 * configuration.
 */
#include <core/config.h>
#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <core/sched.h>
#include <netfront/netfront.h>

#include "net_proto.h"

#define MS 1000000ull
#define SEC (1000ull * MS)

struct bench {
	struct netfront *nf;
	bool tx_mode;
	uint8_t mac[6];
	/* Set by the receive thread, read by main; the waitq wakes main. */
	struct waitq changed;
	bool have_peer;
	uint8_t peer[6];
	bool ended;
	long long peer_sent;
	uint64_t frames, bytes, first_ns, last_ns;
	uint64_t ready_errors;
};

static struct bench b;

/* Receive thread: the GO handshake, and counting in rx mode. */
static void on_frame(void *arg, const void *frame, size_t len, unsigned flags)
{
	const uint8_t *f = frame;
	uint32_t seq;
	int kind = nb_frame_kind(f, len, &seq);

	(void)arg;
	(void)flags;
	if (kind == NB_DATA && !b.tx_mode && !b.ended) {
		uint64_t now = plat_monotonic_ns();
		if (b.frames == 0)
			b.first_ns = now;
		b.last_ns = now;
		b.frames++;
		b.bytes += len;
	} else if (kind == NB_GO) {
		if (!b.have_peer) {
			for (int i = 0; i < 6; i++)
				b.peer[i] = f[6 + i];
			b.have_peer = true;
			waitq_wake_all(&b.changed);
		}
		if (!b.tx_mode) {
			uint8_t ready[NB_MIN_FRAME] = {0};
			nb_frame_header(ready, b.peer, b.mac, NB_READY, 0);
			if (netfront_send(b.nf, ready, sizeof(ready)) < 0)
				b.ready_errors++;
		}
	} else if (kind == NB_END && !b.tx_mode && b.have_peer) {
		b.peer_sent = seq;
		b.ended = true;
		waitq_wake_all(&b.changed);
	}
}

/* Wait until the GO arrived (0) or the deadline passed. */
static int wait_for_peer(uint64_t deadline)
{
	for (;;) {
		waitq_prepare(&b.changed, deadline);
		if (b.have_peer) {
			waitq_cancel(&b.changed);
			return 0;
		}
		if (waitq_finish(&b.changed) == RX_ETIMEDOUT && !b.have_peer)
			return RX_ETIMEDOUT;
	}
}

static int run_tx(unsigned size, unsigned long long count)
{
	static uint8_t frame[NB_MAX_FRAME];
	uint64_t drops = 0, sent = 0;

	for (unsigned i = NB_HEADER; i < size; i++)
		frame[i] = (uint8_t)(i * 7);
	uint64_t t0 = plat_monotonic_ns();
	for (unsigned long long seq = 0; seq < count; seq++) {
		nb_frame_header(frame, b.peer, b.mac, NB_DATA, (uint32_t)seq);
		int err = netfront_send(b.nf, frame, size);
		if (err == RX_ENOSPC) {
			drops++;
			continue;
		}
		if (err) {
			console_printf("netbench: send failed after %llu frames: %s\n",
				       (unsigned long long)sent, rx_strerror(err));
			return err;
		}
		sent++;
	}
	uint64_t ns = plat_monotonic_ns() - t0;
	/* END tells dom0 how many were offered; it counts what arrived. */
	for (int i = 0; i < NB_END_COPIES; i++) {
		nb_frame_header(frame, b.peer, b.mac, NB_END, (uint32_t)count);
		netfront_send(b.nf, frame, NB_MIN_FRAME);
		sched_sleep_ns(20 * MS);
	}
	console_printf("netbench tx frames=%llu bytes=%llu ns=%llu drops=%llu\n",
		       (unsigned long long)sent, (unsigned long long)(sent * size),
		       (unsigned long long)ns, (unsigned long long)drops);
	return 0;
}

/* Count until END, or until quiet_ns pass without a DATA frame (or
 * without any frame at all since GO). */
static int run_rx(uint64_t quiet_ns)
{
	uint64_t since = plat_monotonic_ns();
	uint64_t seen = 0;

	for (;;) {
		if (b.frames != seen) {
			seen = b.frames;
			since = plat_monotonic_ns();
		}
		waitq_prepare(&b.changed, plat_monotonic_ns() + 100 * MS);
		if (b.ended) {
			waitq_cancel(&b.changed);
			break;
		}
		waitq_finish(&b.changed);
		if (netfront_state(b.nf) < 0) {
			console_printf("netbench: backend went away\n");
			return RX_ESHUTDOWN;
		}
		if (b.frames == seen && plat_monotonic_ns() - since > quiet_ns)
			break;
	}
	if (b.frames == 0) {
		console_printf("netbench: no DATA frame arrived\n");
		return RX_ETIMEDOUT;
	}
	console_printf("netbench rx frames=%llu bytes=%llu ns=%llu sent=%lld\n",
		       (unsigned long long)b.frames, (unsigned long long)b.bytes,
		       (unsigned long long)(b.last_ns - b.first_ns), b.peer_sent);
	if (b.ready_errors)
		console_printf("netbench: %llu READY frames could not be sent\n",
			       (unsigned long long)b.ready_errors);
	return 0;
}

/* A whole-number key in [min, max]; RX_EINVAL (said on the console)
 * otherwise. */
static int setting(const char *key, long long def, long long min, long long max, long long *out)
{
	int err;
	long long v = config_get_int(key, def, &err);

	if (err || v < min || v > max) {
		console_printf("netbench: bad %s=\"%s\" (want %lld..%lld)\n", key, config_get(key),
			       min, max);
		return RX_EINVAL;
	}
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = config_get("bench_mode");
	long long size, count, wait_s, quiet_ms;
	unsigned ids[1];

	(void)argc;
	(void)argv;
	bool tx = mode && mode[0] == 't' && mode[1] == 'x' && !mode[2];
	bool rx = mode && mode[0] == 'r' && mode[1] == 'x' && !mode[2];
	if (!tx && !rx) {
		console_printf("netbench: set bench_mode=tx or bench_mode=rx (got \"%s\")\n",
			       mode ? mode : "");
		return 2;
	}
	b.tx_mode = tx;
	count = 0;
	if (setting("bench_size", NB_MIN_FRAME, NB_MIN_FRAME, NB_MAX_FRAME, &size) ||
	    (tx && setting("bench_count", 100000, 1, 0xffffffffll, &count)) ||
	    setting("bench_wait", 60, 1, 3600, &wait_s) ||
	    setting("bench_quiet_ms", 2000, 10, 600000, &quiet_ms))
		return 2;
	int n = netfront_list(ids, 1);
	if (n < 1) {
		console_printf("netbench: no vif (%s)\n", n < 0 ? rx_strerror(n) : "none given");
		return 1;
	}
	b.peer_sent = -1;
	waitq_init(&b.changed);
	int err = netfront_open(ids[0], on_frame, NULL, &b.nf);
	if (err) {
		console_printf("netbench: vif%u: open failed: %s\n", ids[0], rx_strerror(err));
		return 1;
	}
	netfront_mac(b.nf, b.mac);
	console_printf("netbench: ready, mode %s, %lld-byte frames\n", mode, size);
	err = wait_for_peer(plat_monotonic_ns() + (uint64_t)wait_s * SEC);
	if (err)
		console_printf("netbench: no GO from dom0 within %lld s\n", wait_s);
	else if (b.tx_mode)
		err = run_tx((unsigned)size, (unsigned long long)count);
	else
		err = run_rx((uint64_t)quiet_ms * MS);
	int cerr = netfront_close(b.nf);
	if (cerr && !err)
		console_printf("netbench: close: %s\n", rx_strerror(cerr));
	return err || cerr ? 1 : 0;
}
