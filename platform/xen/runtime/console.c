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
 * xen_console_read(_wait) only, in thread context. The ring's event
 * handler only wakes readers waiting for input.
 */
#include <stdbool.h>

#include <runtime/console.h>
#include <runtime/evtchn.h>
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/platform.h>
#include <runtime/shared_info.h>
#include <xen/io/console.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <core/sched.h>

static struct xencons_interface *ring;
static evtchn_port_t ring_port;
static struct waitq input_waiters;

static void console_event(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	waitq_wake_all(&input_waiters);
}

void xen_console_init(void)
{
	if (xen_is_dom0())
		return;
	ring = mfn_to_virt(xen_start_info->console.domU.mfn);
	ring_port = xen_start_info->console.domU.evtchn;
	/* Without the handler, input would only be seen by polling. */
	if (evtchn_bind(ring_port, console_event, NULL) < 0)
		log_warn("console", "cannot bind the console event: input is polled only");
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

static bool input_pending(void)
{
	return __atomic_load_n(&ring->in_prod, __ATOMIC_ACQUIRE) != ring->in_cons;
}

int xen_console_read_wait(char *buf, size_t len, uint64_t deadline_ns)
{
	if (!ring)
		return RX_ENODEV;
	if (len == 0)
		return RX_EINVAL;
	for (;;) {
		waitq_prepare(&input_waiters, deadline_ns);
		if (input_pending()) {
			waitq_cancel(&input_waiters);
			return (int)xen_console_read(buf, len > INT32_MAX ? INT32_MAX : len);
		}
		if (waitq_finish(&input_waiters) == RX_ETIMEDOUT && !input_pending())
			return RX_ETIMEDOUT;
	}
}
