/* panic: report, show a backtrace through the hook below, crash. */
#include <core/log.h>
#include <core/plat.h>

void (*panic_backtrace_hook)(void);

static int panicking;

void panic(const char *fmt, ...)
{
	va_list ap;

	plat_irq_save(); /* nothing else runs from here on */
	if (panicking++) {
		/* A panic while panicking (e.g. in the hook): stop at once. */
		static const char msg[] = "\npanic: recursive panic\n";
		plat_console_write(msg, sizeof(msg) - 1);
		plat_crash();
	}
	console_printf("\npanic: ");
	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
	console_printf("\n");
	if (panic_backtrace_hook)
		panic_backtrace_hook();
	plat_crash();
}
