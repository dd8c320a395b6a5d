/*
 * netfront's private state, shared by its files. Calls go one way:
 *   netfront.c (discovery, handshake, teardown, the backend's state)
 *     -> netfront_pages.c (ring and buffer pages, their grants)
 *     -> netfront_rx.c (receive thread, buffer posting) and
 *        netfront_tx.c (sending, completions)
 *     -> netfront_link.c (the link going down, waiting for that) and
 *        netfront_chain.c (ring logic without Xen)
 * A lower file never calls a higher one.
 *
 * Context rules: the rx ring is touched only by the device's receive
 * thread (and by open/close before it starts and after it stopped); the
 * tx ring by whichever thread is sending, never across a block, so the
 * cooperative scheduler keeps each touch atomic. The event handler only
 * counts and wakes. `down` and `stopping` only ever go from false to
 * true while the device is open.
 */
#ifndef RXEN_NETFRONT_PRIV_H
#define RXEN_NETFRONT_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <core/sched.h>
#include <netfront/netfront.h>
#include <runtime/xen.h>
#include <xenbus/xenbus.h>
#include <xenstore/xenstore.h>

#include "netfront_chain.h"

/* Entries of a one-page rx ring (a power of two). */
#define NF_RX_RING_SIZE __CONST_RING_SIZE(netif_rx, 4096)

#define NF_PATH_MAX XENBUS_PATH_MAX
/* No grant: the reserved entry 0 is never handed out to us. */
#define NF_NO_GREF ((grant_ref_t)0)

struct nf_rx_buf {
	uint8_t *page;
	grant_ref_t gref;
	bool posted; /* owned by the backend until its response arrives */
};

struct nf_tx_slot {
	uint8_t *buf; /* a page of its own, granted read-only */
	grant_ref_t gref;
	uint16_t offset;
	bool busy;
};

struct netfront {
	unsigned id;
	struct xenbus_dev xb; /* device/vif/<id>, the backend's directory and domain */
	uint8_t mac[NETFRONT_MAC_LEN];

	netif_tx_front_ring_t tx;
	netif_rx_front_ring_t rx;
	grant_ref_t tx_ring_ref, rx_ring_ref;
	evtchn_port_t port;
	bool port_bound;

	struct nf_rx_buf rxb[NETFRONT_RX_BUFFERS];
	/* Which buffer sits at each rx ring index (extra-info responses
	 * carry no id, so the index is what names their buffer). */
	uint16_t rx_slot_buf[NF_RX_RING_SIZE];
	struct nf_tx_slot txs[NETFRONT_TX_SLOTS];
	uint16_t tx_free[NETFRONT_TX_SLOTS];
	unsigned tx_nfree;

	netfront_rx_fn rx_fn; /* at most one of the two is set */
	netfront_rxv_fn rxv_fn;
	void *rx_arg;
	/* Frames of several slots are assembled here for rx_fn
	 * (NETFRONT_MAX_FRAME bytes; only the receive thread uses it). */
	uint8_t *rx_frame;
	/* The rest of a chain cut at NF_RX_MAX_SLOTS is still to come:
	 * skip slots up to the one without NETRXF_more_data. */
	bool rx_skip;
	/* rsp_prod as last read by the receive thread: it sleeps until the
	 * backend produces beyond it (an incomplete chain waits there). */
	RING_IDX rx_seen;
	bool backend_sg; /* the backend offers feature-sg */

	struct waitq rx_wq;	/* receive thread: responses or stop */
	struct waitq tx_wq;	/* senders waiting for a slot */
	struct waitq down_wq;	/* netfront_wait_down */
	volatile bool down;	/* backend left or broke the protocol */
	volatile bool stopping; /* netfront_close asked threads to end */
	bool connected;		/* the handshake completed */
	bool following;		/* backend followed: our state is to be reset */
	struct thread *rx_thread;
	struct xenbus_follower backend; /* the backend's state */

	struct netfront_stats stats;
	struct netfront *next; /* open devices */
};

/* The largest frame this device sends (netfront_max_frame). */
static inline size_t nf_max_frame(const struct netfront *nf)
{
	return nf->backend_sg ? NETFRONT_MAX_FRAME : NETFRONT_BASE_FRAME;
}

/* netfront_pages.c */
/* Mark every page and grant as absent (before nf_pages_setup). */
void nf_pages_init(struct netfront *nf);
/* Allocate, zero and grant the ring pages, the receive buffers and the
 * transmit slots' pages; attach the rings. 0, RX_ENOMEM or a grant
 * error (what was set up stays for nf_pages_release). */
int nf_pages_setup(struct netfront *nf);
/* Revoke and free all of it; a page the backend still maps is leaked
 * rather than reused. Safe after a partial setup. */
void nf_pages_release(struct netfront *nf);

/* netfront_rx.c */
void nf_rx_post_all(struct netfront *nf);
void nf_rx_thread(void *arg);
/* netfront_tx.c */
void nf_tx_init_slots(struct netfront *nf);
/* netfront_link.c: the link is down for good (backend gone or broken);
 * wakes every thread that waits on the device. Thread context. */
void nf_mark_down(struct netfront *nf, const char *why);

#endif
