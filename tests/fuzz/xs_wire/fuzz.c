/*
 * Fuzz target: the xenstore wire format as the guest receives it
 * (platform/xen/xenstore/xs_ring.c, xs_wire.c). The input is a peer: it
 * writes a byte stream into the response ring in pieces of its choosing
 * (and may corrupt the ring index), the reader reassembles messages and
 * every reply parser looks at each complete one.
 *
 * Invariants: the reader's messages are exactly the frames of the stream
 * (headers and bodies byte for byte, NUL after the body), it consumes no
 * byte beyond a frame and refuses a bad header or index with RX_EPROTO
 * only; reply parsers agree with simple models of the format and their
 * outputs point inside the payload; a request rebuilt from a payload's
 * strings is the payload again and passes through the request ring
 * intact.
 *
 * Input: 4 bytes start index, then repeated [n][n+1 bytes] pieces; a
 * piece length of 255 makes the peer move its index beyond the ring.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/errors.h>
#include <xenstore/xs_wire.h>

#include "../fuzz_check.h"

static struct xenstore_domain_interface intf;

static void peer_put(const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		intf.rsp[MASK_XENSTORE_IDX(intf.rsp_prod + (XENSTORE_RING_IDX)i)] = (char)data[i];
	intf.rsp_prod += (XENSTORE_RING_IDX)len;
}

static bool path_model_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '@' || c == '/';
}

/* xs_path_check as documented. */
static int path_model(const char *s)
{
	size_t n = strlen(s);
	if (n == 0)
		return RX_EINVAL;
	if (n > (s[0] == '/' ? XENSTORE_ABS_PATH_MAX : XENSTORE_REL_PATH_MAX))
		return RX_E2BIG;
	for (size_t i = 0; i < n; i++)
		if (!path_model_char(s[i]))
			return RX_EINVAL;
	if (strstr(s, "//") || (n > 1 && s[n - 1] == '/'))
		return RX_EINVAL;
	return 0;
}

static int token_model(const char *s)
{
	size_t n = strlen(s);
	if (n == 0)
		return RX_EINVAL;
	if (n > XS_TOKEN_MAX)
		return RX_E2BIG;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return RX_EINVAL;
	return 0;
}

/* Count of names in a well-formed listing, -1 when malformed. */
static int dir_model(const char *p, size_t len)
{
	int count = 0;
	if (len > 0 && p[len - 1] != '\0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (p[i] != '\0')
			continue;
		if (i == 0 || p[i - 1] == '\0')
			return -1;
		count++;
	}
	return count;
}

static void check_directory(const char *p, size_t len)
{
	int want = dir_model(p, len);
	int got = xs_dir_check(p, len);
	FUZZ_CHECK(got == (want < 0 ? RX_EPROTO : want), "xs_dir_check %d, model %d", got, want);

	/* Walking works on any listing and stays inside it; on a checked
	 * one it yields exactly the names counted. */
	size_t pos = 0, prev = 0;
	int names = 0;
	const char *name;
	while ((name = xs_dir_next(p, len, &pos)) != NULL) {
		FUZZ_CHECK(name >= p && name < p + len, "name outside the listing");
		FUZZ_CHECK(pos > prev || names == 0, "walk did not advance");
		FUZZ_CHECK(names <= (int)len, "walk does not end");
		prev = pos;
		names++;
		if (got >= 0) {
			size_t n = strnlen(name, len - (size_t)(name - p));
			FUZZ_CHECK(n > 0 && name + n < p + len, "bad name in a checked listing");
		}
	}
	if (got >= 0)
		FUZZ_CHECK(names == got && pos == len, "walked %d names to %zu, counted %d of %zu",
			   names, pos, got, len);
}

static void check_watch_event(const char *p, size_t len)
{
	const char *path = NULL, *token = NULL;
	int rc = xs_watch_event_parse(p, len, &path, &token);
	const char *nul = memchr(p, 0, len);
	const char *nul2 = nul ? memchr(nul + 1, 0, len - (size_t)(nul + 1 - p)) : NULL;
	bool ok = nul && nul != p && nul2 && nul2 != nul + 1;
	FUZZ_CHECK(rc == (ok ? 0 : RX_EPROTO), "watch event parse gave %d", rc);
	if (rc == 0)
		FUZZ_CHECK(path == p && token == nul + 1, "watch event fields misplaced");
}

static void check_tx_id(const char *p, size_t len)
{
	uint32_t id = 0;
	int rc = xs_reply_tx_id(p, len, &id);
	FUZZ_CHECK(rc == 0 || rc == RX_EPROTO, "xs_reply_tx_id gave %d", rc);
	if (rc == 0) {
		char text[16];
		snprintf(text, sizeof(text), "%u", id);
		/* The reply is the number's digits and a NUL (leading zeros
		 * aside), nothing else before the NUL. */
		size_t n = strnlen(p, len);
		FUZZ_CHECK(id != 0 && n < len, "tx id %u from an unterminated reply", id);
		size_t z = 0;
		while (z + 1 < n && p[z] == '0')
			z++;
		FUZZ_CHECK(n - z == strlen(text) && memcmp(p + z, text, n - z) == 0,
			   "tx id %u does not round trip", id);
	}
}

static void check_status(const struct xsd_sockmsg *h, const char *p, uint32_t expected)
{
	int rc = xs_reply_status(h, p, expected);
	if (h->type == XS_ERROR) {
		const char *nul = memchr(p, 0, h->len);
		if (!nul || nul == p)
			FUZZ_CHECK(rc == RX_EPROTO, "malformed error reply gave %d", rc);
		else
			FUZZ_CHECK(fuzz_is_rx_error(rc) &&
				       rc == xs_error_from_name(p, (size_t)(nul - p)),
				   "error reply gave %d", rc);
		return;
	}
	FUZZ_CHECK(rc == (h->type == expected ? 0 : RX_EPROTO), "status %d for type %u want %u", rc,
		   h->type, expected);
}

/* Rebuild a request from the payload's strings (and unterminated tail)
 * and send it through the request ring: both must give the payload back. */
static void check_request_round_trip(const struct xsd_sockmsg *h, const char *p, size_t len)
{
	static struct xs_req r;
	size_t total = 0, pos = 0;

	xs_req_init(&r, h->type, h->req_id, h->tx_id);
	while (pos < len) {
		size_t n = strnlen(p + pos, len - pos);
		if (pos + n == len) {
			xs_req_add_raw(&r, p + pos, n);
			break;
		}
		/* xs_req_add_str needs a terminated string: it is, at p[pos + n]. */
		xs_req_add_str(&r, p + pos);
		pos += n + 1;
	}
	FUZZ_CHECK(xs_req_finish(&r, &total) == 0, "request of %zu bytes refused", len);
	FUZZ_CHECK(total == XS_HDR_SIZE + len && r.hdr.len == len, "request length %zu", total);
	FUZZ_CHECK(memcmp(r.buf + XS_HDR_SIZE, p, len) == 0, "request payload differs");

	/* Through the request ring, from a free-running index. */
	static char back[XS_MSG_MAX];
	size_t sent = 0, got = 0;
	intf.req_cons = intf.req_prod = h->req_id;
	while (got < total) {
		int n = xs_ring_write(&intf, r.buf + sent, total - sent);
		FUZZ_CHECK(n >= 0 && (size_t)n <= total - sent && (n > 0 || sent == total),
			   "xs_ring_write gave %d", n);
		sent += (size_t)n;
		while (intf.req_cons != intf.req_prod)
			back[got++] = intf.req[MASK_XENSTORE_IDX(intf.req_cons++)];
	}
	FUZZ_CHECK(got == total && memcmp(back, r.buf, total) == 0, "request ring garbled it");
	/* A peer index beyond the ring is refused and moves nothing. */
	intf.req_cons = intf.req_prod + 1;
	XENSTORE_RING_IDX before = intf.req_prod;
	FUZZ_CHECK(xs_ring_write(&intf, "x", 1) == RX_EPROTO && intf.req_prod == before,
		   "bad request index accepted");
}

static void check_strings(const char *p, size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		size_t n = strnlen(p + pos, len - pos);
		if (pos + n == len)
			break; /* unterminated tail: not a C string */
		int rc = xs_path_check(p + pos);
		FUZZ_CHECK(rc == path_model(p + pos), "xs_path_check gave %d", rc);
		rc = xs_token_check(p + pos);
		FUZZ_CHECK(rc == token_model(p + pos), "xs_token_check gave %d", rc);
		rc = xs_error_from_name(p + pos, n);
		FUZZ_CHECK(fuzz_is_rx_error(rc), "error name mapped to %d", rc);
		pos += n + 1;
	}
}

/* One complete message: every parser of replies looks at it. */
static void check_message(const struct xs_reader *rd, uint32_t expected)
{
	size_t len = rd->hdr.len;
	/* An exact-size copy: reads past the payload are caught. */
	char *p = malloc(len ? len : 1);
	if (!p)
		abort();
	memcpy(p, rd->body, len);

	check_status(&rd->hdr, p, expected);
	int ok = xs_reply_expect_ok(p, len);
	bool is_ok = (len == 3 && memcmp(p, "OK", 3) == 0) || (len == 2 && memcmp(p, "OK", 2) == 0);
	FUZZ_CHECK(ok == (is_ok ? 0 : RX_EPROTO), "xs_reply_expect_ok gave %d", ok);
	check_tx_id(p, len);
	check_directory(p, len);
	check_watch_event(p, len);
	check_strings(p, len);
	check_request_round_trip(&rd->hdr, p, len);
	free(p);
}

static bool hdr_model_ok(const struct xsd_sockmsg *h)
{
	return h->len <= XENSTORE_PAYLOAD_MAX && h->type < XS_TYPE_COUNT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	struct xs_reader *rd = malloc(sizeof(*rd));
	uint8_t *stream = malloc(size + 1);
	size_t stream_len = 0, msg_start = 0;

	if (!rd || !stream)
		abort();
	memset(&intf, 0, sizeof(intf));
	XENSTORE_RING_IDX base = fuzz_u32(&in);
	intf.rsp_cons = intf.rsp_prod = base;
	xs_reader_reset(rd);

	while (in.left > 0) {
		uint8_t ctl = fuzz_u8(&in);
		if (ctl == 255) {
			/* The peer claims more than the ring holds. */
			XENSTORE_RING_IDX cons = intf.rsp_cons;
			intf.rsp_prod = cons + XENSTORE_RING_SIZE + 1 + fuzz_u8(&in);
			int r = xs_reader_pull(rd, &intf);
			FUZZ_CHECK(r == RX_EPROTO, "bad ring index gave %d", r);
			FUZZ_CHECK(intf.rsp_cons == cons, "bad ring index moved the consumer");
			break;
		}
		const uint8_t *piece;
		size_t space = XENSTORE_RING_SIZE - (intf.rsp_prod - intf.rsp_cons);
		size_t n =
		    fuzz_bytes(&in, (size_t)ctl + 1 < space ? (size_t)ctl + 1 : space, &piece);
		peer_put(piece, n);
		memcpy(stream + stream_len, piece, n);
		stream_len += n;

		int r;
		while ((r = xs_reader_pull(rd, &intf)) == 1) {
			struct xsd_sockmsg h;
			FUZZ_CHECK(stream_len - msg_start >= XS_HDR_SIZE,
				   "message without a header");
			memcpy(&h, stream + msg_start, XS_HDR_SIZE);
			FUZZ_CHECK(memcmp(&h, &rd->hdr, XS_HDR_SIZE) == 0, "header differs");
			FUZZ_CHECK(hdr_model_ok(&h), "bad header accepted");
			FUZZ_CHECK(stream_len - msg_start - XS_HDR_SIZE >= h.len, "short body");
			FUZZ_CHECK(memcmp(rd->body, stream + msg_start + XS_HDR_SIZE, h.len) == 0 &&
				       rd->body[h.len] == '\0',
				   "body differs or is unterminated");
			msg_start += XS_HDR_SIZE + h.len;
			FUZZ_CHECK(intf.rsp_cons - base == msg_start, "consumed past the message");
			check_message(rd, fuzz_u8(&in));
			xs_reader_reset(rd);
		}
		if (r == RX_EPROTO) {
			struct xsd_sockmsg h;
			FUZZ_CHECK(stream_len - msg_start >= XS_HDR_SIZE,
				   "protocol error without a header");
			memcpy(&h, stream + msg_start, XS_HDR_SIZE);
			FUZZ_CHECK(!hdr_model_ok(&h), "good header refused");
			break; /* the stream cannot be resynchronised */
		}
		FUZZ_CHECK(r == 0, "xs_reader_pull gave %d", r);
		FUZZ_CHECK(intf.rsp_cons == intf.rsp_prod,
			   "reader left bytes of a partial message");
		/* Not complete yet, per the stream. */
		if (stream_len - msg_start >= XS_HDR_SIZE) {
			struct xsd_sockmsg h;
			memcpy(&h, stream + msg_start, XS_HDR_SIZE);
			FUZZ_CHECK(stream_len - msg_start - XS_HDR_SIZE < h.len,
				   "complete message not delivered");
		}
	}
	free(stream);
	free(rd);
	return 0;
}
