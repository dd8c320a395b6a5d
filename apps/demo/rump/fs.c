/*
 * The demo's disk: the first Xen disk (rumpuser name "blk0") registered
 * as a block device and mounted as FFS on DEMO_MNT. Only plain files in
 * the top directory are listed and served.
 */
#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "demo.h"

#define DISK_DEV "/dev/xvda"
#define DISK_HOST_NAME "blk0"

/* getdents(2) records are struct rump_dirent heads d_reclen bytes
 * apart, not necessarily aligned: read their fields by offset. */
#define DIRENT_RECLEN_OFF offsetof(struct rump_dirent, d_reclen)
#define DIRENT_NAMLEN_OFF offsetof(struct rump_dirent, d_namlen)
#define DIRENT_TYPE_OFF offsetof(struct rump_dirent, d_type)
#define DIRENT_NAME_OFF ((int)offsetof(struct rump_dirent, d_name))
#define DT_REG 8 /* NetBSD's regular-file d_type */

struct ufs_mount_args {
	char *fspec;
};

int demo_fs_mount(void)
{
	struct ufs_mount_args args = { (char *)DISK_DEV };
	int err;

	err = rump_pub_etfs_register(DISK_DEV, DISK_HOST_NAME, RUMP_ETFS_BLK);
	if (err)
		return -err;
	if (rump_sys_mkdir(DEMO_MNT, 0755) < 0)
		return demo_errno();
	if (rump_sys_mount("ffs", DEMO_MNT, 0, &args, sizeof(args)) < 0)
		return demo_errno();
	return 0;
}

int demo_fs_unmount(void)
{
	return rump_sys_unmount(DEMO_MNT, 0) < 0 ? demo_errno() : 0;
}

static int open_in_mnt(const char *name, int flags)
{
	char path[300];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", DEMO_MNT, name) >= sizeof(path))
		return -RUMP_ENAMETOOLONG;
	int fd = rump_sys_open(path, flags, 0644);
	return fd < 0 ? demo_errno() : fd;
}

/* Size of a file by seeking to its end. */
static off_t file_size(const char *name)
{
	int fd = open_in_mnt(name, RUMP_O_RDONLY);
	off_t size;

	if (fd < 0)
		return fd;
	size = rump_sys_lseek(fd, 0, 2 /* SEEK_END */);
	if (size < 0)
		size = demo_errno();
	rump_sys_close(fd);
	return size;
}

typedef int (*entry_fn)(void *arg, const char *name, off_t size);

/* Call fn for every plain file of DEMO_MNT, in directory order. */
static int for_each_file(entry_fn fn, void *arg)
{
	static char buf[8192];
	int fd = rump_sys_open(DEMO_MNT, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	int n, err = 0;

	if (fd < 0)
		return demo_errno();
	while (err == 0 && (n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (int off = 0; off + DIRENT_NAME_OFF < n;) {
			const char *d = buf + off;
			uint16_t reclen, namlen;
			char name[256];

			memcpy(&reclen, d + DIRENT_RECLEN_OFF, sizeof(reclen));
			memcpy(&namlen, d + DIRENT_NAMLEN_OFF, sizeof(namlen));
			if (reclen == 0 || off + reclen > n || namlen >= sizeof(name)) {
				err = -RUMP_EIO; /* a record we cannot trust */
				break;
			}
			off += reclen;
			if ((uint8_t)d[DIRENT_TYPE_OFF] != DT_REG)
				continue;
			memcpy(name, d + DIRENT_NAME_OFF, namlen);
			name[namlen] = '\0';
			off_t size = file_size(name);
			if (size < 0) {
				err = (int)size;
				break;
			}
			err = fn(arg, name, size);
			if (err)
				break;
		}
	}
	if (n < 0 && err == 0)
		err = demo_errno();
	rump_sys_close(fd);
	return err;
}

static int print_entry(void *arg, const char *name, off_t size)
{
	(void)arg;
	printf("demo:   %-24s %8lld bytes\n", name, (long long)size);
	return 0;
}

int demo_fs_print_listing(void)
{
	printf("demo: files on the disk:\n");
	return for_each_file(print_entry, NULL);
}

struct text_buf {
	char *buf;
	size_t size, len;
};

static int append_entry(void *arg, const char *name, off_t size)
{
	struct text_buf *t = arg;
	int n = snprintf(t->buf + t->len, t->size - t->len, "%s %lld\n", name, (long long)size);

	if (n < 0 || (size_t)n >= t->size - t->len)
		return -RUMP_ENOSPC;
	t->len += (size_t)n;
	return 0;
}

ssize_t demo_fs_listing(char *buf, size_t size)
{
	struct text_buf t = { buf, size, 0 };
	int err;

	if (size == 0)
		return -RUMP_ENOSPC;
	buf[0] = '\0';
	err = for_each_file(append_entry, &t);
	return err < 0 ? err : (ssize_t)t.len;
}

ssize_t demo_fs_read(const char *name, char *buf, size_t size)
{
	int fd = open_in_mnt(name, RUMP_O_RDONLY);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return fd;
	/* One byte more than fits tells "too large" from "exactly full". */
	while ((n = rump_sys_read(fd, buf + len, size - len)) > 0) {
		len += (size_t)n;
		if (len == size) {
			char extra;
			n = rump_sys_read(fd, &extra, 1);
			if (n > 0)
				n = -RUMP_EFBIG;
			break;
		}
	}
	if (n < 0 && n != -RUMP_EFBIG)
		n = demo_errno();
	rump_sys_close(fd);
	return n < 0 ? n : (ssize_t)len;
}

int demo_fs_write_synced(const char *name, const char *data, size_t len)
{
	int fd = open_in_mnt(name, RUMP_O_WRONLY | RUMP_O_CREAT | RUMP_O_TRUNC);
	int err = 0;

	if (fd < 0)
		return fd;
	while (len > 0) {
		ssize_t n = rump_sys_write(fd, data, len);
		if (n <= 0) {
			err = n < 0 ? demo_errno() : -RUMP_EIO;
			break;
		}
		data += n;
		len -= (size_t)n;
	}
	if (err == 0 && rump_sys_fsync(fd) < 0)
		err = demo_errno();
	if (rump_sys_close(fd) < 0 && err == 0)
		err = demo_errno();
	return err;
}
