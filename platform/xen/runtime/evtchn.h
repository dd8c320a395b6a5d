/*
 * Event channels: binding ports to handlers, and the upcall that
 * dispatches pending ports.
 *
 * Context rules: handlers run in irq context (the event upcall, events
 * disabled) and may only wake threads (waitq_wake_*, thread_wake) or
 * touch state that is itself only touched with events disabled. They
 * must not block, allocate or log at length.
 *
 * All functions below return 0 / a port number, or a negative rx_error.
 * A port is masked until it is bound to a handler; evtchn_bind unmasks.
 */
#ifndef RXEN_EVTCHN_H
#define RXEN_EVTCHN_H

#include <runtime/xen.h>

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *arg);

/* Install a handler for a port we already hold and unmask it.
 * RX_EINVAL for a port out of range, RX_EBUSY if already bound. */
int evtchn_bind(evtchn_port_t port, evtchn_handler_t handler, void *arg);
/* Remove the handler and mask the port (does not close it). */
int evtchn_unbind(evtchn_port_t port);

/* Bind a VIRQ on vcpu 0 to a new port, install the handler; *port out. */
int evtchn_bind_virq(uint32_t virq, evtchn_handler_t handler, void *arg, evtchn_port_t *port);
/* Connect to a remote domain's unbound port; *local_port out. Handler
 * installed (may be NULL to bind later with evtchn_bind). */
int evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port, evtchn_handler_t handler,
			    void *arg, evtchn_port_t *local_port);
/* Allocate a port that remote_dom may connect to; *port out. */
int evtchn_alloc_unbound(domid_t remote_dom, evtchn_port_t *port);
/* Close a port (unbinds the handler first). */
int evtchn_close(evtchn_port_t port);

/* Notify the other end. irq-safe. */
int evtchn_notify(evtchn_port_t port);

void evtchn_mask(evtchn_port_t port);
/* Unmask; if an event arrived while masked, it is delivered. */
void evtchn_unmask(evtchn_port_t port);
void evtchn_clear(evtchn_port_t port);

/* Boot: mask everything, install the upcall. */
void evtchn_init(void);

/* Called by the upcall entry with events disabled: run handlers of all
 * pending, unmasked ports until none is left. */
void evtchn_do_upcall(void);

/* Counters (tests/bench). */
struct evtchn_stats {
	uint64_t upcalls;
	uint64_t events;    /* handler invocations */
	uint64_t unhandled; /* pending ports with no handler */
};
void evtchn_get_stats(struct evtchn_stats *out);

#endif
