/*
 * Event channels (2-level ABI): the handler table, the dispatch loop the
 * upcall runs, and the event mask that plat_irq_save/restore drive.
 *
 * Invariants: handler[] is changed only with events disabled; the
 * dispatch loop runs with events disabled (PV: Xen masks them on
 * upcall; PVH: the callback vector's interrupt gate clears IF);
 * a port without a handler stays masked.
 */
#include <runtime/evtchn.h>
#include <runtime/hypercall.h>
#include <runtime/mode.h>
#include <runtime/shared_info.h>

#include <core/errors.h>
#include <core/plat.h>

#define NR_PORTS (sizeof(xen_shared_info->evtchn_pending) * 8)
#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

struct binding {
	evtchn_handler_t fn;
	void *arg;
};

static struct binding handlers[NR_PORTS];
static struct evtchn_stats stats;

static void set_bit_locked(unsigned nr, xen_ulong_t *words)
{
	__atomic_fetch_or(&words[nr / BITS_PER_WORD], (xen_ulong_t)1 << (nr % BITS_PER_WORD),
			  __ATOMIC_SEQ_CST);
}

static void clear_bit_locked(unsigned nr, xen_ulong_t *words)
{
	__atomic_fetch_and(&words[nr / BITS_PER_WORD], ~((xen_ulong_t)1 << (nr % BITS_PER_WORD)),
			   __ATOMIC_SEQ_CST);
}

/* ---- the event mask: plat_irq_save / plat_irq_restore ---- */

/* PV: the vcpu's upcall mask; PVH: the interrupt flag (runtime/mode.h). */
unsigned long plat_irq_save(void) { return xen_mode->events_off(); }

void plat_irq_restore(unsigned long flags) { xen_mode->events_restore(flags); }

/* ---- dispatch ---- */

void evtchn_do_upcall(void)
{
	struct vcpu_info *v = xen_vcpu0();
	shared_info_t *s = xen_shared_info;

	stats.upcalls++;
	while (__atomic_load_n(&v->evtchn_upcall_pending, __ATOMIC_SEQ_CST)) {
		v->evtchn_upcall_pending = 0;
		xen_ulong_t sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned w = (unsigned)__builtin_ctzl(sel);
			sel &= sel - 1;
			xen_ulong_t bits;
			while ((bits = __atomic_load_n(&s->evtchn_pending[w], __ATOMIC_SEQ_CST) &
				       ~__atomic_load_n(&s->evtchn_mask[w], __ATOMIC_SEQ_CST))) {
				unsigned port = w * BITS_PER_WORD + (unsigned)__builtin_ctzl(bits);
				clear_bit_locked(port, s->evtchn_pending);
				if (handlers[port].fn) {
					stats.events++;
					handlers[port].fn(port, handlers[port].arg);
				} else {
					stats.unhandled++;
					set_bit_locked(port, s->evtchn_mask);
				}
			}
		}
	}
}

void evtchn_init(void)
{
	for (unsigned p = 0; p < NR_PORTS; p++)
		set_bit_locked(p, xen_shared_info->evtchn_mask);
}

void evtchn_mask(evtchn_port_t port)
{
	if (port < NR_PORTS)
		set_bit_locked(port, xen_shared_info->evtchn_mask);
}

void evtchn_clear(evtchn_port_t port)
{
	if (port < NR_PORTS)
		clear_bit_locked(port, xen_shared_info->evtchn_pending);
}

void evtchn_unmask(evtchn_port_t port)
{
	if (port >= NR_PORTS)
		return;
	/* Xen re-raises the upcall for a port pending while masked. */
	struct evtchn_unmask op = {.port = port};
	HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

/* ---- binding ---- */

int evtchn_bind(evtchn_port_t port, evtchn_handler_t handler, void *arg)
{
	if (port >= NR_PORTS || !handler)
		return RX_EINVAL;
	unsigned long flags = plat_irq_save();
	int rc = 0;
	if (handlers[port].fn) {
		rc = RX_EBUSY;
	} else {
		handlers[port].fn = handler;
		handlers[port].arg = arg;
	}
	plat_irq_restore(flags);
	if (rc == 0)
		evtchn_unmask(port);
	return rc;
}

int evtchn_unbind(evtchn_port_t port)
{
	if (port >= NR_PORTS)
		return RX_EINVAL;
	unsigned long flags = plat_irq_save();
	evtchn_mask(port);
	int rc = handlers[port].fn ? 0 : RX_ENOENT;
	handlers[port].fn = NULL;
	handlers[port].arg = NULL;
	plat_irq_restore(flags);
	return rc;
}

int evtchn_bind_virq(uint32_t virq, evtchn_handler_t handler, void *arg, evtchn_port_t *port)
{
	struct evtchn_bind_virq op = {.virq = virq, .vcpu = 0};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);
	if (rc)
		return xen_errno_to_rx(rc);
	if (handler) {
		int err = evtchn_bind(op.port, handler, arg);
		if (err) {
			evtchn_close(op.port);
			return err;
		}
	}
	*port = op.port;
	return 0;
}

int evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port, evtchn_handler_t handler,
			    void *arg, evtchn_port_t *local_port)
{
	struct evtchn_bind_interdomain op = {.remote_dom = remote_dom, .remote_port = remote_port};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);
	if (rc)
		return xen_errno_to_rx(rc);
	if (handler) {
		int err = evtchn_bind(op.local_port, handler, arg);
		if (err) {
			evtchn_close(op.local_port);
			return err;
		}
	}
	*local_port = op.local_port;
	return 0;
}

int evtchn_alloc_unbound(domid_t remote_dom, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = {.dom = DOMID_SELF, .remote_dom = remote_dom};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);
	if (rc)
		return xen_errno_to_rx(rc);
	*port = op.port;
	return 0;
}

int evtchn_close(evtchn_port_t port)
{
	if (port >= NR_PORTS)
		return RX_EINVAL;
	evtchn_unbind(port);
	struct evtchn_close op = {.port = port};
	return xen_errno_to_rx(HYPERVISOR_event_channel_op(EVTCHNOP_close, &op));
}

int evtchn_notify(evtchn_port_t port)
{
	struct evtchn_send op = {.port = port};
	return xen_errno_to_rx(HYPERVISOR_event_channel_op(EVTCHNOP_send, &op));
}

void evtchn_get_stats(struct evtchn_stats *out) { *out = stats; }
