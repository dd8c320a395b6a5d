/*
 * netfront: the link's state. `down` goes from false to true once, when
 * the backend leaves or breaks the protocol; every thread that waits on
 * the device re-checks it when woken. Shared by the lifecycle and the
 * data paths; calls nothing of theirs.
 */
#include <core/errors.h>
#include <core/log.h>

#include "netfront_priv.h"

void nf_mark_down(struct netfront *nf, const char *why)
{
	if (!nf->down)
		log_error("netfront", "vif%u: link down: %s", nf->id, why);
	nf->down = true;
	waitq_wake_all(&nf->rx_wq);
	waitq_wake_all(&nf->tx_wq);
	waitq_wake_all(&nf->down_wq);
}

int netfront_state(const struct netfront *nf) { return nf->down ? RX_ESHUTDOWN : 0; }

int netfront_wait_down(struct netfront *nf, uint64_t deadline_ns)
{
	for (;;) {
		waitq_prepare(&nf->down_wq, deadline_ns);
		if (nf->down) {
			waitq_cancel(&nf->down_wq);
			return 0;
		}
		if (waitq_finish(&nf->down_wq) == RX_ETIMEDOUT)
			return nf->down ? 0 : RX_ETIMEDOUT;
	}
}
