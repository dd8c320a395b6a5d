/*
 * Traps and the event upcall under PVH (runtime/mode.h): our own IDT
 * with the stubs of pvh_entry.S, a TSS whose first IST stack takes
 * double faults, and Xen's event callback as an IDT vector
 * (HVM_PARAM_CALLBACK_IRQ, vector type).
 *
 * Why the double-fault stack: a thread that overflows its stack into
 * the guard page takes a page fault the CPU cannot push onto that same
 * stack; it raises a double fault instead, which runs on its own stack
 * here, so the crash report can name the thread.
 */
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/regs.h>
#include <runtime/hypercall.h>
#include <runtime/mode_ops.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>

#include <core/log.h>

#define PVH_NR_TRAPS 22
/* Any vector above the exceptions; Xen injects it directly, without
 * the local APIC, so no EOI is due. */
#define EVENT_VECTOR 0xf3
#define DF_VECTOR 8
#define GATE_INTERRUPT 0x8e /* present, ring 0, 64-bit interrupt gate */
#define TSS_AVAILABLE 0x89  /* present, 64-bit TSS */
#define DF_STACK_SIZE 16384

struct idt_gate {
	uint16_t off_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
};

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

extern const uint64_t pvh_trap_stubs[PVH_NR_TRAPS];
extern char pvh_event_entry[];
extern uint64_t pvh_gdt[];

static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static char df_stack[DF_STACK_SIZE] __attribute__((aligned(16)));

static void set_gate(unsigned vec, uint64_t handler, unsigned ist)
{
	idt[vec] = (struct idt_gate){
	    .off_lo = (uint16_t)handler,
	    .selector = PVH_CS,
	    .ist = (uint8_t)ist,
	    .type = GATE_INTERRUPT,
	    .off_mid = (uint16_t)(handler >> 16),
	    .off_hi = (uint32_t)(handler >> 32),
	};
}

static void load_tss(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof(tss) - 1;

	tss.ist[0] = (uint64_t)(uintptr_t)(df_stack + DF_STACK_SIZE);
	tss.iomap_base = sizeof(tss); /* no I/O bitmap */
	pvh_gdt[PVH_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			       ((uint64_t)TSS_AVAILABLE << 40) | (((limit >> 16) & 0xf) << 48) |
			       (((base >> 24) & 0xff) << 56);
	pvh_gdt[PVH_TSS / 8 + 1] = base >> 32;
	__asm__ volatile("ltr %w0" ::"r"(PVH_TSS) : "memory");
}

void traps_init_pvh(void)
{
	for (unsigned v = 0; v < PVH_NR_TRAPS; v++)
		set_gate(v, pvh_trap_stubs[v], v == DF_VECTOR ? 1 : 0);
	set_gate(EVENT_VECTOR, (uint64_t)(uintptr_t)pvh_event_entry, 0);
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};
	__asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
	load_tss();

	struct xen_hvm_param p = {
	    .domid = DOMID_SELF,
	    .index = HVM_PARAM_CALLBACK_IRQ,
	    .value = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | EVENT_VECTOR,
	};
	if (HYPERVISOR_hvm_op(HVMOP_set_param, &p))
		panic("traps: cannot set the event callback vector");
}

uint64_t fault_address_pvh(void) { return cpu_read_cr2(); }
