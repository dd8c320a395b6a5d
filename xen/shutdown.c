/*
 * Ending the guest.
 *
 * Exit protocol (shared with the launcher): an orderly halt writes the
 * status as a decimal string to xenstore "data/exit-status" (relative to
 * the domain home), then shuts down with SHUTDOWN_poweroff; a crash
 * shuts down with SHUTDOWN_crash. As dom0 (direct boot for quick tests,
 * no toolstack) the status goes to the emulator's exit port 0xf4
 * instead: the emulator exits with (value << 1) | 1, and a crash sends
 * 126, the launcher's crash status.
 */
#include <rxen/console.h>
#include <rxen/hypercall.h>
#include <rxen/platform.h>
#include <rxen/shared_info.h>

#include <core/log.h>
#include <core/plat.h>

#define EXIT_PORT 0xf4
#define CRASH_STATUS 126

static void dom0_exit_port(int value)
{
	struct physdev_set_iopl iopl = {.iopl = 3};
	HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);
	__asm__ volatile("outb %b0, %w1" ::"a"((uint8_t)value), "Nd"((uint16_t)EXIT_PORT));
}

static __attribute__((noreturn)) void shutdown_with(unsigned reason)
{
	struct sched_shutdown op = {.reason = reason};
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &op);
}

void xen_poweroff(int status, int recorded)
{
	char value[8];

	plat_irq_save();
	if (status < 0 || status > 255)
		status = 255;
	xen_console_flush();
	if (xen_is_dom0()) {
		dom0_exit_port(status);
		shutdown_with(SHUTDOWN_reboot);
	}
	fmt_snprintf(value, sizeof(value), "%d", status);
	int rc = recorded ? 0 : store_poll_write("data/exit-status", value);
	if (rc) {
		static const char msg[] = "rumpxen: cannot record exit status in xenstore\n";
		xen_console_write(msg, sizeof(msg) - 1);
		xen_console_flush();
		/* The launcher reads a poweroff without a recorded status as
		 * success: never let a failing status turn into 0. */
		if (status != 0)
			shutdown_with(SHUTDOWN_crash);
	}
	shutdown_with(SHUTDOWN_poweroff);
}

void plat_halt(int status) { xen_poweroff(status, 0); }

void plat_crash(void)
{
	plat_irq_save();
	xen_console_flush();
	if (xen_is_dom0()) {
		dom0_exit_port(CRASH_STATUS);
		shutdown_with(SHUTDOWN_reboot);
	}
	shutdown_with(SHUTDOWN_crash);
}
