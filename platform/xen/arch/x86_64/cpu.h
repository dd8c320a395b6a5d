/*
 * x86-64 instructions the platform needs as C functions. Privileged ones
 * (control registers, MSRs, cli/sti/hlt) work only in PVH mode, where
 * the guest kernel runs in ring 0; a PV guest asks Xen instead.
 */
#ifndef RXEN_CPU_H
#define RXEN_CPU_H

#include <stdint.h>

#define MSR_FS_BASE 0xc0000100u
#define RFLAGS_IF 0x200ul

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpu_cpuid(uint32_t leaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(0));
	return r;
}

static inline void cpu_wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
}

static inline uint64_t cpu_read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void cpu_write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

static inline void cpu_invlpg(unsigned long va)
{
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

static inline unsigned long cpu_flags(void)
{
	unsigned long f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f)::"memory");
	return f;
}

static inline void cpu_cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void cpu_sti(void) { __asm__ volatile("sti" ::: "memory"); }

/* Enable interrupts and halt until one arrives, atomically: sti holds
 * interrupts off for one more instruction, so one that is already
 * pending wakes the hlt instead of being taken before it. Returns with
 * interrupts disabled again. */
static inline void cpu_sti_hlt_cli(void) { __asm__ volatile("sti; hlt; cli" ::: "memory"); }

#endif
