/*
 * xenstore requests on single nodes: read, write, mkdir, rm, directory
 * (see xenstore/xenstore.h), each one exchange over the transport of
 * xenstore.c.
 */
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/str.h>

#include "xenstore_priv.h"

int xs_read(xs_tx_t tx, const char *path, char *buf, size_t size)
{
	struct xs_part part;
	size_t len = 0;
	if (buf == NULL || size == 0)
		return RX_EINVAL;
	buf[0] = '\0';
	int rc = xs_path_part(path, &part);
	if (rc == 0)
		rc = xs_talk(XS_READ, tx, &part, 1, buf, size, &len);
	if (rc) {
		buf[0] = '\0';
		return rc;
	}
	/* Values are bytes; callers here treat them as strings. */
	if (str_nlen(buf, len) != len) {
		buf[0] = '\0';
		return RX_EPROTO;
	}
	return (int)len;
}

int xs_read_uint(xs_tx_t tx, const char *path, unsigned long long *out)
{
	char buf[24];
	int rc = xs_read(tx, path, buf, sizeof(buf));
	if (rc == RX_E2BIG)
		return RX_EINVAL;
	if (rc < 0)
		return rc;
	return str_to_ull(buf, out);
}

int xs_write(xs_tx_t tx, const char *path, const char *value)
{
	struct xs_part parts[2];
	if (value == NULL)
		return RX_EINVAL;
	int rc = xs_path_part(path, &parts[0]);
	if (rc)
		return rc;
	size_t vlen = str_nlen(value, XENSTORE_PAYLOAD_MAX + 1);
	if (vlen > XENSTORE_PAYLOAD_MAX)
		return RX_E2BIG;
	parts[1].data = value;
	parts[1].len = vlen; /* values travel without a NUL */
	return xs_talk_ok(XS_WRITE, tx, parts, 2);
}

int xs_write_uint(xs_tx_t tx, const char *path, unsigned long long value)
{
	char buf[24];
	fmt_snprintf(buf, sizeof(buf), "%llu", value);
	return xs_write(tx, path, buf);
}

int xs_mkdir(xs_tx_t tx, const char *path)
{
	struct xs_part part;
	int rc = xs_path_part(path, &part);
	return rc ? rc : xs_talk_ok(XS_MKDIR, tx, &part, 1);
}

int xs_rm(xs_tx_t tx, const char *path)
{
	struct xs_part part;
	int rc = xs_path_part(path, &part);
	return rc ? rc : xs_talk_ok(XS_RM, tx, &part, 1);
}

int xs_directory(xs_tx_t tx, const char *path, char *buf, size_t size, size_t *len)
{
	struct xs_part part;
	size_t n = 0;
	if (buf == NULL || len == NULL || size == 0)
		return RX_EINVAL;
	*len = 0;
	int rc = xs_path_part(path, &part);
	if (rc == 0)
		rc = xs_talk(XS_DIRECTORY, tx, &part, 1, buf, size, &n);
	if (rc)
		return rc;
	rc = xs_dir_check(buf, n);
	if (rc < 0)
		return rc;
	*len = n;
	return rc;
}
