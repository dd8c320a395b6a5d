/*
 * Traps and the event upcall under PV: Xen's virtual trap table and
 * callbacks, with the entry stubs of entry.S (runtime/mode.h).
 */
#include <arch/x86_64/traps.h>
#include <runtime/hypercall.h>
#include <runtime/mode_ops.h>
#include <runtime/shared_info.h>

#include <core/log.h>

#define DECLARE_ENTRY(vec, short, name) extern char trap_##short[];
TRAP_LIST(DECLARE_ENTRY)

/* Flags: DPL 3 (so int3 works from our ring-3 kernel) and bit 2, which
 * makes Xen disable events on entry. */
#define TI_FLAGS (3 | 4)

void traps_init_pv(void)
{
#define TABLE_ENTRY(vec, short, name) {vec, TI_FLAGS, FLAT_KERNEL_CS, (unsigned long)trap_##short},
	static struct trap_info table[] = {TRAP_LIST(TABLE_ENTRY){0, 0, 0, 0}};
	extern char hypervisor_callback[], failsafe_callback[];

	if (HYPERVISOR_set_trap_table(table))
		panic("traps: set_trap_table failed");
	if (HYPERVISOR_set_callbacks((unsigned long)hypervisor_callback,
				     (unsigned long)failsafe_callback, 0))
		panic("traps: set_callbacks failed");
}

/* Xen records the fault address in the vcpu's arch state. */
uint64_t fault_address_pv(void) { return xen_shared_info ? xen_vcpu0()->arch.cr2 : 0; }
