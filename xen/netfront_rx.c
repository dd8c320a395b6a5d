/*
 * netfront receive path: every buffer is a whole granted page, granted
 * once at open and re-posted after each frame (grant reuse). Only the
 * device's receive thread runs this file after open.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <rxen/evtchn.h>

#include "netfront_internal.h"

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
 * The buffer behind the response at ring index i: normal responses
 * echo our id, extra-info slots carry none. An id that was not posted
 * is a protocol violation; return -1 then.
 */
static int nf_rx_buffer_at(struct netfront *nf, RING_IDX i, bool extra)
{
	unsigned b = nf->rx_slot_buf[i & (NF_RX_RING_SIZE - 1)];

	if (!extra) {
		netif_rx_response_t *rsp = RING_GET_RESPONSE(&nf->rx, i);

		if (rsp->id != b)
			return -1;
	}
	if (b >= NETFRONT_RX_BUFFERS || !nf->rxb[b].posted)
		return -1;
	nf->rxb[b].posted = false;
	return (int)b;
}

/*
 * Handle all responses that are there; returns how many buffers were
 * re-posted. Frames spread over several slots (we did not offer
 * feature-sg) or followed by extra-info slots are dropped whole, their
 * buffers re-posted.
 */
static unsigned nf_rx_drain(struct netfront *nf)
{
	RING_IDX cons = nf->rx.rsp_cons, prod = nf->rx.sring->rsp_prod;
	unsigned refilled = 0;
	bool dropping = false; /* inside a frame we are discarding */
	unsigned extras = 0;   /* extra-info slots still to skip */

	xen_rmb(); /* read responses only after reading the producer */
	while (cons != prod && !nf->down) {
		netif_rx_response_t *rsp = RING_GET_RESPONSE(&nf->rx, cons);
		bool extra = extras > 0;
		uint16_t flags = extra ? 0 : rsp->flags;
		int16_t status = extra ? 0 : rsp->status;
		uint16_t offset = extra ? 0 : rsp->offset;
		int b = nf_rx_buffer_at(nf, cons, extra);

		if (b < 0) {
			nf_mark_down(nf, "backend answered with an unknown receive id");
			break;
		}
		if (extra) {
			/* The extra-info layout carries its own "more" bit. */
			netif_extra_info_t *ex = (netif_extra_info_t *)rsp;

			extras = (ex->flags & XEN_NETIF_EXTRA_FLAG_MORE) ? extras : extras - 1;
		} else {
			bool continuing = dropping;

			if (flags & NETRXF_extra_info)
				extras = 1;
			if (continuing || (flags & (NETRXF_more_data | NETRXF_extra_info)) ||
			    status <= 0 || (size_t)offset + (size_t)status > PAGE_SIZE ||
			    status > NETFRONT_MAX_FRAME) {
				if (!continuing)
					nf->stats.rx_drops++; /* once per frame */
				dropping = (flags & NETRXF_more_data) != 0;
			} else {
				nf->stats.rx_packets++;
				nf->stats.rx_bytes += (uint64_t)status;
				if (nf->rx_fn)
					nf->rx_fn(nf->rx_arg, nf->rxb[b].page + offset,
						  (size_t)status, nf_rx_flags(flags));
			}
		}
		cons++;
		nf->rx.rsp_cons = cons;
		nf_rx_post(nf, (unsigned)b);
		refilled++;
		/* The callback may have blocked; pick up responses that came meanwhile. */
		prod = nf->rx.sring->rsp_prod;
		xen_rmb();
	}
	if (refilled) {
		nf->stats.rx_refills += refilled;
		nf_rx_push(nf);
	}
	return refilled;
}

void nf_rx_thread(void *arg)
{
	struct netfront *nf = arg;

	for (;;) {
		int more;

		waitq_prepare(&nf->rx_wq, 0);
		if (nf->stopping || nf->down) {
			waitq_cancel(&nf->rx_wq);
			if (nf->stopping)
				return;
			/* Backend gone: no more frames; wait for close. */
			waitq_wait(&nf->rx_wq, 0);
			continue;
		}
		RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more);
		if (more)
			waitq_cancel(&nf->rx_wq);
		else
			waitq_finish(&nf->rx_wq);
		if (!nf->stopping)
			nf_rx_drain(nf);
	}
}
