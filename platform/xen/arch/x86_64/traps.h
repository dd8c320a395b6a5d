/*
 * The CPU exceptions the platform installs handlers for (vector, short
 * name of the entry stub, description), shared by the crash report and
 * the PV trap table. Internal to arch/x86_64.
 */
#ifndef RXEN_TRAPS_H
#define RXEN_TRAPS_H

/* clang-format off */
#define TRAP_LIST(X)                                                                       \
	X(0, de, "divide error") X(1, db, "debug") X(2, nmi, "NMI") X(3, bp, "breakpoint") \
	X(4, of, "overflow") X(5, br, "bound range") X(6, ud, "invalid opcode")            \
	X(7, nm, "device not available") X(8, df, "double fault")                          \
	X(9, cso, "coprocessor segment overrun") X(10, ts, "invalid TSS")                  \
	X(11, np, "segment not present") X(12, ss, "stack-segment fault")                  \
	X(13, gp, "general protection") X(14, pf, "page fault")                            \
	X(15, spurious, "spurious interrupt") X(16, mf, "x87 floating point")              \
	X(17, ac, "alignment check") X(18, mc, "machine check")                            \
	X(19, xm, "SIMD floating point") X(20, ve, "virtualization")                       \
	X(21, cp, "control protection")
/* clang-format on */

/* Pseudo-vector of PV's failsafe callback (Xen could not load a
 * segment register while returning to us). */
#define TRAP_FAILSAFE 256

#endif
