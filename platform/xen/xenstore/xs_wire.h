/*
 * xenstore wire format: messages are a struct xsd_sockmsg header followed
 * by `len` payload bytes (at most XENSTORE_PAYLOAD_MAX), usually one or
 * more NUL-terminated strings. This part knows nothing of rings, events
 * or threads, so it builds for the guest and for host unit tests alike.
 *
 * Everything received from the peer is untrusted: every parser here
 * checks lengths and terminators and returns RX_EPROTO on malformed
 * input, never reading outside the bytes it was given.
 */
#ifndef RXEN_XS_WIRE_H
#define RXEN_XS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

#define XS_HDR_SIZE sizeof(struct xsd_sockmsg)
#define XS_MSG_MAX (XS_HDR_SIZE + XENSTORE_PAYLOAD_MAX)

/* A request under construction; buf holds header then payload. */
struct xs_req {
	union {
		struct xsd_sockmsg hdr;
		char buf[XS_MSG_MAX];
	};
	size_t len; /* payload bytes so far */
	int error;  /* first error while building; later adds are ignored */
};

void xs_req_init(struct xs_req *r, uint32_t type, uint32_t req_id, uint32_t tx_id);
/* Append a string and its terminating NUL. */
void xs_req_add_str(struct xs_req *r, const char *s);
/* Append raw bytes, no terminator (the value of XS_WRITE). */
void xs_req_add_raw(struct xs_req *r, const void *data, size_t len);
/* Finish: 0 and *total = header + payload bytes to send, or the first
 * error (RX_E2BIG when the payload exceeds XENSTORE_PAYLOAD_MAX). */
int xs_req_finish(struct xs_req *r, size_t *total);

/* 0 when path is a syntactically valid xenstore path (absolute or
 * relative, within the length limits, characters [A-Za-z0-9_@/-], no
 * empty components); RX_EINVAL otherwise; RX_E2BIG when too long. */
int xs_path_check(const char *path);
/* Same for a watch token: 1..XS_TOKEN_MAX printable bytes. */
#define XS_TOKEN_MAX 255
int xs_token_check(const char *token);

/* Map an error name ("ENOENT", ...) to an rx_error; unknown -> RX_EIO. */
int xs_error_from_name(const char *name, size_t len);

/* Validate a received header: RX_EPROTO when len exceeds the maximum or
 * the type is not a known message type. */
int xs_hdr_check(const struct xsd_sockmsg *h);

/*
 * Status of a reply to a request of type `expected`: 0 if it is that
 * type; the mapped error for XS_ERROR (whose payload must be a
 * NUL-terminated name); RX_EPROTO for anything else.
 */
int xs_reply_status(const struct xsd_sockmsg *h, const char *payload, uint32_t expected);

/* Replies that carry only "OK": 0 or RX_EPROTO. */
int xs_reply_expect_ok(const char *payload, size_t len);

/* Transaction id from an XS_TRANSACTION_START reply: decimal, non-zero,
 * fits 32 bits, NUL-terminated. 0 or RX_EPROTO. */
int xs_reply_tx_id(const char *payload, size_t len, uint32_t *tx_id);

/*
 * Directory listing: zero or more NUL-terminated names packed together.
 * xs_dir_check returns the number of entries or RX_EPROTO (missing final
 * NUL, empty name). xs_dir_next walks a checked listing: returns the
 * next name and advances *pos, NULL at the end.
 */
int xs_dir_check(const char *payload, size_t len);
const char *xs_dir_next(const char *payload, size_t len, size_t *pos);

/* XS_WATCH_EVENT payload: "path\0token\0" (extra fields ignored).
 * 0 or RX_EPROTO; the pointers point into payload. */
int xs_watch_event_parse(const char *payload, size_t len, const char **path, const char **token);

/*
 * The shared ring page (struct xenstore_domain_interface). We produce
 * into req[] and consume from rsp[]; the peer does the opposite. The
 * indices are free-running; a peer that moves them by more than the
 * ring size is broken (RX_EPROTO).
 *
 * xs_ring_write copies as much of data as fits and returns the count
 * (0 when full). xs_ring_read copies up to len available bytes and
 * returns the count. Both publish the index with the barriers the
 * protocol needs; the caller notifies the peer when the count is > 0.
 */
struct xenstore_domain_interface;
int xs_ring_write(struct xenstore_domain_interface *intf, const void *data, size_t len);
int xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t len);

/*
 * Reassembly of incoming messages from the ring: pull as many bytes as
 * are available; a message may arrive in several pieces. The payload is
 * kept NUL-terminated (one spare byte) so string helpers stay in bounds.
 */
struct xs_reader {
	size_t have; /* bytes of the current message received so far */
	struct xsd_sockmsg hdr;
	char body[XENSTORE_PAYLOAD_MAX + 1];
};

void xs_reader_reset(struct xs_reader *rd);
/* 1 when a whole message is in rd (call xs_reader_reset after using it),
 * 0 when more bytes are needed, RX_EPROTO for a bad header (the stream
 * cannot be resynchronised after that). */
int xs_reader_pull(struct xs_reader *rd, struct xenstore_domain_interface *intf);

#endif
