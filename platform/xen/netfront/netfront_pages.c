/*
 * netfront: the memory shared with the backend. Two ring pages, one
 * page per receive buffer and per transmit slot, each granted once at
 * open and kept for the device's life (grant reuse), and the buffer
 * that assembles multi-slot frames for a contiguous callback.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <runtime/gnttab.h>

#include "netfront_priv.h"

static int grant(struct netfront *nf, void *page, bool readonly, grant_ref_t *ref)
{
	return gnttab_grant_page(nf->xb.backend_id, page, readonly, ref);
}

/* Give up a grant and free its page; a page the backend still holds is
 * leaked rather than reused under its feet. */
static void ungrant_free(struct netfront *nf, void *page, grant_ref_t ref)
{
	if (!page)
		return;
	if (ref != NF_NO_GREF && gnttab_revoke(ref) < 0) {
		log_warn("netfront", "vif%u: backend still holds a page; leaking it", nf->id);
		return;
	}
	page_free(page, 0);
}

static void *page_zalloc(void)
{
	uint8_t *p = page_alloc(0);

	if (p)
		__builtin_memset(p, 0, PAGE_SIZE);
	return p;
}

static int setup_rings(struct netfront *nf)
{
	netif_tx_sring_t *txs = page_zalloc();
	netif_rx_sring_t *rxs = page_zalloc();
	int err;

	nf->tx.sring = txs;
	nf->rx.sring = rxs;
	if (!txs || !rxs)
		return RX_ENOMEM;
	/* Zeroed pages already hold an empty ring except for the event
	 * indices, which start at 1 (SHARED_RING_INIT without libc). */
	txs->req_event = txs->rsp_event = 1;
	rxs->req_event = rxs->rsp_event = 1;
	FRONT_RING_ATTACH(&nf->tx, txs, 0, PAGE_SIZE);
	FRONT_RING_ATTACH(&nf->rx, rxs, 0, PAGE_SIZE);
	err = grant(nf, txs, false, &nf->tx_ring_ref);
	if (!err)
		err = grant(nf, rxs, false, &nf->rx_ring_ref);
	return err;
}

static int setup_buffers(struct netfront *nf)
{
	int err;

	nf->rx_frame = mem_alloc(NETFRONT_MAX_FRAME, 0);
	if (!nf->rx_frame)
		return RX_ENOMEM;
	for (unsigned i = 0; i < NETFRONT_RX_BUFFERS; i++) {
		nf->rxb[i].page = page_zalloc();
		if (!nf->rxb[i].page)
			return RX_ENOMEM;
		err = grant(nf, nf->rxb[i].page, false, &nf->rxb[i].gref);
		if (err)
			return err;
	}
	/* One page and one grant per slot: netback maps transmit pages, and
	 * a grant mapped twice at once (two frames in one page) is a
	 * pattern backends are not tested with. */
	for (unsigned i = 0; i < NETFRONT_TX_SLOTS; i++) {
		nf->txs[i].buf = page_zalloc();
		if (!nf->txs[i].buf)
			return RX_ENOMEM;
		err = grant(nf, nf->txs[i].buf, true, &nf->txs[i].gref);
		if (err)
			return err;
		nf->txs[i].offset = 0;
	}
	return 0;
}

void nf_pages_init(struct netfront *nf)
{
	nf->tx_ring_ref = nf->rx_ring_ref = NF_NO_GREF;
	for (unsigned i = 0; i < NETFRONT_RX_BUFFERS; i++)
		nf->rxb[i].gref = NF_NO_GREF;
	for (unsigned i = 0; i < NETFRONT_TX_SLOTS; i++)
		nf->txs[i].gref = NF_NO_GREF;
}

int nf_pages_setup(struct netfront *nf)
{
	int err = setup_rings(nf);

	return err ? err : setup_buffers(nf);
}

void nf_pages_release(struct netfront *nf)
{
	for (unsigned i = 0; i < NETFRONT_RX_BUFFERS; i++)
		ungrant_free(nf, nf->rxb[i].page, nf->rxb[i].gref);
	for (unsigned i = 0; i < NETFRONT_TX_SLOTS; i++)
		ungrant_free(nf, nf->txs[i].buf, nf->txs[i].gref);
	ungrant_free(nf, nf->tx.sring, nf->tx_ring_ref);
	ungrant_free(nf, nf->rx.sring, nf->rx_ring_ref);
	mem_free(nf->rx_frame);
	nf->rx_frame = NULL;
}
