/* The system-call entry musl calls (posix/musl/arch/x86_64/syscall_arch.h). */
#include "posix_internal.h"

struct posix_ops posix_ops;

void posix_init(const struct posix_ops *ops) { posix_ops = *ops; }

long __rx_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	const struct posix_args args = {{a, b, c, d, e, f}};

	return posix_dispatch(n, &args);
}
