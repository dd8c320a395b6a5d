/*
 * Copying bytes through the xenstore shared ring page and reassembling
 * messages from it. No events and no threads here (see xs_wire.h); the
 * peer runs concurrently on another CPU, so every index is read once
 * and fenced.
 */
#include "xs_wire.h"

#include <core/errors.h>

static XENSTORE_RING_IDX load_idx(const XENSTORE_RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_idx(XENSTORE_RING_IDX *p, XENSTORE_RING_IDX v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

int xs_ring_write(struct xenstore_domain_interface *intf, const void *data, size_t len)
{
	const char *src = data;
	XENSTORE_RING_IDX cons = load_idx(&intf->req_cons);
	XENSTORE_RING_IDX prod = intf->req_prod; /* ours */
	XENSTORE_RING_IDX used = prod - cons;

	if (used > XENSTORE_RING_SIZE)
		return RX_EPROTO;
	size_t space = XENSTORE_RING_SIZE - used;
	size_t n = len < space ? len : space;
	for (size_t i = 0; i < n; i++)
		intf->req[MASK_XENSTORE_IDX(prod + (XENSTORE_RING_IDX)i)] = src[i];
	/* Bytes before index: the release store orders them. */
	store_idx(&intf->req_prod, prod + (XENSTORE_RING_IDX)n);
	return (int)n;
}

int xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t len)
{
	char *dst = buf;
	XENSTORE_RING_IDX prod = load_idx(&intf->rsp_prod);
	XENSTORE_RING_IDX cons = intf->rsp_cons; /* ours */
	XENSTORE_RING_IDX avail = prod - cons;

	if (avail > XENSTORE_RING_SIZE)
		return RX_EPROTO;
	size_t n = len < avail ? len : avail;
	for (size_t i = 0; i < n; i++)
		dst[i] = intf->rsp[MASK_XENSTORE_IDX(cons + (XENSTORE_RING_IDX)i)];
	/* Finish reading the bytes before handing the space back. */
	store_idx(&intf->rsp_cons, cons + (XENSTORE_RING_IDX)n);
	return (int)n;
}

void xs_reader_reset(struct xs_reader *rd) { rd->have = 0; }

int xs_reader_pull(struct xs_reader *rd, struct xenstore_domain_interface *intf)
{
	int n;

	if (rd->have < XS_HDR_SIZE) {
		n = xs_ring_read(intf, (char *)&rd->hdr + rd->have, XS_HDR_SIZE - rd->have);
		if (n < 0)
			return n;
		rd->have += (size_t)n;
		if (rd->have < XS_HDR_SIZE)
			return 0;
		if (xs_hdr_check(&rd->hdr))
			return RX_EPROTO;
	}
	size_t got = rd->have - XS_HDR_SIZE;
	if (got < rd->hdr.len) {
		n = xs_ring_read(intf, rd->body + got, rd->hdr.len - got);
		if (n < 0)
			return n;
		rd->have += (size_t)n;
		got += (size_t)n;
	}
	if (got < rd->hdr.len)
		return 0;
	rd->body[rd->hdr.len] = '\0';
	return 1;
}
