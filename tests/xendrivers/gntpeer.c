/*
 * gntpeer: the other domain of the grant-table guest test, run in dom0
 * (Linux, /dev/xen/gntdev). Maps two pages the guest granted:
 *
 *   REF_RW  granted read-write: check the guest's text, write ours back
 *   REF_RO  granted read-only: a writable mapping must be refused, a
 *           read-only one must show the guest's text
 *
 * then creates READY and keeps the read-write page mapped until HOLD is
 * removed (the guest meanwhile checks that it cannot revoke it).
 * Prints "ok - ..." / "not ok - ..." lines; exits 1 if any check failed,
 * 2 on usage or setup errors.
 *
 * usage: gntpeer DOMID REF_RW REF_RO HOLD READY
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xen/sys/gntdev.h>

#define PAGE 4096
#define GUEST_TEXT "rumpxen grant test: guest"
#define PEER_TEXT "rumpxen grant test: peer"
#define PEER_OFFSET 2048

static int failures;

static void result(int ok, const char *name, const char *why)
{
	if (ok) {
		printf("ok - %s\n", name);
	} else {
		printf("not ok - %s: %s\n", name, why);
		failures++;
	}
	fflush(stdout);
}

/* Map one grant; returns the gntdev offset or -1. */
static long long map_ref(int fd, uint32_t domid, uint32_t ref)
{
	struct ioctl_gntdev_map_grant_ref op;
	memset(&op, 0, sizeof(op));
	op.count = 1;
	op.refs[0].domid = domid;
	op.refs[0].ref = ref;
	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op) != 0)
		return -1;
	return (long long)op.index;
}

static void unmap_ref(int fd, long long index)
{
	struct ioctl_gntdev_unmap_grant_ref op = {.index = (uint64_t)index, .count = 1};
	(void)ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &op);
}

static int parse_u32(const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t domid, ref_rw, ref_ro;
	if (argc != 6 || parse_u32(argv[1], &domid) || parse_u32(argv[2], &ref_rw) ||
	    parse_u32(argv[3], &ref_ro)) {
		fprintf(stderr, "usage: gntpeer DOMID REF_RW REF_RO HOLD READY\n");
		return 2;
	}
	const char *hold = argv[4], *ready = argv[5];
	int fd = open("/dev/xen/gntdev", O_RDWR);
	if (fd < 0) {
		perror("gntpeer: /dev/xen/gntdev");
		return 2;
	}

	long long idx_rw = map_ref(fd, domid, ref_rw);
	char *rw = idx_rw < 0 ? MAP_FAILED
			      : mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, idx_rw);
	result(rw != MAP_FAILED, "peer maps the read-write grant", strerror(errno));
	if (rw != MAP_FAILED) {
		result(memcmp(rw, GUEST_TEXT, sizeof(GUEST_TEXT)) == 0,
		       "peer sees the guest's text in the read-write page", "content differs");
		memcpy(rw + PEER_OFFSET, PEER_TEXT, sizeof(PEER_TEXT));
	}

	/* Each attempt gets its own registration: gntdev maps a range once. */
	long long idx_w = map_ref(fd, domid, ref_ro), idx_r = map_ref(fd, domid, ref_ro);
	if (idx_w >= 0 && idx_r >= 0) {
		char *w = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, idx_w);
		result(w == MAP_FAILED, "writable mapping of a read-only grant is refused",
		       "it was mapped writable");
		if (w != MAP_FAILED)
			munmap(w, PAGE);
		char *r = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, idx_r);
		result(r != MAP_FAILED && memcmp(r, GUEST_TEXT, sizeof(GUEST_TEXT)) == 0,
		       "read-only mapping of a read-only grant shows the guest's text",
		       r == MAP_FAILED ? strerror(errno) : "content differs");
		if (r != MAP_FAILED)
			munmap(r, PAGE);
	} else {
		result(0, "peer registers the read-only grant", strerror(errno));
	}
	if (idx_w >= 0)
		unmap_ref(fd, idx_w);
	if (idx_r >= 0)
		unmap_ref(fd, idx_r);

	/* Tell the script the page is held; keep it until told to let go. */
	int rf = open(ready, O_CREAT | O_WRONLY, 0644);
	if (rf >= 0)
		close(rf);
	struct stat st;
	for (int i = 0; i < 1200 && stat(hold, &st) == 0; i++)
		usleep(100000);
	if (rw != MAP_FAILED) {
		munmap(rw, PAGE);
		unmap_ref(fd, idx_rw);
	}
	close(fd);
	return failures ? 1 : 0;
}
