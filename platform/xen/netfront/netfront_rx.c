/*
 * netfront receive path: every buffer is a whole granted page, granted
 * once at open and re-posted after each frame (grant reuse). A frame
 * may take several slots (feature-sg): nf_rx_chain_scan (netfront_chain.c)
 * judges the chain, this file takes its buffers back, delivers or drops
 * the frame and re-posts every slot. Only the device's receive thread
 * runs this file after open.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <runtime/evtchn.h>

#include "netfront_priv.h"

/* Put buffer b on the ring at the next request index (not yet pushed). */
static void nf_rx_post(struct netfront *nf, unsigned b)
{
	RING_IDX i = nf->rx.req_prod_pvt++;
	netif_rx_request_t *req = RING_GET_REQUEST(&nf->rx, i);

	req->id = (uint16_t)b;
	req->gref = nf->rxb[b].gref;
	nf->rx_slot_buf[i & (NF_RX_RING_SIZE - 1)] = (uint16_t)b;
	nf->rxb[b].posted = true;
}

static void nf_rx_push(struct netfront *nf)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, notify);
	if (notify && nf->port_bound)
		evtchn_notify(nf->port);
}

void nf_rx_post_all(struct netfront *nf)
{
	for (unsigned b = 0; b < NETFRONT_RX_BUFFERS; b++)
		nf_rx_post(nf, b);
	nf_rx_push(nf);
}

static unsigned nf_rx_flags(uint16_t f)
{
	return ((f & NETRXF_csum_blank) ? NETFRONT_RXF_CSUM_BLANK : 0) |
	       ((f & NETRXF_data_validated) ? NETFRONT_RXF_DATA_VALIDATED : 0);
}

/*
 * Check that the n responses from cons on name buffers we posted: data
 * responses echo our id, extra-info slots carry none, so the ring index
 * names their buffer. Anything else is a protocol violation.
 */
static bool nf_rx_ids_valid(struct netfront *nf, RING_IDX cons, unsigned n, bool first_has_extras)
{
	bool extra = false;

	for (unsigned k = 0; k < n; k++) {
		netif_rx_response_t *rsp = RING_GET_RESPONSE(&nf->rx, cons + k);
		unsigned b = nf->rx_slot_buf[(cons + k) & (NF_RX_RING_SIZE - 1)];

		if (b >= NETFRONT_RX_BUFFERS || !nf->rxb[b].posted)
			return false;
		if (extra) {
			extra =
			    (((netif_extra_info_t *)rsp)->flags & XEN_NETIF_EXTRA_FLAG_MORE) != 0;
			continue;
		}
		if (rsp->id != b)
			return false;
		if (k == 0)
			extra = first_has_extras;
	}
	return true;
}

/* Hand the n slots from cons on back to the backend, same buffers. */
static void nf_rx_recycle(struct netfront *nf, RING_IDX cons, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		unsigned b = nf->rx_slot_buf[(cons + k) & (NF_RX_RING_SIZE - 1)];

		nf->rxb[b].posted = false;
		nf_rx_post(nf, b);
	}
	nf->rx.rsp_cons = cons + n;
	nf->stats.rx_refills += n;
}

/* Give the frame of chain c (starting at cons) to the callback. */
static void nf_rx_deliver(struct netfront *nf, RING_IDX cons, const struct nf_rx_chain *c)
{
	struct netfront_iov iov[NETFRONT_RX_MAX_PIECES];
	unsigned flags = nf_rx_flags(c->flags), n = 0;
	bool extra = false;

	nf->stats.rx_packets++;
	nf->stats.rx_bytes += c->len;
	if (c->frags > 1)
		nf->stats.rx_multislot++;
	/* The scan checked every data slot's offset and size; walk the same
	 * layout again, skip the extras and take the non-empty pieces. */
	for (unsigned k = 0; k < c->slots && n < NETFRONT_RX_MAX_PIECES; k++) {
		netif_rx_response_t *rsp = RING_GET_RESPONSE(&nf->rx, cons + k);
		unsigned b = nf->rx_slot_buf[(cons + k) & (NF_RX_RING_SIZE - 1)];

		if (extra) {
			extra =
			    (((netif_extra_info_t *)rsp)->flags & XEN_NETIF_EXTRA_FLAG_MORE) != 0;
			continue;
		}
		if (k == 0)
			extra = (rsp->flags & NETRXF_extra_info) != 0;
		if (rsp->status > 0) {
			iov[n].base = nf->rxb[b].page + rsp->offset;
			iov[n].len = (size_t)rsp->status;
			n++;
		}
	}
	if (nf->rxv_fn) {
		nf->rxv_fn(nf->rx_arg, iov, n, c->len, flags);
	} else if (nf->rx_fn && n == 1) {
		nf->rx_fn(nf->rx_arg, iov[0].base, iov[0].len, flags);
	} else if (nf->rx_fn) {
		struct nf_iov_cursor cur;
		size_t got;

		/* The one copy of this frame on the receive path. */
		nf_iov_start(&cur, iov, n);
		got = nf_iov_gather(&cur, nf->rx_frame, c->len);
		nf->rx_fn(nf->rx_arg, nf->rx_frame, got, flags);
	}
}

/*
 * Skip the rest of a chain cut at NF_RX_MAX_SLOTS: one slot at a time
 * up to the first without NETRXF_more_data. Returns false on a
 * protocol violation.
 */
static bool nf_rx_skip_one(struct netfront *nf, RING_IDX cons)
{
	netif_rx_response_t *rsp = RING_GET_RESPONSE(&nf->rx, cons);

	if (!nf_rx_ids_valid(nf, cons, 1, false))
		return false;
	nf->rx_skip = (rsp->flags & NETRXF_more_data) != 0;
	nf_rx_recycle(nf, cons, 1);
	return true;
}

/*
 * Handle the complete frames that are there; a frame whose slots have
 * not all arrived stays on the ring until they have. Every slot taken
 * is re-posted. Returns how many slots were.
 */
static unsigned nf_rx_drain(struct netfront *nf)
{
	unsigned refilled = 0;

	while (!nf->down) {
		RING_IDX cons = nf->rx.rsp_cons, prod = nf->rx.sring->rsp_prod;
		struct nf_rx_chain c;
		enum nf_rx_verdict v;

		xen_rmb(); /* read responses only after reading the producer */
		nf->rx_seen = prod;
		if (prod - cons > NF_RX_RING_SIZE) {
			nf_mark_down(nf, "backend produced more receive responses than requests");
			break;
		}
		if (cons == prod)
			break;
		if (nf->rx_skip) {
			if (!nf_rx_skip_one(nf, cons)) {
				nf_mark_down(nf, "backend answered with an unknown receive id");
				break;
			}
			refilled++;
			continue;
		}
		v = nf_rx_chain_scan(nf->rx.sring->ring, NF_RX_RING_SIZE, cons, prod,
				     NETFRONT_MAX_FRAME, NF_RX_MAX_SLOTS, &c);
		if (v == NF_RX_PARTIAL)
			break; /* sleep until the backend produces beyond rx_seen */
		if (!nf_rx_ids_valid(nf, cons, c.slots, (c.flags & NETRXF_extra_info) != 0)) {
			nf_mark_down(nf, "backend answered with an unknown receive id");
			break;
		}
		if (v == NF_RX_FRAME) {
			/* May block; the buffers stay ours until recycled. */
			nf_rx_deliver(nf, cons, &c);
		} else {
			nf->stats.rx_drops++;
			if (v == NF_RX_OVERSIZE)
				nf->stats.rx_oversize++;
			else
				nf->stats.rx_malformed++;
			nf->rx_skip = c.unfinished;
		}
		nf_rx_recycle(nf, cons, c.slots);
		refilled += c.slots;
	}
	if (refilled)
		nf_rx_push(nf);
	return refilled;
}

/* Ask for an event once the backend produces beyond rx_seen; true when
 * it already has (then there is no need to sleep). */
static bool nf_rx_more_since_seen(struct netfront *nf)
{
	nf->rx.sring->rsp_event = nf->rx_seen + 1;
	xen_mb(); /* publish rsp_event before re-reading the producer */
	return nf->rx.sring->rsp_prod != nf->rx_seen;
}

void nf_rx_thread(void *arg)
{
	struct netfront *nf = arg;

	nf->rx_seen = nf->rx.rsp_cons;
	for (;;) {
		waitq_prepare(&nf->rx_wq, 0);
		if (nf->stopping || nf->down) {
			waitq_cancel(&nf->rx_wq);
			if (nf->stopping)
				return;
			/* Backend gone: no more frames; wait for close. */
			waitq_wait(&nf->rx_wq, 0);
			continue;
		}
		if (nf_rx_more_since_seen(nf))
			waitq_cancel(&nf->rx_wq);
		else
			waitq_finish(&nf->rx_wq);
		if (!nf->stopping)
			nf_rx_drain(nf);
	}
}
