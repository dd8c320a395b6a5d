/* Xen's errno numbering to ours, for the few codes hypercalls return. */
#include <runtime/hypercall.h>
#include <xen/errno.h>

#include <core/errors.h>

int xen_errno_to_rx(long xen_err)
{
	if (xen_err >= 0)
		return 0;
	switch (-xen_err) {
	case XEN_ENOMEM:
		return RX_ENOMEM;
	case XEN_EINVAL:
		return RX_EINVAL;
	case XEN_ENOENT:
		return RX_ENOENT;
	case XEN_EAGAIN:
		return RX_EAGAIN;
	case XEN_EBUSY:
		return RX_EBUSY;
	case XEN_ENOSPC:
		return RX_ENOSPC;
	case XEN_EACCES:
		return RX_EACCES;
	case XEN_EPERM:
		return RX_EPERM;
	case XEN_EEXIST:
		return RX_EEXIST;
	case XEN_ENOSYS:
		return RX_ENOSYS;
	case XEN_ERANGE:
		return RX_ERANGE;
	case XEN_ENODEV:
		return RX_ENODEV;
	default:
		return RX_EIO;
	}
}
