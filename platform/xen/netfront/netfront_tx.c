/*
 * netfront transmit path: NETFRONT_TX_SLOTS one-page buffers, granted
 * read-only once at open. A frame is copied into as many free slots as
 * it needs pages (several only with the backend's feature-sg); each
 * slot returns to the free list when netback's response for it arrives
 * (one response per slot); completions are collected by senders, so no
 * thread is needed for them.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <runtime/evtchn.h>

#include "netfront_priv.h"

void nf_tx_init_slots(struct netfront *nf)
{
	nf->tx_nfree = 0;
	for (unsigned i = NETFRONT_TX_SLOTS; i-- > 0;) {
		nf->txs[i].busy = false;
		nf->tx_free[nf->tx_nfree++] = (uint16_t)i;
	}
}

/* Collect transmit responses; slots named by a bad id mean a broken
 * backend. */
static void nf_tx_reap(struct netfront *nf)
{
	int more;

	do {
		RING_IDX cons = nf->tx.rsp_cons, prod = nf->tx.sring->rsp_prod;

		xen_rmb();
		for (; cons != prod; cons++) {
			netif_tx_response_t *rsp = RING_GET_RESPONSE(&nf->tx, cons);

			if (rsp->status == NETIF_RSP_NULL)
				continue; /* the slot of an extra-info request */
			if (rsp->id >= NETFRONT_TX_SLOTS || !nf->txs[rsp->id].busy) {
				nf->tx.rsp_cons = cons + 1;
				nf_mark_down(nf, "backend completed an unknown transmit id");
				return;
			}
			if (rsp->status != NETIF_RSP_OKAY)
				nf->stats.tx_errors++;
			nf->txs[rsp->id].busy = false;
			nf->tx_free[nf->tx_nfree++] = rsp->id;
		}
		nf->tx.rsp_cons = cons;
		RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, more);
	} while (more);
}

/* Room for a frame of n slots: n free buffers and n free ring entries,
 * waiting for completions up to NETFRONT_TX_WAIT_NS. All or nothing, so
 * a frame is never put on the ring in part. */
static int nf_tx_reserve(struct netfront *nf, unsigned n)
{
	uint64_t deadline = plat_monotonic_ns() + NETFRONT_TX_WAIT_NS;

	for (;;) {
		nf_tx_reap(nf);
		if (nf->down)
			return RX_ESHUTDOWN;
		if (nf->tx_nfree >= n && RING_FREE_REQUESTS(&nf->tx) >= n)
			return 0;
		waitq_prepare(&nf->tx_wq, deadline);
		if (nf->down || RING_HAS_UNCONSUMED_RESPONSES(&nf->tx)) {
			waitq_cancel(&nf->tx_wq);
			continue;
		}
		if (waitq_finish(&nf->tx_wq) == RX_ETIMEDOUT) {
			nf_tx_reap(nf);
			if (nf->tx_nfree < n || RING_FREE_REQUESTS(&nf->tx) < n)
				return RX_ENOSPC;
		}
	}
}

/* The frame's length, or a negative rx_error for a bad request. */
static long nf_tx_frame_len(const struct netfront *nf, const struct netfront_iov *iov,
			    size_t iovcnt)
{
	size_t len = 0;

	for (size_t i = 0; i < iovcnt; i++) {
		if (iov[i].len > NETFRONT_MAX_FRAME || (!iov[i].base && iov[i].len))
			return RX_EINVAL;
		len += iov[i].len;
		if (len > NETFRONT_MAX_FRAME)
			return RX_EINVAL;
	}
	if (len < 14)
		return RX_EINVAL;
	if (len > nf_max_frame(nf))
		return RX_E2BIG; /* above one standard frame, and no feature-sg */
	return (long)len;
}

/*
 * Wire format (netif.h, "Guest transmit"): the first slot's size is the
 * whole frame's, the others' their own; NETTXF_more_data on all but the
 * last. Each slot is one of our one-page buffers, filled from offset 0.
 */
int netfront_sendv(struct netfront *nf, const struct netfront_iov *iov, size_t iovcnt)
{
	uint16_t sizes[NF_TX_MAX_SLOTS];
	struct nf_iov_cursor cur;
	long len;
	int notify, n, err;

	if (!nf || (!iov && iovcnt))
		return RX_EINVAL;
	len = nf_tx_frame_len(nf, iov, iovcnt);
	if (len < 0)
		return (int)len;
	n = nf_tx_plan((size_t)len, sizes, NF_TX_MAX_SLOTS);
	if (n < 0)
		return n;
	if (!nf->connected || nf->down) {
		nf->stats.tx_drops++;
		return RX_ESHUTDOWN;
	}
	err = nf_tx_reserve(nf, (unsigned)n);
	if (err) {
		nf->stats.tx_drops++;
		return err;
	}
	/* No blocking from here on: the slots and ring entries stay ours. */
	nf_iov_start(&cur, iov, iovcnt);
	for (int k = 0; k < n; k++) {
		uint16_t id = nf->tx_free[--nf->tx_nfree];
		struct nf_tx_slot *slot = &nf->txs[id];
		netif_tx_request_t *req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt++);

		nf_iov_gather(&cur, slot->buf + slot->offset, sizes[k]);
		slot->busy = true;
		req->gref = slot->gref;
		req->offset = slot->offset;
		/* Checksums are complete; no extras. */
		req->flags = k + 1 < n ? NETTXF_more_data : 0;
		req->id = id;
		req->size = k == 0 ? (uint16_t)len : sizes[k];
	}
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, notify);
	if (notify)
		evtchn_notify(nf->port);
	nf->stats.tx_packets++;
	nf->stats.tx_bytes += (uint64_t)len;
	if (n > 1)
		nf->stats.tx_multislot++;
	return 0;
}

int netfront_send(struct netfront *nf, const void *frame, size_t len)
{
	struct netfront_iov iov = {frame, len};

	return netfront_sendv(nf, &iov, 1);
}
