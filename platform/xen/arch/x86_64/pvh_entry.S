/*
 * PVH entry (XEN_ELFNOTE_PHYS32_ENTRY, note in entry.S): Xen starts us
 * in 32-bit protected mode, paging off, flat segments, interrupts off,
 * %ebx = physical address of struct hvm_start_info. We clear BSS, map
 * the first 1 GiB 1:1 with 2 MiB pages (physical = virtual, as the image
 * is linked), switch to long mode on our own GDT and call pvh_boot,
 * then xen_boot with the start_info it returns. mm_init later replaces
 * these boot tables with the 4 KiB-granular ones (page 0 unmapped,
 * guard pages).
 *
 * Also here: the IDT entry stubs (native frames, no Xen-pushed rcx/r11,
 * return by iretq) for exceptions and the event callback vector.
 */
#include <arch/x86_64/regs.h>

#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_TS (1 << 3)
#define CR0_NE (1 << 5)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define PDE_LARGE 0x83		/* present, writable, 2 MiB page */
#define TABLE_FLAGS 0x03	/* present, writable */

	.section .text.boot, "ax"
	.code32
	.globl _start_pvh
_start_pvh:
	cld
	cli
	movl %ebx, %esi		/* hvm_start_info: kept in %esi */
	/* BSS holds the boot stack and tables; the loader zero-fills it,
	 * but do not rely on that. */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb

	movl $pvh_boot_l3 + TABLE_FLAGS, pvh_boot_l4
	movl $pvh_boot_l2 + TABLE_FLAGS, pvh_boot_l3
	movl $pvh_boot_l2, %edi
	movl $PDE_LARGE, %eax
	movl $512, %ecx
1:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 1b

	lgdt pvh_gdt_ptr
	movl %cr4, %eax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $pvh_boot_l4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	/* FPU and SSE usable (applications may use them), write protection
	 * honoured in ring 0, paging on: compatibility mode until the jump. */
	movl %cr0, %eax
	andl $~(CR0_EM | CR0_TS), %eax
	orl $(CR0_PG | CR0_WP | CR0_NE | CR0_MP), %eax
	movl %eax, %cr0
	ljmp $PVH_CS, $pvh_long

	.code64
pvh_long:
	movl $PVH_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	fninit
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp		/* ends backtraces */
	movl %esi, %edi
	call pvh_boot		/* returns the start_info for xen_boot */
	movq %rax, %rdi
	call xen_boot		/* does not return */
	ud2

	.text

/* Exceptions never return: every one is fatal for this guest. The
 * frame matches what entry.S's trap_common expects. */
#define PVH_TRAP_NOERR(vec)	\
pvh_trap_##vec:			\
	pushq $0;		\
	pushq $vec;		\
	jmp trap_common

#define PVH_TRAP_ERR(vec)	\
pvh_trap_##vec:			\
	pushq $vec;		\
	jmp trap_common

PVH_TRAP_NOERR(0)
PVH_TRAP_NOERR(1)
PVH_TRAP_NOERR(2)
PVH_TRAP_NOERR(3)
PVH_TRAP_NOERR(4)
PVH_TRAP_NOERR(5)
PVH_TRAP_NOERR(6)
PVH_TRAP_NOERR(7)
PVH_TRAP_ERR(8)
PVH_TRAP_NOERR(9)
PVH_TRAP_ERR(10)
PVH_TRAP_ERR(11)
PVH_TRAP_ERR(12)
PVH_TRAP_ERR(13)
PVH_TRAP_ERR(14)
PVH_TRAP_NOERR(15)
PVH_TRAP_NOERR(16)
PVH_TRAP_ERR(17)
PVH_TRAP_NOERR(18)
PVH_TRAP_NOERR(19)
PVH_TRAP_NOERR(20)
PVH_TRAP_ERR(21)

	.section .rodata
	.balign 8
	.globl pvh_trap_stubs
pvh_trap_stubs:		/* one per vector 0..PVH_NR_TRAPS-1 */
	.quad pvh_trap_0, pvh_trap_1, pvh_trap_2, pvh_trap_3, pvh_trap_4, pvh_trap_5
	.quad pvh_trap_6, pvh_trap_7, pvh_trap_8, pvh_trap_9, pvh_trap_10, pvh_trap_11
	.quad pvh_trap_12, pvh_trap_13, pvh_trap_14, pvh_trap_15, pvh_trap_16, pvh_trap_17
	.quad pvh_trap_18, pvh_trap_19, pvh_trap_20, pvh_trap_21

	.text
/*
 * The event callback vector. The interrupt gate cleared IF, which is
 * the event mask under PVH; iretq restores the interrupted IF. Xen
 * injects the vector again while evtchn_upcall_pending is set and IF
 * is on, so an event that arrives during dispatch is not lost.
 */
	.globl pvh_event_entry
pvh_event_entry:
	UPCALL_SAVED_CALL(evtchn_do_upcall)
	iretq

	.data
/* Used after boot (traps, TSS): not in page 0. Written by the CPU
 * (accessed and busy bits), so writable. */
	.balign 16
	.globl pvh_gdt
pvh_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* PVH_CS: 64-bit code, ring 0 */
	.quad 0x00cf92000000ffff	/* PVH_DS: data */
	.quad 0, 0			/* PVH_TSS: filled in by traps_pvh.c */
pvh_gdt_end:
	.globl pvh_gdt_ptr
pvh_gdt_ptr:
	.word pvh_gdt_end - pvh_gdt - 1
	.quad pvh_gdt

	.bss
	.balign 4096
pvh_boot_l4:
	.skip 4096
pvh_boot_l3:
	.skip 4096
pvh_boot_l2:
	.skip 4096

	.section .note.GNU-stack, "", @progbits
