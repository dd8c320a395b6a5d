/*
 * Disk names as users know them from xl ("xvda", "xvdb", ..., "xvdaa")
 * and the vbd numbers the toolstack files the disks under
 * (device/vbd/<number>). Xen's numbering of xvd disks: disk d < 16 is
 * 202 << 8 | d << 4 (xvda = 51712), a later one 1 << 28 | d << 8.
 * Partitions are not devices here: whole disks are attached.
 */
#include <blkfront/blkfront.h>

#include <core/errors.h>

#define XVD_MAJOR 202u
#define XVD_EXTENDED (1ul << 28)
#define XVD_MAX_DISKS (1ul << 20) /* the extended form's 20 disk bits */

int blkfront_vbd_from_name(const char *name, unsigned long *vbd)
{
	unsigned long disk = 0;
	const char *p;

	if (name == NULL || vbd == NULL || name[0] != 'x' || name[1] != 'v' || name[2] != 'd' ||
	    name[3] == '\0')
		return RX_EINVAL;
	/* Letters count in bijective base 26: a..z, then aa, ab, ... */
	for (p = name + 3; *p; p++) {
		if (*p < 'a' || *p > 'z')
			return RX_EINVAL;
		disk = disk * 26 + (unsigned long)(*p - 'a') + 1;
		if (disk > XVD_MAX_DISKS)
			return RX_EINVAL;
	}
	disk--;
	*vbd = disk < 16 ? (XVD_MAJOR << 8 | disk << 4) : (XVD_EXTENDED | disk << 8);
	return 0;
}

int blkfront_name_matches(const char *vbd_name, const char *name)
{
	unsigned long want, have = 0;
	const char *p;

	if (blkfront_vbd_from_name(name, &want))
		return 0;
	for (p = vbd_name; *p; p++) {
		if (*p < '0' || *p > '9' || have > (~0ul - 9) / 10)
			return 0;
		have = have * 10 + (unsigned long)(*p - '0');
	}
	return p != vbd_name && have == want;
}
