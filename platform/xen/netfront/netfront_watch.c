/*
 * netfront: following the backend's xenbus state. One thread per device
 * waits on a xenstore watch of <backend>/state and publishes the state
 * in nf->backend_state (NF_STATE_GONE when the node is gone); everything that
 * waits for the backend waits on down_wq for that value.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>

#include "netfront_priv.h"

/* The watch thread re-checks `stopping` at least this often. */
#define NF_WATCH_POLL_NS (200ull * 1000000ull)

int nf_backend_state(struct netfront *nf)
{
	char path[NF_PATH_MAX + 8];
	unsigned long long v;
	int err;

	fmt_snprintf(path, sizeof(path), "%s/state", nf->backend);
	err = xs_read_uint(XS_TX_NONE, path, &v);
	if (err == RX_ENOENT)
		return NF_STATE_GONE;
	/* A number that is not a state is a broken backend; callers treat
	 * it like a vanished one. */
	if (err < 0)
		return err == RX_EINVAL ? RX_EPROTO : err;
	if (v > XenbusStateReconfigured)
		return RX_EPROTO;
	return (int)v;
}

static bool state_in(int s, int lo, int hi) { return s >= lo && s <= hi; }

/*
 * Wait until the backend state is within [lo, hi]. Fails with
 * RX_ENODEV when the backend's node disappears, RX_ESHUTDOWN when
 * fail_on_close is set and the backend reaches Closing or Closed, and
 * RX_ETIMEDOUT at the deadline.
 */
int nf_wait_backend(struct netfront *nf, int lo, int hi, bool fail_on_close, uint64_t deadline_ns)
{
	for (;;) {
		int s;

		waitq_prepare(&nf->down_wq, deadline_ns);
		s = nf->backend_state;
		if (state_in(s, lo, hi) || s == NF_STATE_GONE ||
		    (fail_on_close && s >= XenbusStateClosing)) {
			waitq_cancel(&nf->down_wq);
			if (state_in(s, lo, hi))
				return 0;
			return s == NF_STATE_GONE ? RX_ENODEV : RX_ESHUTDOWN;
		}
		if (waitq_finish(&nf->down_wq) == RX_ETIMEDOUT &&
		    !state_in(nf->backend_state, lo, hi))
			return RX_ETIMEDOUT;
	}
}

static void publish_state(struct netfront *nf, int s)
{
	char path[NF_PATH_MAX + 8];

	if (s == nf->backend_state)
		return;
	log_debug("netfront", "vif%u: backend state %d -> %d", nf->id, nf->backend_state, s);
	nf->backend_state = s;
	if (s == NF_STATE_GONE || s >= XenbusStateClosing) {
		if (nf->connected && !nf->stopping)
			nf_mark_down(nf,
				     s == NF_STATE_GONE ? "backend removed" : "backend closing");
		/* Answer a backend that closes on its own (vif detached):
		 * the toolstack waits for the frontend to reach Closed. */
		if (s == XenbusStateClosing && nf->connected && !nf->stopping) {
			fmt_snprintf(path, sizeof(path), "%s/state", nf->path);
			xs_write_uint(XS_TX_NONE, path, XenbusStateClosed);
		}
	}
	waitq_wake_all(&nf->down_wq);
	waitq_wake_all(&nf->rx_wq);
	waitq_wake_all(&nf->tx_wq);
}

void nf_watch_thread(void *arg)
{
	struct netfront *nf = arg;

	int first = nf_backend_state(nf);

	publish_state(nf, first < 0 ? NF_STATE_GONE : first);
	while (!nf->stopping) {
		int err =
		    xs_watch_wait(&nf->watch, plat_monotonic_ns() + NF_WATCH_POLL_NS, NULL, 0);
		int s;

		if (err == RX_ETIMEDOUT)
			continue;
		if (err < 0 && err != RX_E2BIG) {
			log_error("netfront", "vif%u: watching the backend failed: %s", nf->id,
				  rx_strerror(err));
			publish_state(nf, NF_STATE_GONE);
			break;
		}
		s = nf_backend_state(nf);
		if (s < 0) {
			log_error("netfront", "vif%u: backend state unreadable: %s", nf->id,
				  rx_strerror(s));
			s = NF_STATE_GONE;
		}
		publish_state(nf, s);
	}
}
