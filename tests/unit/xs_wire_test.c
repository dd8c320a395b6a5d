/*
 * Host tests of the xenstore wire format (platform/xen/xenstore/xs_wire.c, xs_ring.c):
 * request building, reply parsing, error mapping, directory listings,
 * watch events, ring copying with wrap-around, message reassembly, and
 * malformed input of every kind. Prints one "ok -" / "not ok -" line per
 * test; exits 1 when any failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <core/errors.h>

#include <xenstore/xs_wire.h>
#include "harness.h"

static void test_build_read(void)
{
	struct xs_req r;
	size_t total = 0;
	xs_req_init(&r, XS_READ, 7, 3);
	xs_req_add_str(&r, "device/vbd");
	CHECK(xs_req_finish(&r, &total) == 0, "xs_req_finish did not give 0");
	CHECK(total == XS_HDR_SIZE + 11, "total %zu", total);
	CHECK(r.hdr.type == XS_READ && r.hdr.req_id == 7 && r.hdr.tx_id == 3,
	      "header type %u req_id %u tx_id %u", r.hdr.type, r.hdr.req_id, r.hdr.tx_id);
	CHECK(r.hdr.len == 11, "header len %u", r.hdr.len);
	CHECK(memcmp(r.buf + XS_HDR_SIZE, "device/vbd\0", 11) == 0,
	      "bytes differ from the expected");
}

static void test_build_write(void)
{
	struct xs_req r;
	size_t total = 0;
	xs_req_init(&r, XS_WRITE, 1, 0);
	xs_req_add_str(&r, "data/x");
	xs_req_add_raw(&r, "hello", 5);
	CHECK(xs_req_finish(&r, &total) == 0, "xs_req_finish did not give 0");
	CHECK(r.hdr.len == 12, "header len %u", r.hdr.len);
	/* The value is not NUL-terminated on the wire. */
	CHECK(memcmp(r.buf + XS_HDR_SIZE, "data/x\0hello", 12) == 0,
	      "bytes differ from the expected");
	CHECK(total == XS_HDR_SIZE + 12, "total %zu", total);
}

static void test_build_too_big(void)
{
	struct xs_req r;
	size_t total = 0;
	static char big[XENSTORE_PAYLOAD_MAX + 10];
	memset(big, 'a', sizeof(big));
	xs_req_init(&r, XS_WRITE, 1, 0);
	xs_req_add_str(&r, "p");
	xs_req_add_raw(&r, big, XENSTORE_PAYLOAD_MAX - 2); /* exactly the limit */
	CHECK(xs_req_finish(&r, &total) == 0, "xs_req_finish did not give 0");
	CHECK(total == XS_MSG_MAX, "total %zu", total);
	xs_req_add_raw(&r, "x", 1); /* one byte over */
	CHECK(xs_req_finish(&r, &total) == RX_E2BIG, "xs_req_finish did not give RX_E2BIG");
	/* A string longer than the payload, unterminated within the bound. */
	big[sizeof(big) - 1] = '\0';
	xs_req_init(&r, XS_READ, 1, 0);
	xs_req_add_str(&r, big);
	CHECK(xs_req_finish(&r, &total) == RX_E2BIG, "xs_req_finish did not give RX_E2BIG");
}

static void test_path_check(void)
{
	CHECK(xs_path_check("/local/domain/0") == 0, "xs_path_check did not give 0");
	CHECK(xs_path_check("device/vbd/768/backend-id") == 0, "xs_path_check did not give 0");
	CHECK(xs_path_check("@introduceDomain") == 0, "xs_path_check did not give 0");
	CHECK(xs_path_check("/") == 0, "xs_path_check did not give 0");
	CHECK(xs_path_check("") == RX_EINVAL, "xs_path_check did not give RX_EINVAL");
	CHECK(xs_path_check(NULL) == RX_EINVAL, "xs_path_check did not give RX_EINVAL");
	CHECK(xs_path_check("a//b") == RX_EINVAL, "xs_path_check did not give RX_EINVAL");
	CHECK(xs_path_check("a/b/") == RX_EINVAL, "xs_path_check did not give RX_EINVAL");
	CHECK(xs_path_check("a b") == RX_EINVAL, "xs_path_check did not give RX_EINVAL");
	CHECK(xs_path_check("a\nb") == RX_EINVAL, "xs_path_check did not give RX_EINVAL");
	CHECK(xs_path_check("caf\xc3\xa9") == RX_EINVAL, "xs_path_check did not give RX_EINVAL");
	static char longp[XENSTORE_ABS_PATH_MAX + 2];
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	CHECK(xs_path_check(longp) == RX_E2BIG, "xs_path_check did not give RX_E2BIG");
	longp[XENSTORE_ABS_PATH_MAX] = '\0';
	CHECK(xs_path_check(longp) == 0, "xs_path_check did not give 0");
	longp[0] = 'a'; /* relative paths have a smaller limit */
	CHECK(xs_path_check(longp) == RX_E2BIG, "xs_path_check did not give RX_E2BIG");
	longp[XENSTORE_REL_PATH_MAX] = '\0';
	CHECK(xs_path_check(longp) == 0, "xs_path_check did not give 0");
}

static void test_token_check(void)
{
	CHECK(xs_token_check("tok1") == 0, "xs_token_check did not give 0");
	CHECK(xs_token_check("") == RX_EINVAL, "xs_token_check did not give RX_EINVAL");
	CHECK(xs_token_check("a b") == RX_EINVAL, "xs_token_check did not give RX_EINVAL");
	char t[XS_TOKEN_MAX + 2];
	memset(t, 'x', sizeof(t));
	t[sizeof(t) - 1] = '\0';
	CHECK(xs_token_check(t) == RX_E2BIG, "xs_token_check did not give RX_E2BIG");
}

static void test_error_names(void)
{
	CHECK(xs_error_from_name("ENOENT", 6) == RX_ENOENT,
	      "xs_error_from_name did not give RX_ENOENT");
	CHECK(xs_error_from_name("EACCES", 6) == RX_EACCES,
	      "xs_error_from_name did not give RX_EACCES");
	CHECK(xs_error_from_name("EAGAIN", 6) == RX_EAGAIN,
	      "xs_error_from_name did not give RX_EAGAIN");
	CHECK(xs_error_from_name("E2BIG", 5) == RX_E2BIG,
	      "xs_error_from_name did not give RX_E2BIG");
	CHECK(xs_error_from_name("EINVAL", 6) == RX_EINVAL,
	      "xs_error_from_name did not give RX_EINVAL");
	CHECK(xs_error_from_name("EEXIST", 6) == RX_EEXIST,
	      "xs_error_from_name did not give RX_EEXIST");
	CHECK(xs_error_from_name("EPERM", 5) == RX_EPERM,
	      "xs_error_from_name did not give RX_EPERM");
	CHECK(xs_error_from_name("EQUOTA", 6) == RX_ENOSPC,
	      "xs_error_from_name did not give RX_ENOSPC");
	/* Prefixes and unknown names do not match a known error. */
	CHECK(xs_error_from_name("ENOEN", 5) == RX_EIO, "xs_error_from_name did not give RX_EIO");
	CHECK(xs_error_from_name("EWHATEVER", 9) == RX_EIO,
	      "xs_error_from_name did not give RX_EIO");
}

static void test_reply_status(void)
{
	struct xsd_sockmsg h = {.type = XS_READ, .req_id = 1, .tx_id = 0, .len = 3};
	CHECK(xs_reply_status(&h, "abc", XS_READ) == 0, "xs_reply_status did not give 0");
	CHECK(xs_reply_status(&h, "abc", XS_WRITE) == RX_EPROTO,
	      "xs_reply_status did not give RX_EPROTO");
	h.type = XS_ERROR;
	h.len = 7;
	CHECK(xs_reply_status(&h, "ENOENT\0", XS_READ) == RX_ENOENT,
	      "xs_reply_status did not give RX_ENOENT");
	h.len = 6; /* name without its terminator */
	CHECK(xs_reply_status(&h, "ENOENT", XS_READ) == RX_EPROTO,
	      "xs_reply_status did not give RX_EPROTO");
	h.len = 1; /* empty name */
	CHECK(xs_reply_status(&h, "\0", XS_READ) == RX_EPROTO,
	      "xs_reply_status did not give RX_EPROTO");
	h.len = 0;
	CHECK(xs_reply_status(&h, NULL, XS_READ) == RX_EPROTO,
	      "xs_reply_status did not give RX_EPROTO");
	h.type = XS_TYPE_COUNT;
	h.len = 0;
	CHECK(xs_reply_status(&h, "", XS_TYPE_COUNT) == RX_EPROTO,
	      "xs_reply_status did not give RX_EPROTO");
	h.type = XS_READ;
	h.len = XENSTORE_PAYLOAD_MAX + 1;
	CHECK(xs_reply_status(&h, "", XS_READ) == RX_EPROTO,
	      "xs_reply_status did not give RX_EPROTO");
}

static void test_reply_ok(void)
{
	CHECK(xs_reply_expect_ok("OK", 3) == 0, "xs_reply_expect_ok did not give 0");
	CHECK(xs_reply_expect_ok("OK", 2) == 0, "xs_reply_expect_ok did not give 0");
	CHECK(xs_reply_expect_ok("NO", 3) == RX_EPROTO,
	      "xs_reply_expect_ok did not give RX_EPROTO");
	CHECK(xs_reply_expect_ok("OKAY", 5) == RX_EPROTO,
	      "xs_reply_expect_ok did not give RX_EPROTO");
	CHECK(xs_reply_expect_ok("", 0) == RX_EPROTO, "xs_reply_expect_ok did not give RX_EPROTO");
}

static void test_tx_id(void)
{
	uint32_t id = 0;
	CHECK(xs_reply_tx_id("42", 3, &id) == 0 && id == 42,
	      "unexpected result from xs_reply_tx_id");
	CHECK(xs_reply_tx_id("4294967295", 11, &id) == 0 && id == 4294967295u,
	      "unexpected result from xs_reply_tx_id");
	CHECK(xs_reply_tx_id("4294967296", 11, &id) == RX_EPROTO,
	      "xs_reply_tx_id did not give RX_EPROTO");
	CHECK(xs_reply_tx_id("0", 2, &id) == RX_EPROTO, "xs_reply_tx_id did not give RX_EPROTO");
	CHECK(xs_reply_tx_id("12a", 4, &id) == RX_EPROTO, "xs_reply_tx_id did not give RX_EPROTO");
	CHECK(xs_reply_tx_id("12", 2, &id) == RX_EPROTO,
	      "xs_reply_tx_id did not give RX_EPROTO"); /* no terminator */
	CHECK(xs_reply_tx_id("", 1, &id) == RX_EPROTO, "xs_reply_tx_id did not give RX_EPROTO");
	CHECK(xs_reply_tx_id("99999999999", 12, &id) == RX_EPROTO,
	      "xs_reply_tx_id did not give RX_EPROTO");
}

static void test_directory(void)
{
	const char list[] = "768\0"
			    "832\0"
			    "5632";
	size_t len = sizeof(list); /* includes the final NUL */
	CHECK(xs_dir_check(list, len) == 3, "xs_dir_check did not give 3");
	size_t pos = 0;
	const char *n1 = xs_dir_next(list, len, &pos);
	const char *n2 = xs_dir_next(list, len, &pos);
	const char *n3 = xs_dir_next(list, len, &pos);
	CHECK(n1 && strcmp(n1, "768") == 0, "first name %s", n1 ? n1 : "(none)");
	CHECK(n2 && strcmp(n2, "832") == 0, "second name %s", n2 ? n2 : "(none)");
	CHECK(n3 && strcmp(n3, "5632") == 0, "third name %s", n3 ? n3 : "(none)");
	CHECK(xs_dir_next(list, len, &pos) == NULL, "xs_dir_next did not give NULL");
	CHECK(xs_dir_check("", 0) == 0, "xs_dir_check did not give 0");
	CHECK(xs_dir_check("abc", 3) == RX_EPROTO,
	      "xs_dir_check did not give RX_EPROTO"); /* last name unterminated */
	CHECK(xs_dir_check("a\0\0b\0", 5) == RX_EPROTO,
	      "xs_dir_check did not give RX_EPROTO"); /* empty name */
	CHECK(xs_dir_check("a", XENSTORE_PAYLOAD_MAX + 1) == RX_EPROTO,
	      "xs_dir_check did not give RX_EPROTO");
}

static void test_watch_event(void)
{
	const char *path = NULL, *tok = NULL;
	const char ev[] = "device/vbd/768/state\0tok7";
	CHECK(xs_watch_event_parse(ev, sizeof(ev), &path, &tok) == 0,
	      "xs_watch_event_parse did not give 0");
	CHECK(path && strcmp(path, "device/vbd/768/state") == 0, "path %s", path ? path : "(none)");
	CHECK(tok && strcmp(tok, "tok7") == 0, "token %s", tok ? tok : "(none)");
	CHECK(xs_watch_event_parse(ev, sizeof(ev) - 1, &path, &tok) == RX_EPROTO,
	      "xs_watch_event_parse did not give RX_EPROTO");
	CHECK(xs_watch_event_parse("path", 4, &path, &tok) == RX_EPROTO,
	      "xs_watch_event_parse did not give RX_EPROTO");
	CHECK(xs_watch_event_parse("path", 5, &path, &tok) == RX_EPROTO,
	      "xs_watch_event_parse did not give RX_EPROTO");
	CHECK(xs_watch_event_parse("\0tok", 5, &path, &tok) == RX_EPROTO,
	      "xs_watch_event_parse did not give RX_EPROTO");
	CHECK(xs_watch_event_parse("p\0\0", 3, &path, &tok) == RX_EPROTO,
	      "xs_watch_event_parse did not give RX_EPROTO");
	CHECK(xs_watch_event_parse("", 0, &path, &tok) == RX_EPROTO,
	      "xs_watch_event_parse did not give RX_EPROTO");
	/* Extra fields after the token are tolerated. */
	CHECK(xs_watch_event_parse("p\0t\0x\0", 6, &path, &tok) == 0 && strcmp(tok, "t") == 0,
	      "unexpected result from xs_watch_event_parse");
}

/* Peer side of a ring for the tests: what a xenstore daemon does. */
static void peer_put(struct xenstore_domain_interface *in, const void *data, size_t len)
{
	const char *p = data;
	for (size_t i = 0; i < len; i++)
		in->rsp[MASK_XENSTORE_IDX(in->rsp_prod + i)] = p[i];
	in->rsp_prod += (XENSTORE_RING_IDX)len;
}

static size_t peer_take(struct xenstore_domain_interface *in, char *out, size_t max)
{
	size_t n = 0;
	while (in->req_cons != in->req_prod && n < max)
		out[n++] = in->req[MASK_XENSTORE_IDX(in->req_cons++)];
	return n;
}

static void test_ring_write_wrap(void)
{
	static struct xenstore_domain_interface in;
	memset(&in, 0, sizeof(in));
	/* Start near the 32-bit index wrap to cover it too. */
	in.req_prod = in.req_cons = 0xfffffe00u;
	char msg[700], out[700];
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (char)(i * 7);
	CHECK(xs_ring_write(&in, msg, sizeof(msg)) == 700, "xs_ring_write did not give 700");
	CHECK(xs_ring_write(&in, msg, sizeof(msg)) == XENSTORE_RING_SIZE - 700,
	      "xs_ring_write did not give XENSTORE_RING_SIZE - 700");
	CHECK(xs_ring_write(&in, msg, 1) == 0, "xs_ring_write did not give 0"); /* full */
	CHECK(peer_take(&in, out, 700) == 700 && memcmp(out, msg, 700) == 0,
	      "unexpected result from peer_take");
	CHECK(peer_take(&in, out, 700) == XENSTORE_RING_SIZE - 700,
	      "peer_take did not give XENSTORE_RING_SIZE - 700");
	CHECK(memcmp(out, msg, XENSTORE_RING_SIZE - 700) == 0, "bytes differ from the expected");
	/* A peer that moved its index beyond the ring is refused. */
	in.req_cons = in.req_prod + 5;
	CHECK(xs_ring_write(&in, msg, 1) == RX_EPROTO, "xs_ring_write did not give RX_EPROTO");
}

static void test_ring_read_bad_index(void)
{
	static struct xenstore_domain_interface in;
	char buf[16];
	memset(&in, 0, sizeof(in));
	in.rsp_prod = XENSTORE_RING_SIZE + 1;
	CHECK(xs_ring_read(&in, buf, sizeof(buf)) == RX_EPROTO,
	      "xs_ring_read did not give RX_EPROTO");
	CHECK(in.rsp_cons == 0, "rsp_cons moved to %u", (unsigned)in.rsp_cons);
}

static void test_reader_pieces(void)
{
	static struct xenstore_domain_interface in;
	static struct xs_reader rd;
	memset(&in, 0, sizeof(in));
	xs_reader_reset(&rd);
	struct xsd_sockmsg h = {.type = XS_READ, .req_id = 9, .tx_id = 0, .len = 5};
	CHECK(xs_reader_pull(&rd, &in) == 0, "xs_reader_pull did not give 0"); /* nothing yet */
	peer_put(&in, &h, 10);		      /* part of the header */
	CHECK(xs_reader_pull(&rd, &in) == 0, "xs_reader_pull did not give 0");
	peer_put(&in, (char *)&h + 10, sizeof(h) - 10);
	CHECK(xs_reader_pull(&rd, &in) == 0, "xs_reader_pull did not give 0");
	peer_put(&in, "ab", 2);
	CHECK(xs_reader_pull(&rd, &in) == 0, "xs_reader_pull did not give 0");
	peer_put(&in, "cde", 3);
	CHECK(xs_reader_pull(&rd, &in) == 1, "xs_reader_pull did not give 1");
	CHECK(rd.hdr.req_id == 9 && rd.hdr.len == 5, "req_id %u len %u", rd.hdr.req_id, rd.hdr.len);
	CHECK(memcmp(rd.body, "abcde", 6) == 0,
	      "bytes differ from the expected"); /* terminated by the reader */
	xs_reader_reset(&rd);
	CHECK(xs_reader_pull(&rd, &in) == 0, "xs_reader_pull did not give 0");
}

static void test_reader_large_wraps(void)
{
	/* A maximum-size message passes through the 1 KiB ring in pieces. */
	static struct xenstore_domain_interface in;
	static struct xs_reader rd;
	static char payload[XENSTORE_PAYLOAD_MAX];
	memset(&in, 0, sizeof(in));
	xs_reader_reset(&rd);
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (char)('a' + i % 26);
	struct xsd_sockmsg h = {.type = XS_READ, .req_id = 1, .len = XENSTORE_PAYLOAD_MAX};
	peer_put(&in, &h, sizeof(h));
	size_t sent = 0;
	int r = 0, rounds = 0;
	while (r == 0 && rounds++ < 20) {
		size_t space = XENSTORE_RING_SIZE - (in.rsp_prod - in.rsp_cons);
		size_t n = sizeof(payload) - sent < space ? sizeof(payload) - sent : space;
		peer_put(&in, payload + sent, n);
		sent += n;
		r = xs_reader_pull(&rd, &in);
	}
	CHECK(r == 1, "xs_reader_pull gave %d after %d rounds", r, rounds);
	CHECK(memcmp(rd.body, payload, sizeof(payload)) == 0 && rd.body[sizeof(payload)] == 0,
	      "body differs or is unterminated");
}

static void test_reader_bad_header(void)
{
	static struct xenstore_domain_interface in;
	static struct xs_reader rd;
	memset(&in, 0, sizeof(in));
	xs_reader_reset(&rd);
	struct xsd_sockmsg h = {.type = XS_READ, .req_id = 1, .len = XENSTORE_PAYLOAD_MAX + 1};
	peer_put(&in, &h, sizeof(h));
	CHECK(xs_reader_pull(&rd, &in) == RX_EPROTO, "xs_reader_pull did not give RX_EPROTO");
	xs_reader_reset(&rd);
	struct xsd_sockmsg h2 = {.type = 0x7777, .req_id = 1, .len = 0};
	peer_put(&in, &h2, sizeof(h2));
	CHECK(xs_reader_pull(&rd, &in) == RX_EPROTO, "xs_reader_pull did not give RX_EPROTO");
}

static void test_reader_fuzz(void)
{
	/* Random bytes never crash the reader or overrun its buffer. */
	static struct xenstore_domain_interface in;
	static struct xs_reader rd;
	unsigned seed = 12345;
	int protos = 0, msgs = 0;
	for (int round = 0; round < 2000; round++) {
		memset(&in, 0, sizeof(in));
		xs_reader_reset(&rd);
		char junk[64];
		for (size_t i = 0; i < sizeof(junk); i++) {
			seed = seed * 1103515245u + 12345u;
			junk[i] = (char)(seed >> 16);
		}
		/* Small lengths half of the time so whole messages happen. */
		if (round & 1)
			junk[12] = (char)(junk[12] & 0x1f), junk[13] = junk[14] = junk[15] = 0,
			junk[0] = (char)(junk[0] & 0x0f), junk[1] = junk[2] = junk[3] = 0;
		peer_put(&in, junk, sizeof(junk));
		int r = xs_reader_pull(&rd, &in);
		CHECK(r == 1 || r == 0 || r == RX_EPROTO, "round %d: xs_reader_pull gave %d", round,
		      r);
		if (r == RX_EPROTO)
			protos++;
		if (r == 1) {
			msgs++;
			CHECK(rd.hdr.len <= XENSTORE_PAYLOAD_MAX, "round %d: len %u", round,
			      rd.hdr.len);
			const char *p, *t;
			(void)xs_watch_event_parse(rd.body, rd.hdr.len, &p, &t);
			(void)xs_dir_check(rd.body, rd.hdr.len);
			(void)xs_reply_status(&rd.hdr, rd.body, XS_READ);
		}
	}
	CHECK(protos > 0 && msgs > 0, "%d protocol errors, %d messages", protos, msgs);
}

int main(int argc, char **argv)
{
	harness_begin(argc, argv, "xs_wire");
	harness_run("build read request", test_build_read);
	harness_run("build write request (unterminated value)", test_build_write);
	harness_run("payload limit gives E2BIG", test_build_too_big);
	harness_run("path validation", test_path_check);
	harness_run("token validation", test_token_check);
	harness_run("error names map to rx_error", test_error_names);
	harness_run("reply status and malformed error replies", test_reply_status);
	harness_run("OK replies", test_reply_ok);
	harness_run("transaction id parsing", test_tx_id);
	harness_run("directory listings", test_directory);
	harness_run("watch events", test_watch_event);
	harness_set_area("xs_ring");
	harness_run("write with wrap-around and full ring", test_ring_write_wrap);
	harness_run("bad peer index refused", test_ring_read_bad_index);
	harness_run("message reassembled from pieces", test_reader_pieces);
	harness_run("maximum message through the small ring", test_reader_large_wraps);
	harness_run("bad header is a protocol error", test_reader_bad_header);
	harness_run("random input never crashes", test_reader_fuzz);
	return harness_end();
}
