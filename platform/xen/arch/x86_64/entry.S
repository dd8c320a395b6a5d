/*
 * x86-64 PV entry: Xen ELF notes (for PV and PVH), the first PV
 * instruction, the hypercall page, and the entry stubs Xen bounces
 * traps and event upcalls to under PV. trap_common, where every trap
 * stub of both modes ends, is here too.
 *
 * Frames from Xen (64-bit PV, kernel mode to kernel mode, no stack
 * switch): Xen pushes rcx and r11 on top of the native frame
 * ([error code,] rip, cs, rflags, rsp, ss) because it entered us with
 * sysret-like semantics. Every stub first reloads rcx/r11 and drops them.
 *
 * Everything in .text.boot lives in page 0, which is unmapped once the
 * boot path is done (so NULL dereferences fault): nothing there may be
 * used after boot.
 */
#include <arch/x86_64/regs.h>
#include <xen/elfnote.h>
#include <xen/xen.h>

#define ELFNOTE(type, desctype, descdata)		\
	.pushsection .note.Xen, "a", @note;		\
	.balign 4;					\
	.long 2f - 1f;					\
	.long 4f - 3f;					\
	.long type;					\
1:	.asciz "Xen";					\
2:	.balign 4;					\
3:	desctype descdata;				\
4:	.balign 4;					\
	.popsection

ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "rumpxen")
ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, "1")
ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
ELFNOTE(XEN_ELFNOTE_VIRT_BASE, .quad, 0)
ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad, 0)
ELFNOTE(XEN_ELFNOTE_ENTRY, .quad, _start)
/* The same image boots as PVH from here (arch/x86_64/pvh_entry.S). */
ELFNOTE(XEN_ELFNOTE_PHYS32_ENTRY, .long, _start_pvh)
ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page)
ELFNOTE(XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables|dom0")

	.section .text.boot, "ax"
	.code64
	.globl _start
_start:
	cld
	/* Xen zero-fills BSS when loading, but do not rely on the loader:
	 * clear it here, before the boot stack (which lives in it) is used.
	 * %rsi (start_info) must survive. */
	movq %rsi, %r12
	leaq __bss_start(%rip), %rdi
	leaq __bss_end(%rip), %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp		/* ends backtraces */
	movq %r12, %rdi
	call xen_boot		/* does not return */
	ud2

	/* Xen writes the hypercall stubs here (ELF note above). */
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	.text

#define DROP_XEN_RCX_R11	\
	movq (%rsp), %rcx;	\
	movq 8(%rsp), %r11;	\
	addq $16, %rsp

/* Exceptions never return: every one is fatal for this guest. */
#define TRAP_NOERR(vec, name)	\
	.globl name;		\
name:				\
	DROP_XEN_RCX_R11;	\
	pushq $0;		\
	pushq $vec;		\
	jmp trap_common

#define TRAP_ERR(vec, name)	\
	.globl name;		\
name:				\
	DROP_XEN_RCX_R11;	\
	pushq $vec;		\
	jmp trap_common

TRAP_NOERR(0, trap_de)
TRAP_NOERR(1, trap_db)
TRAP_NOERR(2, trap_nmi)
TRAP_NOERR(3, trap_bp)
TRAP_NOERR(4, trap_of)
TRAP_NOERR(5, trap_br)
TRAP_NOERR(6, trap_ud)
TRAP_NOERR(7, trap_nm)
TRAP_ERR(8, trap_df)
TRAP_NOERR(9, trap_cso)
TRAP_ERR(10, trap_ts)
TRAP_ERR(11, trap_np)
TRAP_ERR(12, trap_ss)
TRAP_ERR(13, trap_gp)
TRAP_ERR(14, trap_pf)
TRAP_NOERR(15, trap_spurious)
TRAP_NOERR(16, trap_mf)
TRAP_ERR(17, trap_ac)
TRAP_NOERR(18, trap_mc)
TRAP_NOERR(19, trap_xm)
TRAP_NOERR(20, trap_ve)
TRAP_ERR(21, trap_cp)

	.globl trap_common
trap_common:
	SAVE_REGS
	movq %rsp, %rdi
	andq $-16, %rsp		/* ABI alignment before calling C */
	call trap_handle	/* does not return */
	ud2

/*
 * Event upcall. Xen delivers it with evtchn_upcall_mask set and records
 * the previous state as rflags.IF in the frame; the iret hypercall
 * restores the mask from that bit and re-delivers anything that became
 * pending meanwhile, so no event is lost between dispatch and return.
 */
	.globl hypervisor_callback
hypervisor_callback:
	DROP_XEN_RCX_R11
	UPCALL_SAVED_CALL(evtchn_do_upcall)
	pushq $0		/* iret flags: not returning from a syscall */
	jmp hypercall_page + __HYPERVISOR_iret * 32

/* Xen could not load a segment register while returning to us. Its
 * frame has the four selectors (ds, es, fs, gs) between r11 and rip. */
	.globl failsafe_callback
failsafe_callback:
	DROP_XEN_RCX_R11
	addq $32, %rsp
	pushq $0
	pushq $256		/* pseudo-vector: "failsafe" */
	jmp trap_common

	.bss
	.balign 4096
	.globl boot_stack
boot_stack:
	.skip 32768
	.globl boot_stack_top
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
