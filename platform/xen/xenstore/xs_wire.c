/*
 * xenstore wire format: building requests and checking replies.
 * Pure functions over byte buffers (see xs_wire.h).
 */
#include "xs_wire.h"

#include <core/errors.h>
#include <core/str.h>

void xs_req_init(struct xs_req *r, uint32_t type, uint32_t req_id, uint32_t tx_id)
{
	r->hdr.type = type;
	r->hdr.req_id = req_id;
	r->hdr.tx_id = tx_id;
	r->hdr.len = 0;
	r->len = 0;
	r->error = 0;
}

void xs_req_add_raw(struct xs_req *r, const void *data, size_t len)
{
	const char *src = data;

	if (r->error)
		return;
	if (len > XENSTORE_PAYLOAD_MAX - r->len) {
		r->error = RX_E2BIG;
		return;
	}
	char *dst = r->buf + XS_HDR_SIZE + r->len;
	for (size_t i = 0; i < len; i++)
		dst[i] = src[i];
	r->len += len;
}

void xs_req_add_str(struct xs_req *r, const char *s)
{
	/* Bound the scan: anything longer cannot fit anyway. */
	size_t n = str_nlen(s, XENSTORE_PAYLOAD_MAX + 1);
	xs_req_add_raw(r, s, n);
	xs_req_add_raw(r, "", 1);
}

int xs_req_finish(struct xs_req *r, size_t *total)
{
	if (r->error)
		return r->error;
	r->hdr.len = (uint32_t)r->len;
	*total = XS_HDR_SIZE + r->len;
	return 0;
}

static bool path_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '@' || c == '/';
}

int xs_path_check(const char *path)
{
	if (path == NULL)
		return RX_EINVAL;
	size_t n = str_nlen(path, XENSTORE_ABS_PATH_MAX + 1);
	if (n == 0)
		return RX_EINVAL;
	if (n > (path[0] == '/' ? XENSTORE_ABS_PATH_MAX : XENSTORE_REL_PATH_MAX))
		return RX_E2BIG;
	for (size_t i = 0; i < n; i++) {
		if (!path_char_ok(path[i]))
			return RX_EINVAL;
		/* "//" and a trailing '/' make empty components ("/" alone is the root). */
		if (path[i] == '/' && ((i + 1 < n && path[i + 1] == '/') || (i + 1 == n && n > 1)))
			return RX_EINVAL;
	}
	return 0;
}

int xs_token_check(const char *token)
{
	if (token == NULL)
		return RX_EINVAL;
	size_t n = str_nlen(token, XS_TOKEN_MAX + 1);
	if (n == 0)
		return RX_EINVAL;
	if (n > XS_TOKEN_MAX)
		return RX_E2BIG;
	for (size_t i = 0; i < n; i++)
		if (token[i] < 0x21 || token[i] > 0x7e)
			return RX_EINVAL;
	return 0;
}

static const struct {
	const char *name;
	int err;
} error_names[] = {
    {"EINVAL", RX_EINVAL},   {"EACCES", RX_EACCES}, {"EEXIST", RX_EEXIST}, {"EISDIR", RX_EINVAL},
    {"ENOENT", RX_ENOENT},   {"ENOMEM", RX_ENOMEM}, {"ENOSPC", RX_ENOSPC}, {"EIO", RX_EIO},
    {"ENOTEMPTY", RX_EBUSY}, {"ENOSYS", RX_ENOSYS}, {"EROFS", RX_EROFS},   {"EBUSY", RX_EBUSY},
    {"EAGAIN", RX_EAGAIN},   {"EISCONN", RX_EBUSY}, {"E2BIG", RX_E2BIG},   {"EPERM", RX_EPERM},
    {"EQUOTA", RX_ENOSPC},
};

int xs_error_from_name(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++) {
		size_t n = str_nlen(error_names[i].name, 16);
		if (n == len && __builtin_memcmp(name, error_names[i].name, n) == 0)
			return error_names[i].err;
	}
	return RX_EIO;
}

int xs_hdr_check(const struct xsd_sockmsg *h)
{
	if (h->len > XENSTORE_PAYLOAD_MAX)
		return RX_EPROTO;
	if (h->type >= XS_TYPE_COUNT)
		return RX_EPROTO;
	return 0;
}

int xs_reply_status(const struct xsd_sockmsg *h, const char *payload, uint32_t expected)
{
	if (xs_hdr_check(h))
		return RX_EPROTO;
	if (h->type == XS_ERROR) {
		size_t n = str_nlen(payload, h->len);
		if (n == h->len || n == 0) /* no terminator, or empty name */
			return RX_EPROTO;
		return xs_error_from_name(payload, n);
	}
	return h->type == expected ? 0 : RX_EPROTO;
}

int xs_reply_expect_ok(const char *payload, size_t len)
{
	/* "OK" with its NUL; some servers omit the NUL. */
	if ((len == 3 && __builtin_memcmp(payload, "OK", 3) == 0) ||
	    (len == 2 && __builtin_memcmp(payload, "OK", 2) == 0))
		return 0;
	return RX_EPROTO;
}

int xs_reply_tx_id(const char *payload, size_t len, uint32_t *tx_id)
{
	unsigned long long v;

	/* The NUL must be inside the payload before the number is parsed. */
	if (str_nlen(payload, len) == len || str_to_ull(payload, &v) || v == 0 || v > UINT32_MAX)
		return RX_EPROTO;
	*tx_id = (uint32_t)v;
	return 0;
}

int xs_dir_check(const char *payload, size_t len)
{
	if (len > XENSTORE_PAYLOAD_MAX)
		return RX_EPROTO;
	int count = 0;
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (payload[i] != '\0')
			continue;
		if (i == start)
			return RX_EPROTO;
		count++;
		start = i + 1;
	}
	if (start != len)
		return RX_EPROTO;
	return count;
}

const char *xs_dir_next(const char *payload, size_t len, size_t *pos)
{
	if (*pos >= len)
		return NULL;
	const char *name = payload + *pos;
	*pos += str_nlen(name, len - *pos) + 1;
	return name;
}

int xs_watch_event_parse(const char *payload, size_t len, const char **path, const char **token)
{
	if (len > XENSTORE_PAYLOAD_MAX)
		return RX_EPROTO;
	size_t plen = str_nlen(payload, len);
	if (plen == len || plen == 0)
		return RX_EPROTO;
	const char *tok = payload + plen + 1;
	size_t rest = len - plen - 1;
	size_t tlen = str_nlen(tok, rest);
	if (tlen == rest || tlen == 0)
		return RX_EPROTO;
	*path = payload;
	*token = tok;
	return 0;
}
