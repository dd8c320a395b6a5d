/* The FS base is a privileged register under PV: Xen sets it for us. */
#include <runtime/hypercall.h>

#include <core/log.h>
#include <core/plat.h>

void plat_set_tls_base(uintptr_t base)
{
	if (HYPERVISOR_set_segment_base(SEGBASE_FS, base))
		panic("tls: cannot set FS base to %#lx", (unsigned long)base);
}
