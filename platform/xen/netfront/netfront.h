/*
 * netfront: the guest side of Xen's split network driver (one virtual
 * NIC per xenstore node device/vif/<id>).
 *
 * What the caller gets:
 *   - netfront_list() names the vifs the toolstack gave the domain;
 *   - netfront_open() connects one (xenstore handshake with netback,
 *     rings, event channel, posted receive buffers) and starts its
 *     receive thread;
 *   - netfront_send() copies a frame once into granted transmit
 *     buffers and returns; it keeps no pointer into the caller's data;
 *   - received frames reach the rx callback, one call per frame, in the
 *     device's receive thread (thread context: the callback may block,
 *     though a slow callback delays later frames and may make netback
 *     drop them). The frame pointer is valid only during the call: the
 *     buffer goes back to the backend when the callback returns. A frame
 *     that arrived in one slot is passed in place; one that arrived in
 *     several slots (scatter-gather) is first copied into a per-device
 *     frame buffer, so the callback always sees contiguous bytes. A
 *     caller that takes pieces (netfront_open_rxv) gets the slots' bytes
 *     in place and no copy is made;
 *   - netfront_close() disconnects cleanly and frees everything.
 *
 * Context rules: all functions are thread context (they may block on
 * xenstore or on ring space) except netfront_mac, netfront_state and
 * netfront_get_stats, which never block. One device is used by one
 * thread at a time for sending; the rx callback runs in its own thread.
 *
 * The backend can go away at any time (vif detached, dom0 toolstack
 * gone). The device then reports RX_ESHUTDOWN from netfront_send and
 * netfront_state, and netfront_wait_down returns; no call hangs on a
 * dead backend. Malformed xenstore data (a bad "mac", a missing
 * "backend") makes netfront_open fail with RX_EPROTO or RX_ENOENT and
 * a log line saying which key was wrong.
 *
 * Features offered to the backend: receive by copy (request-rx-copy),
 * rx notifications, and no checksum offload (feature-no-csum-offload):
 * our frames carry complete checksums and we ask for the same on
 * receive. A local sender's frame may still arrive flagged with a blank
 * or validated checksum; those flags are passed to the callback.
 *
 * Scatter-gather (feature-sg=1 offered): netback may split a received
 * frame over several slots, and the vif's MTU may then be raised above
 * 1500 in dom0. Received frames up to NETFRONT_MAX_FRAME bytes are
 * delivered; longer ones, and malformed slot chains, are dropped and
 * counted, their buffers re-posted. Sending frames above one page needs
 * the backend's feature-sg; without it a device takes frames up to
 * NETFRONT_BASE_FRAME (MTU 1500) and refuses longer ones with RX_E2BIG.
 */
#ifndef RXEN_NETFRONT_H
#define RXEN_NETFRONT_H

#include <stddef.h>
#include <stdint.h>

#define NETFRONT_MAC_LEN 6
/* The largest frame (without FCS) we send or accept: MTU 9000 plus the
 * Ethernet header and one VLAN tag. Above one page, so it needs
 * scatter-gather on both sides. */
#define NETFRONT_MAX_FRAME 9018
/* The largest frame of a backend without feature-sg (MTU 1500). */
#define NETFRONT_BASE_FRAME 1514
/* Receive buffers kept posted and transmit slots per device. */
#define NETFRONT_RX_BUFFERS 128
#define NETFRONT_TX_SLOTS 64
/* How long open waits for the backend to reach each handshake state. */
#define NETFRONT_CONNECT_TIMEOUT_NS (20ull * 1000000000ull)
/* How long send waits for a free transmit slot before dropping. */
#define NETFRONT_TX_WAIT_NS (1000ull * 1000000ull)

struct netfront;

/* Receive flags passed to the callback. */
#define NETFRONT_RXF_CSUM_BLANK 0x1u	 /* transport checksum not filled in */
#define NETFRONT_RXF_DATA_VALIDATED 0x2u /* sender vouches for the data */

typedef void (*netfront_rx_fn)(void *arg, const void *frame, size_t len, unsigned flags);

/* A piece of a frame (netfront_sendv, netfront_rxv_fn). */
struct netfront_iov {
	const void *base;
	size_t len;
};

/* Receive callback taking the frame in pieces (1..NETFRONT_RX_MAX_PIECES,
 * each non-empty, len bytes in all), valid only during the call. */
typedef void (*netfront_rxv_fn)(void *arg, const struct netfront_iov *iov, size_t iovcnt,
				size_t len, unsigned flags);
#define NETFRONT_RX_MAX_PIECES 24

/*
 * The ids of device/vif/<id> in ascending order, at most max of them.
 * Returns how many exist (may exceed max), 0 when there are none.
 */
int netfront_list(unsigned *ids, unsigned max);

/* Connect vif <id>. rx may be NULL (frames are then counted and
 * dropped). RX_EBUSY when the device is already open. */
int netfront_open(unsigned id, netfront_rx_fn rx, void *arg, struct netfront **out);
/* The same with a callback that takes the frame in pieces: frames that
 * arrive in several slots reach it without any copy. */
int netfront_open_rxv(unsigned id, netfront_rxv_fn rxv, void *arg, struct netfront **out);

/* Disconnect (frontend Closing, then Closed), stop the receive thread
 * (waits for a running callback to return; do not call from the
 * callback), end all grants and free the device. Returns 0, or the
 * error that made the disconnect unclean; the device is freed either
 * way. */
int netfront_close(struct netfront *nf);

/* The MAC address from xenstore. */
void netfront_mac(const struct netfront *nf, uint8_t mac[NETFRONT_MAC_LEN]);
unsigned netfront_id(const struct netfront *nf);
/* The largest frame this device sends: NETFRONT_MAX_FRAME when the
 * backend offers feature-sg, NETFRONT_BASE_FRAME otherwise. Receiving
 * accepts up to NETFRONT_MAX_FRAME either way. */
size_t netfront_max_frame(const struct netfront *nf);

/*
 * Send one Ethernet frame (no FCS), 14..netfront_max_frame() bytes. The
 * data is copied once; the caller's buffer is free when this returns.
 * A frame above one page goes out in several slots (each one page,
 * NETTXF_more_data on all but the last); the whole frame waits for all
 * its slots, never part of it. Returns 0 once the frame is on the ring,
 * RX_EINVAL for a length outside 14..NETFRONT_MAX_FRAME, RX_E2BIG for
 * one above NETFRONT_BASE_FRAME when the backend has no feature-sg,
 * RX_ESHUTDOWN when the backend is gone, RX_ENOSPC when its slots did
 * not come free within NETFRONT_TX_WAIT_NS (the frame is dropped and
 * counted).
 */
int netfront_send(struct netfront *nf, const void *frame, size_t len);
/* The same for a frame in pieces (gathered with the one copy). */
int netfront_sendv(struct netfront *nf, const struct netfront_iov *iov, size_t iovcnt);

/* 0 while connected, RX_ESHUTDOWN once the backend left. */
int netfront_state(const struct netfront *nf);
/* Block until the backend leaves (0) or until deadline_ns (monotonic,
 * 0 = none) passes (RX_ETIMEDOUT). */
int netfront_wait_down(struct netfront *nf, uint64_t deadline_ns);

struct netfront_stats {
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t tx_drops;  /* no slot in time, or the backend gone */
	uint64_t tx_errors; /* backend answered with an error status */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t rx_drops;     /* dropped frames: rx_oversize + rx_malformed */
	uint64_t rx_refills;   /* buffers handed back to the backend */
	uint64_t events;       /* event-channel notifications received */
	uint64_t rx_oversize;  /* well-formed frames above NETFRONT_MAX_FRAME */
	uint64_t rx_malformed; /* error status, bad offset/size or slot chain */
	uint64_t rx_multislot; /* delivered frames that took several slots */
	uint64_t tx_multislot; /* sent frames that took several slots */
};
void netfront_get_stats(const struct netfront *nf, struct netfront_stats *out);

/*
 * Parse the xenstore "mac" value: six two-digit hex bytes joined by
 * ':'. RX_EINVAL for anything else (mac untouched). Pure; host-tested.
 */
int netfront_mac_parse(const char *text, uint8_t mac[NETFRONT_MAC_LEN]);

#endif
