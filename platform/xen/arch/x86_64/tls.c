/* The FS base: set by Xen under PV, by MSR under PVH (runtime/mode.h). */
#include <runtime/mode.h>

#include <core/plat.h>

void plat_set_tls_base(uintptr_t base) { xen_mode->set_fs_base(base); }
