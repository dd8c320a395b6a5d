/*
 * netfront transmit path: NETFRONT_TX_SLOTS one-page buffers, granted
 * read-only once at open. A frame is copied into a
 * free slot and the slot returns to the free list when netback's
 * response arrives; completions are collected by senders, so no thread
 * is needed for them.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <rxen/evtchn.h>

#include "netfront_internal.h"

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

/* A free slot, waiting for completions up to NETFRONT_TX_WAIT_NS. */
static int nf_tx_slot(struct netfront *nf)
{
	uint64_t deadline = plat_monotonic_ns() + NETFRONT_TX_WAIT_NS;

	for (;;) {
		nf_tx_reap(nf);
		if (nf->down)
			return RX_ESHUTDOWN;
		if (nf->tx_nfree > 0 && !RING_FULL(&nf->tx))
			return nf->tx_free[--nf->tx_nfree];
		waitq_prepare(&nf->tx_wq, deadline);
		if (nf->down || RING_HAS_UNCONSUMED_RESPONSES(&nf->tx)) {
			waitq_cancel(&nf->tx_wq);
			continue;
		}
		if (waitq_finish(&nf->tx_wq) == RX_ETIMEDOUT) {
			nf_tx_reap(nf);
			if (nf->tx_nfree == 0)
				return RX_ENOSPC;
		}
	}
}

int netfront_sendv(struct netfront *nf, const struct netfront_iov *iov, size_t iovcnt)
{
	netif_tx_request_t *req;
	struct nf_tx_slot *slot;
	size_t len = 0, off = 0;
	int notify, id;

	if (!nf || (!iov && iovcnt))
		return RX_EINVAL;
	for (size_t i = 0; i < iovcnt; i++) {
		if (iov[i].len > NETFRONT_MAX_FRAME)
			return RX_EINVAL;
		len += iov[i].len;
	}
	if (len < 14 || len > NETFRONT_MAX_FRAME)
		return RX_EINVAL;
	if (!nf->connected || nf->down) {
		nf->stats.tx_drops++;
		return RX_ESHUTDOWN;
	}
	id = nf_tx_slot(nf);
	if (id < 0) {
		nf->stats.tx_drops++;
		return id;
	}
	slot = &nf->txs[id];
	for (size_t i = 0; i < iovcnt; i++) {
		nf_copy(slot->buf + off, iov[i].base, iov[i].len);
		off += iov[i].len;
	}
	slot->busy = true;
	req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt++);
	req->gref = slot->gref;
	req->offset = slot->offset;
	req->flags = 0; /* checksums complete; one slot; no extras */
	req->id = (uint16_t)id;
	req->size = (uint16_t)len;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, notify);
	if (notify)
		evtchn_notify(nf->port);
	nf->stats.tx_packets++;
	nf->stats.tx_bytes += len;
	return 0;
}

int netfront_send(struct netfront *nf, const void *frame, size_t len)
{
	struct netfront_iov iov = {frame, len};

	return netfront_sendv(nf, &iov, 1);
}
