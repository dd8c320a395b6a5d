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

/* A zeroed page granted to the backend into *page and *ref: 0, RX_ENOMEM
 * or a grant error (a page that could not be granted stays in *page for
 * nf_pages_release). */
static int granted_page(struct netfront *nf, bool readonly, uint8_t **page, grant_ref_t *ref)
{
	*page = page_alloc(0);
	if (!*page)
		return RX_ENOMEM;
	__builtin_memset(*page, 0, PAGE_SIZE);
	return gnttab_grant_page(nf->xb.backend_id, *page, readonly, ref);
}

static int setup_rings(struct netfront *nf)
{
	uint8_t *txp = NULL, *rxp = NULL;
	int err = granted_page(nf, false, &txp, &nf->tx_ring_ref);

	if (!err)
		err = granted_page(nf, false, &rxp, &nf->rx_ring_ref);
	nf->tx.sring = (netif_tx_sring_t *)txp;
	nf->rx.sring = (netif_rx_sring_t *)rxp;
	if (err)
		return err;
	/* Zeroed pages already hold an empty ring except for the event
	 * indices, which start at 1 (SHARED_RING_INIT without libc). The
	 * backend maps the rings only once it reads our keys. */
	nf->tx.sring->req_event = nf->tx.sring->rsp_event = 1;
	nf->rx.sring->req_event = nf->rx.sring->rsp_event = 1;
	FRONT_RING_ATTACH(&nf->tx, nf->tx.sring, 0, PAGE_SIZE);
	FRONT_RING_ATTACH(&nf->rx, nf->rx.sring, 0, PAGE_SIZE);
	return 0;
}

static int setup_buffers(struct netfront *nf)
{
	int err = 0;

	nf->rx_frame = mem_alloc(NETFRONT_MAX_FRAME, 0);
	if (!nf->rx_frame)
		return RX_ENOMEM;
	for (unsigned i = 0; i < NETFRONT_RX_BUFFERS && !err; i++)
		err = granted_page(nf, false, &nf->rxb[i].page, &nf->rxb[i].gref);
	/* One page and one grant per slot: netback maps transmit pages, and
	 * a grant mapped twice at once (two frames in one page) is a
	 * pattern backends are not tested with. */
	for (unsigned i = 0; i < NETFRONT_TX_SLOTS && !err; i++) {
		nf->txs[i].offset = 0;
		err = granted_page(nf, true, &nf->txs[i].buf, &nf->txs[i].gref);
	}
	return err;
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
