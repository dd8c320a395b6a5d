/*
 * PVH start of day (runtime/pvh.h). The common boot path reads the PV
 * start_info, so this fills one in from what a PVH guest gets instead:
 * hvm_start_info (command line, memory map, flags) and the HVM params
 * (xenstore and console pages and event channels). Frame numbers in it
 * are guest frames.
 *
 * Runs on the boot page tables (the first PVH_BOOT_MAPPED bytes 1:1)
 * before traps exist: a fault here ends the domain without a report, so
 * every address is checked against that limit first.
 */
#include <arch/x86_64/cpu.h>
#include <runtime/hypercall.h>
#include <runtime/mm.h>
#include <runtime/mode.h>
#include <runtime/pvh.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>

struct pvh_boot_info pvh_info;

static start_info_t pvh_start_info;

extern char _end[];

static __attribute__((noreturn)) void boot_fail(const char *msg)
{
	static const char head[] = "rumpxen: PVH boot failed: ";
	unsigned n = 0;

	while (msg[n])
		n++;
	HYPERVISOR_console_io(CONSOLEIO_write, sizeof(head) - 1, head);
	HYPERVISOR_console_io(CONSOLEIO_write, n, msg);
	HYPERVISOR_console_io(CONSOLEIO_write, 1, "\n");
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &(struct sched_shutdown){SHUTDOWN_crash});
}

/* Xen's CPUID leaves (at 0x40000000 or a multiple of 0x100 above, when
 * another hypervisor interface comes first) name the MSR that makes Xen
 * write the hypercall stubs into a page of ours. */
static int hypercall_page_init(void)
{
	extern char hypercall_page[];

	for (uint32_t base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000;
	     base += 0x100) {
		struct cpuid_regs r = cpu_cpuid(base);
		if (r.ebx != XEN_CPUID_SIGNATURE_EBX || r.ecx != XEN_CPUID_SIGNATURE_ECX ||
		    r.edx != XEN_CPUID_SIGNATURE_EDX || r.eax < base + 2)
			continue;
		r = cpu_cpuid(base + 2);
		if (r.eax < 1)
			return -1;
		/* Physical = virtual for the image. */
		cpu_wrmsr(r.ebx, (uint64_t)(uintptr_t)hypercall_page);
		return 0;
	}
	return -1;
}

static int reachable(uint64_t paddr, uint64_t len)
{
	return paddr != 0 && paddr < PVH_BOOT_MAPPED && len <= PVH_BOOT_MAPPED - paddr;
}

static void note_end(uint64_t paddr, uint64_t len)
{
	unsigned long end_pfn = (unsigned long)((paddr + len + RX_PAGE_SIZE - 1) >> RX_PAGE_SHIFT);
	if (end_pfn > pvh_info.first_free_pfn)
		pvh_info.first_free_pfn = end_pfn;
}

/* The BIOS e820 entry layout XENMEM_memory_map returns. */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

static void memmap_init(const struct hvm_start_info *si)
{
	if (si->version >= 1 && si->memmap_entries > 0) {
		uint64_t bytes = (uint64_t)si->memmap_entries * sizeof(pvh_info.memmap[0]);
		if (!reachable(si->memmap_paddr, bytes))
			boot_fail("memory map out of reach");
		const struct hvm_memmap_table_entry *e = (const void *)(uintptr_t)si->memmap_paddr;
		unsigned n =
		    si->memmap_entries < PVH_MAX_MEMMAP ? si->memmap_entries : PVH_MAX_MEMMAP;
		for (unsigned i = 0; i < n; i++)
			pvh_info.memmap[i] = e[i];
		pvh_info.nr_memmap = n;
		note_end(si->memmap_paddr, bytes);
		return;
	}
	static struct e820_entry buf[PVH_MAX_MEMMAP];
	struct xen_memory_map map = {.nr_entries = PVH_MAX_MEMMAP};
	set_xen_guest_handle(map.buffer, buf);
	if (HYPERVISOR_memory_op(XENMEM_memory_map, &map) || map.nr_entries == 0)
		boot_fail("no memory map (neither in hvm_start_info nor from XENMEM_memory_map)");
	for (unsigned i = 0; i < map.nr_entries && i < PVH_MAX_MEMMAP; i++) {
		pvh_info.memmap[i].addr = buf[i].addr;
		pvh_info.memmap[i].size = buf[i].size;
		pvh_info.memmap[i].type = buf[i].type;
	}
	pvh_info.nr_memmap = map.nr_entries < PVH_MAX_MEMMAP ? map.nr_entries : PVH_MAX_MEMMAP;
}

static uint64_t hvm_param(uint32_t index)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};
	return HYPERVISOR_hvm_op(HVMOP_get_param, &p) ? 0 : p.value;
}

static void cmdline_init(const struct hvm_start_info *si, start_info_t *out)
{
	size_t max = sizeof(out->cmd_line) - 1;

	if (!si->cmdline_paddr)
		return;
	if (!reachable(si->cmdline_paddr, 1))
		boot_fail("command line out of reach");
	const char *line = (const char *)(uintptr_t)si->cmdline_paddr;
	size_t n = 0;
	/* Xen terminates it; stop at our limit or the mapped one anyway. */
	while (n < max && reachable(si->cmdline_paddr, n + 1) && line[n]) {
		out->cmd_line[n] = (uint8_t)line[n];
		n++;
	}
	out->cmd_line[n] = 0;
	note_end(si->cmdline_paddr, n + 1);
}

static void modules_note(const struct hvm_start_info *si)
{
	uint64_t bytes = (uint64_t)si->nr_modules * sizeof(struct hvm_modlist_entry);

	if (si->nr_modules == 0)
		return;
	if (!reachable(si->modlist_paddr, bytes))
		boot_fail("module list out of reach");
	note_end(si->modlist_paddr, bytes);
	const struct hvm_modlist_entry *m = (const void *)(uintptr_t)si->modlist_paddr;
	for (uint32_t i = 0; i < si->nr_modules; i++)
		if (m[i].paddr && m[i].paddr < PVH_BOOT_MAPPED)
			note_end(m[i].paddr, m[i].size);
}

start_info_t *pvh_boot(uint32_t start_info_paddr)
{
	start_info_t *out = &pvh_start_info;

	xen_mode = &xen_mode_pvh;
	if (hypercall_page_init())
		/* No way to say anything: fault with no IDT, which ends
		 * the domain (triple fault). */
		__builtin_trap();
	if (!reachable(start_info_paddr, sizeof(struct hvm_start_info)))
		boot_fail("hvm_start_info out of reach");
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info_paddr;
	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		boot_fail("bad hvm_start_info magic");

	pvh_info.first_free_pfn = virt_to_pfn(_end + RX_PAGE_SIZE - 1);
	note_end(start_info_paddr, sizeof(*si));
	memmap_init(si);
	cmdline_init(si, out);
	modules_note(si);

	out->flags = si->flags;
	out->store_mfn = hvm_param(HVM_PARAM_STORE_PFN);
	out->store_evtchn = (uint32_t)hvm_param(HVM_PARAM_STORE_EVTCHN);
	if (!(si->flags & SIF_INITDOMAIN)) {
		out->console.domU.mfn = hvm_param(HVM_PARAM_CONSOLE_PFN);
		out->console.domU.evtchn = (uint32_t)hvm_param(HVM_PARAM_CONSOLE_EVTCHN);
	}
	return out;
}
