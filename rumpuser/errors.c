/* The translation of platform errors into NetBSD errno numbers: one
 * table, and the one difference the block-I/O boundary makes. */
#include "rumpuser_priv.h"

#include <core/errors.h>

static const struct {
	int rx;
	int netbsd;
} rx_to_netbsd[] = {
    {RX_ENOMEM, NB_ENOMEM},   {RX_EINVAL, NB_EINVAL},	    {RX_ENOENT, NB_ENOENT},
    {RX_EAGAIN, NB_EAGAIN},   {RX_ETIMEDOUT, NB_ETIMEDOUT}, {RX_EIO, NB_EIO},
    {RX_EROFS, NB_EROFS},     {RX_EBUSY, NB_EBUSY},	    {RX_ENOSPC, NB_ENOSPC},
    {RX_EACCES, NB_EACCES},   {RX_EEXIST, NB_EEXIST},	    {RX_E2BIG, NB_E2BIG},
    {RX_ENODEV, NB_ENODEV},   {RX_EPROTO, NB_EPROTO},	    {RX_ENOSYS, NB_ENOSYS},
    {RX_ESHUTDOWN, NB_ENXIO}, /* a vanished device, as the kernel expects */
    {RX_EPERM, NB_EPERM},     {RX_ERANGE, NB_ERANGE},
};

/* Unknown codes become EIO: the kernel must never see a negative value. */
int rumpuser__errno_from_rx(int rx_err)
{
	if (rx_err >= 0)
		return 0;
	for (size_t i = 0; i < sizeof(rx_to_netbsd) / sizeof(rx_to_netbsd[0]); i++)
		if (rx_to_netbsd[i].rx == rx_err)
			return rx_to_netbsd[i].netbsd;
	return NB_EIO;
}

/* Block I/O: a transfer outside the device (RX_ERANGE from a device
 * backend) is the caller's bad request to the kernel, EINVAL, as
 * NetBSD's own disk drivers answer it. */
int rumpuser__bio_errno_from_rx(int rx_err)
{
	return rx_err == RX_ERANGE ? NB_EINVAL : rumpuser__errno_from_rx(rx_err);
}
