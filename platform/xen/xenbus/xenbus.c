/*
 * xenbus helpers for frontends (see xenbus/xenbus.h). Everything here is
 * a thin layer of checks over the xenstore client.
 */
#include <xenbus/xenbus.h>
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>

#include <core/str.h>
#include <xenstore/xs_wire.h>

#define SUBSYS "xenbus"

int xenbus_path(char *buf, size_t size, const char *dir, const char *key)
{
	int n = fmt_snprintf(buf, size, "%s/%s", dir, key);
	if (n < 0 || (size_t)n >= size) {
		if (size)
			buf[0] = '\0';
		return RX_E2BIG;
	}
	return 0;
}

static bool type_ok(const char *type)
{
	size_t n = str_nlen(type, XENBUS_NAME_MAX);
	if (n == 0 || n >= XENBUS_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((type[i] >= 'a' && type[i] <= 'z') || (type[i] >= '0' && type[i] <= '9')))
			return false;
	return true;
}

int xenbus_list_devices(const char *type, char (*names)[XENBUS_NAME_MAX], int max)
{
	char dir[XENBUS_PATH_MAX];
	size_t len;

	if (type == NULL || !type_ok(type) || names == NULL || max < 0)
		return RX_EINVAL;
	int rc = xenbus_path(dir, sizeof(dir), "device", type);
	if (rc)
		return rc;
	/* A listing can be a whole payload: too big for a thread stack. */
	char *list = mem_alloc(XENSTORE_PAYLOAD_MAX + 1, 0);
	if (!list)
		return RX_ENOMEM;
	rc = xs_directory(XS_TX_NONE, dir, list, XENSTORE_PAYLOAD_MAX + 1, &len);
	int count = 0;
	size_t pos = 0;
	const char *name;
	while (rc >= 0 && count < max && (name = xs_dir_next(list, len, &pos)) != NULL) {
		rc = str_copy(names[count], name, XENBUS_NAME_MAX);
		if (rc == 0)
			count++;
	}
	mem_free(list);
	if (rc == RX_ENOENT)
		return 0;
	return rc < 0 ? rc : count;
}

int xenbus_dev_init(struct xenbus_dev *dev, const char *type, const char *name)
{
	char path[XENBUS_PATH_MAX];
	unsigned long long id;

	if (dev == NULL || type == NULL || name == NULL || !type_ok(type))
		return RX_EINVAL;
	__builtin_memset(dev, 0, sizeof(*dev));
	int n = fmt_snprintf(dev->nodename, sizeof(dev->nodename), "device/%s/%s", type, name);
	if (n < 0 || (size_t)n >= sizeof(dev->nodename))
		return RX_E2BIG;

	int rc = xenbus_path(path, sizeof(path), dev->nodename, "backend");
	if (rc == 0)
		rc = xs_read(XS_TX_NONE, path, dev->backend, sizeof(dev->backend));
	if (rc < 0) {
		log_error(SUBSYS, "%s: no usable backend path: %s", dev->nodename, rx_strerror(rc));
		return rc;
	}
	if (dev->backend[0] != '/' || xs_path_check(dev->backend) != 0) {
		log_error(SUBSYS, "%s: malformed backend path", dev->nodename);
		return RX_EINVAL;
	}

	rc = xenbus_path(path, sizeof(path), dev->nodename, "backend-id");
	if (rc == 0)
		rc = xs_read_uint(XS_TX_NONE, path, &id);
	if (rc == 0 && id >= DOMID_FIRST_RESERVED)
		rc = RX_EINVAL;
	if (rc) {
		log_error(SUBSYS, "%s: backend-id: %s", dev->nodename, rx_strerror(rc));
		return rc;
	}
	dev->backend_id = (domid_t)id;
	return 0;
}

int xenbus_read_backend(const struct xenbus_dev *dev, const char *key, char *buf, size_t size)
{
	char path[XENBUS_PATH_MAX];
	int rc = xenbus_path(path, sizeof(path), dev->backend, key);
	return rc ? rc : xs_read(XS_TX_NONE, path, buf, size);
}

int xenbus_read_backend_uint(const struct xenbus_dev *dev, const char *key, unsigned long long *out)
{
	char path[XENBUS_PATH_MAX];
	int rc = xenbus_path(path, sizeof(path), dev->backend, key);
	return rc ? rc : xs_read_uint(XS_TX_NONE, path, out);
}

int xenbus_read_state(const char *state_path, XenbusState *state)
{
	unsigned long long v;
	int rc = xs_read_uint(XS_TX_NONE, state_path, &v);
	if (rc)
		return rc;
	if (v > XenbusStateReconfigured)
		return RX_EINVAL;
	*state = (XenbusState)v;
	return 0;
}

int xenbus_switch_state(const struct xenbus_dev *dev, XenbusState state)
{
	char path[XENBUS_PATH_MAX];
	int rc = xenbus_path(path, sizeof(path), dev->nodename, "state");
	return rc ? rc : xs_write_uint(XS_TX_NONE, path, (unsigned long long)state);
}
