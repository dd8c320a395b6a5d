/*
 * netfront's error paths on real Xen, with one vif attached: a device
 * that does not exist, a malformed "mac", a missing "backend" key, a
 * second open, frames of bad length; frames of several pages (the
 * backend offers scatter-gather); then a clean close and a reopen.
 * The frontend directory belongs to the guest, so the test breaks and
 * repairs its keys itself. Prints "RESULT ok - ..." lines; the exit
 * status is the number of failed checks.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/sched.h>
#include <netfront/netfront.h>
#include <xenstore/xenstore.h>

static int failures;

static void expect_rc(const char *name, int got, int want)
{
	if (got == want) {
		console_printf("RESULT ok - %s\n", name);
	} else {
		console_printf("RESULT not ok - %s: got %d (%s), want %d (%s)\n", name, got,
			       rx_strerror(got), want, rx_strerror(want));
		failures++;
	}
}

static void expect(const char *name, int cond, const char *why)
{
	if (cond) {
		console_printf("RESULT ok - %s\n", name);
	} else {
		console_printf("RESULT not ok - %s: %s\n", name, why);
		failures++;
	}
}

/* Open vif id with key replaced by bad_value; restore it after. */
static int open_with_key(unsigned id, const char *key, const char *bad_value)
{
	char path[64], saved[192];
	struct netfront *nf = NULL;
	int rc;

	fmt_snprintf(path, sizeof(path), "device/vif/%u/%s", id, key);
	rc = xs_read(XS_TX_NONE, path, saved, sizeof(saved));
	if (rc < 0)
		return rc;
	rc = bad_value ? xs_write(XS_TX_NONE, path, bad_value) : xs_rm(XS_TX_NONE, path);
	if (rc < 0)
		return rc;
	rc = netfront_open(id, NULL, NULL, &nf);
	if (rc == 0)
		netfront_close(nf);
	if (xs_write(XS_TX_NONE, path, saved) < 0) {
		console_printf("net_errors: could not restore %s\n", path);
		failures++;
	}
	return rc;
}

int main(void)
{
	unsigned ids[4];
	struct netfront *nf = NULL, *again = NULL;
	struct netfront_stats st;
	static uint8_t frame[NETFRONT_MAX_FRAME + 1];
	struct netfront_iov pieces[3], bad_piece[2];
	int n, rc;

	n = netfront_list(ids, 4);
	expect("netfront_list_finds_vif", n >= 1, "no vif listed");
	if (n < 1)
		return failures;
	expect_rc("open_missing_device", netfront_open(9999, NULL, NULL, &nf), RX_ENOENT);
	expect_rc("open_null_out", netfront_open(ids[0], NULL, NULL, NULL), RX_EINVAL);
	expect_rc("open_malformed_mac", open_with_key(ids[0], "mac", "00:16:3e:zz:00:01"),
		  RX_EPROTO);
	expect_rc("open_short_mac", open_with_key(ids[0], "mac", "00:16:3e:00:01"), RX_EPROTO);
	expect_rc("open_missing_backend_key", open_with_key(ids[0], "backend", NULL), RX_ENOENT);
	expect_rc("open_bad_backend_id", open_with_key(ids[0], "backend-id", "zero"), RX_EPROTO);

	rc = netfront_open(ids[0], NULL, NULL, &nf);
	expect_rc("open_after_repair", rc, 0);
	if (rc)
		return failures;
	expect_rc("open_twice_busy", netfront_open(ids[0], NULL, NULL, &again), RX_EBUSY);
	expect_rc("send_runt", netfront_send(nf, frame, 13), RX_EINVAL);
	expect_rc("send_oversize", netfront_send(nf, frame, NETFRONT_MAX_FRAME + 1), RX_EINVAL);
	expect_rc("sendv_null_iov", netfront_sendv(nf, NULL, 2), RX_EINVAL);
	bad_piece[0] = (struct netfront_iov){frame, 60};
	bad_piece[1] = (struct netfront_iov){NULL, 10};
	expect_rc("sendv_null_piece", netfront_sendv(nf, bad_piece, 2), RX_EINVAL);
	/* Linux netback always offers feature-sg. */
	expect("sg_negotiated", netfront_max_frame(nf) == NETFRONT_MAX_FRAME,
	       "netfront_max_frame is not NETFRONT_MAX_FRAME: backend without feature-sg?");
	/* A broadcast frame of an unused EtherType: harmless on the bridge. */
	for (int i = 0; i < 6; i++)
		frame[i] = 0xff;
	netfront_mac(nf, frame + 6);
	frame[12] = 0x88;
	frame[13] = 0xb5; /* local experimental EtherType */
	expect_rc("send_min_frame", netfront_send(nf, frame, 60), 0);
	expect_rc("send_max_frame", netfront_send(nf, frame, netfront_max_frame(nf)), 0);
	/* Pieces whose boundaries do not match the page boundaries. */
	pieces[0] = (struct netfront_iov){frame, 100};
	pieces[1] = (struct netfront_iov){frame + 100, 4000};
	pieces[2] = (struct netfront_iov){frame + 4100, 900};
	expect_rc("sendv_three_pieces_two_pages", netfront_sendv(nf, pieces, 3), 0);
	netfront_get_stats(nf, &st);
	expect("stats_count_sends",
	       st.tx_packets == 3 && st.tx_bytes == 60 + netfront_max_frame(nf) + 5000,
	       "tx counters do not match the three frames sent");
	expect("stats_count_multislot_sends", st.tx_multislot == 2,
	       "tx_multislot is not 2 after two frames above one page");
	/* Netback answers every slot; a later send collects the answers,
	 * and an error status in any of them would count in tx_errors. */
	sched_sleep_ns(500ull * 1000000ull);
	expect_rc("send_after_multislot", netfront_send(nf, frame, 60), 0);
	netfront_get_stats(nf, &st);
	expect("multislot_sends_accepted_by_backend", st.tx_errors == 0 && st.tx_drops == 0,
	       "the backend answered a slot with an error status");
	expect("state_up_after_open", netfront_state(nf) == 0, "device not up after open");
	expect_rc("close_clean", netfront_close(nf), 0);

	rc = netfront_open(ids[0], NULL, NULL, &nf);
	expect_rc("reopen_after_close", rc, 0);
	if (rc == 0) {
		expect_rc("send_after_reopen", netfront_send(nf, frame, 60), 0);
		expect_rc("close_again", netfront_close(nf), 0);
	}
	console_printf("net_errors: %d failure(s)\n", failures);
	return failures;
}
