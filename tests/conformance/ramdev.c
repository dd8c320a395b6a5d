/* Test backend: two fixed memory devices; completes inside submit(). */
#include "ramdev.h"

#include "rumpuser.h"

#include <core/errors.h>

static unsigned char ram[RAMDEV_RAM_SIZE], rom[RAMDEV_ROM_SIZE];
static int open_count;

struct dev {
	unsigned char *data;
	uint64_t size;
	int readonly;
};

static struct dev devs[2] = {
    {ram, RAMDEV_RAM_SIZE, 0},
    {rom, RAMDEV_ROM_SIZE, 1},
};

static struct dev *lookup(const char *name)
{
	if (name[0] == 'r' && name[1] == 'a' && name[2] == 'm' && name[3] == '0' && !name[4])
		return &devs[0];
	if (name[0] == 'r' && name[1] == 'o' && name[2] == 'm' && name[3] == '0' && !name[4])
		return &devs[1];
	return NULL;
}

int ramdev_open_count(void) { return open_count; }

static int rd_info(void *ctx, const char *name, uint64_t *size, int *ftype)
{
	struct dev *d = lookup(name);

	(void)ctx;
	if (d == NULL)
		return RX_ENOENT;
	*size = d->size;
	*ftype = RUMPUSER_FT_BLK;
	return 0;
}

static int rd_open(void *ctx, const char *name, int writable, void **handle)
{
	struct dev *d = lookup(name);

	(void)ctx;
	if (d == NULL)
		return RX_ENOENT;
	if (writable && d->readonly)
		return RX_EROFS;
	open_count++;
	*handle = d;
	return 0;
}

static int rd_close(void *ctx, void *handle)
{
	(void)ctx;
	(void)handle;
	open_count--;
	return 0;
}

static int in_range(struct dev *d, size_t len, int64_t off)
{
	return off >= 0 && (uint64_t)off <= d->size && len <= d->size - (uint64_t)off;
}

static void copy(void *dst, const void *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((unsigned char *)dst)[i] = ((const unsigned char *)src)[i];
}

static int rd_submit(void *ctx, void *handle, int write, int sync, void *data, size_t len,
		     int64_t off, rumpuser_dev_complete_fn complete, void *cookie)
{
	struct dev *d = handle;

	(void)ctx;
	(void)sync;
	if (!in_range(d, len, off)) {
		complete(cookie, 0, RX_ERANGE); /* the kernel must see EINVAL */
		return 0;
	}
	if (write)
		copy(d->data + off, data, len);
	else
		copy(data, d->data + off, len);
	complete(cookie, len, 0);
	return 0;
}

static int rd_read(void *ctx, void *handle, void *buf, size_t len, int64_t off, size_t *done)
{
	struct dev *d = handle;

	(void)ctx;
	if (off < 0 || (uint64_t)off > d->size)
		return RX_ERANGE; /* the kernel must see EINVAL */
	if (len > d->size - (uint64_t)off)
		len = d->size - (uint64_t)off; /* short read at the end */
	copy(buf, d->data + off, len);
	*done = len;
	return 0;
}

static int rd_write(void *ctx, void *handle, const void *buf, size_t len, int64_t off, size_t *done)
{
	struct dev *d = handle;

	(void)ctx;
	if (!in_range(d, len, off))
		return RX_ENOSPC;
	copy(d->data + off, buf, len);
	*done = len;
	return 0;
}

static int rd_flush(void *ctx, void *handle)
{
	(void)ctx;
	(void)handle;
	return 0;
}

const struct rumpuser_dev_ops ramdev_ops = {
    .info = rd_info,
    .open = rd_open,
    .close = rd_close,
    .submit = rd_submit,
    .read = rd_read,
    .write = rd_write,
    .flush = rd_flush,
};
