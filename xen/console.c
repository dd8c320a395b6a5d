/*
 * Console output and input.
 *
 * domU: the PV console ring (start_info console.domU.mfn/evtchn), served
 * by xenconsoled. Output never drops bytes: when the ring is full we
 * notify the backend and yield the vcpu until it has made room.
 * dom0: HYPERVISOR_console_io, which dom0 may always use.
 * Before xen_console_init, output goes to console_io (dom0 and debug
 * builds of Xen show it).
 *
 * Writers are serialised with events disabled; input is consumed by
 * xen_console_read only, in thread context.
 */
#include <rxen/console.h>
#include <rxen/evtchn.h>
#include <rxen/hypercall.h>
#include <rxen/mm.h>
#include <rxen/platform.h>
#include <rxen/shared_info.h>
#include <xen/io/console.h>

#include <core/plat.h>

static struct xencons_interface *ring;
static evtchn_port_t ring_port;

void xen_console_init(void)
{
	if (xen_is_dom0())
		return;
	ring = mfn_to_virt(xen_start_info->console.domU.mfn);
	ring_port = xen_start_info->console.domU.evtchn;
}

static void ring_write(const char *buf, size_t len)
{
	while (len > 0) {
		XENCONS_RING_IDX cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
		XENCONS_RING_IDX prod = ring->out_prod;
		size_t space = sizeof(ring->out) - (prod - cons);

		if (space == 0) {
			/* Full: let xenconsoled run, then look again. */
			evtchn_notify(ring_port);
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		size_t n = len < space ? len : space;
		for (size_t i = 0; i < n; i++)
			ring->out[MASK_XENCONS_IDX(prod + i, ring->out)] = buf[i];
		__atomic_store_n(&ring->out_prod, prod + (XENCONS_RING_IDX)n, __ATOMIC_RELEASE);
		buf += n;
		len -= n;
	}
	evtchn_notify(ring_port);
}

void xen_console_write(const char *buf, size_t len)
{
	if (ring) {
		ring_write(buf, len);
		return;
	}
	while (len > 0) {
		unsigned n = len > 1024 ? 1024 : (unsigned)len;
		HYPERVISOR_console_io(CONSOLEIO_write, n, buf);
		buf += n;
		len -= n;
	}
}

void plat_console_write(const char *buf, size_t len)
{
	unsigned long flags = plat_irq_save();
	xen_console_write(buf, len);
	plat_irq_restore(flags);
}

void xen_console_flush(void)
{
	if (!ring)
		return;
	/* Bounded: a dead backend must not keep us from shutting down. */
	for (unsigned spins = 0; spins < 20000; spins++) {
		if (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) == ring->out_prod)
			return;
		evtchn_notify(ring_port);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

size_t xen_console_read(char *buf, size_t len)
{
	size_t n = 0;

	if (!ring)
		return 0;
	XENCONS_RING_IDX prod = __atomic_load_n(&ring->in_prod, __ATOMIC_ACQUIRE);
	XENCONS_RING_IDX cons = ring->in_cons;
	while (n < len && cons != prod)
		buf[n++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
	__atomic_store_n(&ring->in_cons, cons, __ATOMIC_RELEASE);
	if (n)
		evtchn_notify(ring_port);
	return n;
}
