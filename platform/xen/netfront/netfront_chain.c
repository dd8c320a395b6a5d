/* Slot-chain logic of netfront; see netfront_chain.h. Pure: no Xen calls. */
#include <stdbool.h>

#include <core/errors.h>

#include "netfront_chain.h"

static bool nf_extra_type_known(uint8_t type)
{
	return type != XEN_NETIF_EXTRA_TYPE_NONE && type < XEN_NETIF_EXTRA_TYPE_MAX;
}

/*
 * The frame's layout (netif.h, "Guest receive"): a first data slot,
 * extra-info slots after it when it has NETRXF_extra_info (each extra
 * chains the next with XEN_NETIF_EXTRA_FLAG_MORE), then further data
 * slots while the previous data slot has NETRXF_more_data. Extras only
 * follow the first data slot.
 */
enum nf_rx_verdict nf_rx_chain_scan(const union netif_rx_sring_entry *ring, unsigned ring_size,
				    RING_IDX cons, RING_IDX prod, size_t max_frame,
				    unsigned max_slots, struct nf_rx_chain *out)
{
	RING_IDX avail = prod - cons;
	bool bad = false, more = true, want_extra = false;
	unsigned n = 0;

	out->slots = out->frags = 0;
	out->len = 0;
	out->flags = 0;
	out->unfinished = 0;
	while (more || want_extra) {
		const union netif_rx_sring_entry *e;

		if (n >= max_slots) {
			out->slots = n;
			out->unfinished = 1;
			return NF_RX_MALFORMED;
		}
		if (n == avail) {
			out->slots = n;
			return NF_RX_PARTIAL;
		}
		e = &ring[(cons + n) & (ring_size - 1)];
		n++;
		if (want_extra) {
			const netif_extra_info_t *ex = (const netif_extra_info_t *)&e->rsp;

			if (!nf_extra_type_known(ex->type))
				bad = true;
			want_extra = (ex->flags & XEN_NETIF_EXTRA_FLAG_MORE) != 0;
			continue;
		}
		if (out->frags == 0) {
			out->flags = e->rsp.flags;
			want_extra = (e->rsp.flags & NETRXF_extra_info) != 0;
		} else if (e->rsp.flags & NETRXF_extra_info) {
			bad = true; /* extras belong after the first slot only */
		}
		out->frags++;
		if (e->rsp.status < 0 ||
		    (size_t)e->rsp.offset + (size_t)e->rsp.status > NF_PAGE_SIZE)
			bad = true;
		else
			out->len += (size_t)e->rsp.status;
		more = (e->rsp.flags & NETRXF_more_data) != 0;
	}
	out->slots = n;
	if (bad || out->len == 0)
		return NF_RX_MALFORMED;
	if (out->len > max_frame)
		return NF_RX_OVERSIZE;
	return NF_RX_FRAME;
}

int nf_tx_plan(size_t len, uint16_t *sizes, unsigned max)
{
	unsigned n = 0;

	if (len == 0 || (len + NF_PAGE_SIZE - 1) / NF_PAGE_SIZE > max)
		return RX_EINVAL;
	while (len > 0) {
		size_t s = len < NF_PAGE_SIZE ? len : NF_PAGE_SIZE;

		sizes[n++] = (uint16_t)s;
		len -= s;
	}
	return (int)n;
}

void nf_iov_start(struct nf_iov_cursor *c, const struct netfront_iov *iov, size_t iovcnt)
{
	c->iov = iov;
	c->iovcnt = iovcnt;
	c->i = 0;
	c->off = 0;
}

size_t nf_iov_gather(struct nf_iov_cursor *c, void *dst, size_t n)
{
	uint8_t *d = dst;
	size_t done = 0;

	while (done < n && c->i < c->iovcnt) {
		size_t left = c->iov[c->i].len - c->off;
		size_t take = left < n - done ? left : n - done;

		if (take > 0) {
			nf_copy(d + done, (const uint8_t *)c->iov[c->i].base + c->off, take);
			done += take;
			c->off += take;
		}
		if (c->off == c->iov[c->i].len) {
			c->i++;
			c->off = 0;
		}
	}
	return done;
}
