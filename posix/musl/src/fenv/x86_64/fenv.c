/*
 * rumpxen replacement for musl's src/fenv/x86_64/fenv.s.
 *
 * musl's version keeps MXCSR in the red zone below %rsp. Event upcalls
 * run on the interrupted stack, so anything below %rsp can be
 * overwritten at any instruction; this version is C with the register
 * accesses in small asm statements, and the compiler (-mno-red-zone)
 * keeps every temporary inside the frame.
 *
 * Semantics as musl's (except that fegetenv leaves the x87 exception
 * masks as they were): exception flags live in both the x87 status
 * word and MXCSR and are reported as their union; raising sets MXCSR
 * flags; the rounding mode is set in both units; the environment is the
 * x87 environment (fnstenv layout) followed by MXCSR.
 */
#include <fenv.h>
#include <features.h>

/* MXCSR holds the rounding mode 3 bits further left than the x87
 * control word, where fenv.h's FE_* rounding values sit. */
#define MXCSR_RC_SHIFT 3
#define X87_RC_MASK 0xc00
#define MXCSR_DEFAULT 0x1f80 /* all exceptions masked, round to nearest */
#define X87_CW_DEFAULT 0x37f /* all exceptions masked, 64-bit precision */

hidden int __fesetround(int);

static unsigned get_mxcsr(void)
{
	unsigned v;
	__asm__ __volatile__("stmxcsr %0" : "=m"(v));
	return v;
}

static void set_mxcsr(unsigned v) { __asm__ __volatile__("ldmxcsr %0" : : "m"(v)); }

static unsigned x87_status(void)
{
	unsigned short sw;
	__asm__ __volatile__("fnstsw %0" : "=a"(sw));
	return sw;
}

int feclearexcept(int excepts)
{
	unsigned x87 = x87_status() & FE_ALL_EXCEPT;
	unsigned mx = get_mxcsr();

	excepts &= FE_ALL_EXCEPT;
	if (x87 & excepts) {
		/* fnclex clears every x87 flag: keep the others in MXCSR. */
		__asm__ __volatile__("fnclex");
		mx |= x87;
	}
	set_mxcsr(mx & ~(unsigned)excepts);
	return 0;
}

int feraiseexcept(int excepts)
{
	set_mxcsr(get_mxcsr() | (excepts & FE_ALL_EXCEPT));
	return 0;
}

int fetestexcept(int excepts)
{
	return (int)((get_mxcsr() | x87_status()) & (unsigned)excepts & FE_ALL_EXCEPT);
}

int __fesetround(int r)
{
	unsigned short cw;

	__asm__ __volatile__("fnstcw %0" : "=m"(cw));
	cw = (unsigned short)((cw & ~X87_RC_MASK) | (unsigned)r);
	__asm__ __volatile__("fldcw %0" : : "m"(cw));
	set_mxcsr((get_mxcsr() & ~(X87_RC_MASK << MXCSR_RC_SHIFT)) |
		  ((unsigned)r << MXCSR_RC_SHIFT));
	return 0;
}

int fegetround(void) { return (int)((get_mxcsr() >> MXCSR_RC_SHIFT) & X87_RC_MASK); }

int fegetenv(fenv_t *envp)
{
	/* fnstenv also masks x87 exceptions: reload what it stored. */
	__asm__ __volatile__("fnstenv %0\n\tfldenv %0" : "+m"(*envp));
	envp->__mxcsr = get_mxcsr();
	return 0;
}

int fesetenv(const fenv_t *envp)
{
	fenv_t dfl = {.__control_word = X87_CW_DEFAULT, .__tags = 0xffff, .__mxcsr = MXCSR_DEFAULT};

	if (envp == FE_DFL_ENV)
		envp = &dfl;
	__asm__ __volatile__("fldenv %0" : : "m"(*envp));
	set_mxcsr(envp->__mxcsr);
	return 0;
}
