/*
 * A polled xenstore write for the exit path when the threaded client
 * (xenstore.h) cannot be used: an exit before threads exist, with events
 * masked, or after the
 * client failed. One request at a time, spinning on the ring with
 * SCHEDOP_yield; replies to other requests and watch events are
 * skipped. At exit nothing else uses the ring any more.
 */
#include <runtime/evtchn.h>
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/platform.h>
#include <runtime/shared_info.h>

#include <core/errors.h>
#include <core/plat.h>
#include <core/str.h>

#include "xenstore.h"
#include "xs_wire.h"

#define POLL_REQ_ID 0x7f000000u
#define POLL_TIMEOUT_NS (10ull * 1000000000ull)

static struct xs_reader reply;
static uint32_t next_req = POLL_REQ_ID;

static struct xenstore_domain_interface *store_ring(void)
{
	if (xen_is_dom0() || !xen_start_info->store_mfn)
		return NULL;
	return mfn_to_virt(xen_start_info->store_mfn);
}

/* Send r and wait for its reply (left in `reply`). */
static int transact(struct xs_req *r, uint32_t type)
{
	struct xenstore_domain_interface *intf = store_ring();
	evtchn_port_t port = xen_start_info->store_evtchn;
	size_t total, sent = 0;
	int rc;

	if (!intf)
		return RX_ENODEV;
	rc = xs_req_finish(r, &total);
	if (rc)
		return rc;
	uint64_t deadline = plat_monotonic_ns() + POLL_TIMEOUT_NS;
	while (sent < total) {
		rc = xs_ring_write(intf, r->buf + sent, total - sent);
		if (rc < 0)
			return rc;
		sent += (size_t)rc;
		evtchn_notify(port);
		if (sent < total) {
			if (plat_monotonic_ns() > deadline)
				return RX_ETIMEDOUT;
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		}
	}
	xs_reader_reset(&reply);
	for (;;) {
		rc = xs_reader_pull(&reply, intf);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			evtchn_notify(port);
			if (reply.hdr.req_id == r->hdr.req_id && reply.hdr.type != XS_WATCH_EVENT)
				return xs_reply_status(&reply.hdr, reply.body, type);
			xs_reader_reset(&reply);
			continue;
		}
		if (plat_monotonic_ns() > deadline)
			return RX_ETIMEDOUT;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

int store_poll_write(const char *path, const char *value)
{
	static struct xs_req r;
	if (xs_path_check(path))
		return RX_EINVAL;
	/* Anything longer than a payload is refused by xs_req_add_raw. */
	size_t len = str_nlen(value, XENSTORE_PAYLOAD_MAX + 1);
	xs_req_init(&r, XS_WRITE, next_req++, 0);
	xs_req_add_str(&r, path);
	xs_req_add_raw(&r, value, len);
	int rc = transact(&r, XS_WRITE);
	if (rc)
		return rc;
	return xs_reply_expect_ok(reply.body, reply.hdr.len);
}
