/*
 * Powering the guest off. The exit protocol's status is recorded before
 * (app/exit.c, the one exit path); here the domain only shuts down:
 * SHUTDOWN_poweroff, or SHUTDOWN_crash for a crash. As dom0 (direct boot for quick tests,
 * no toolstack) the status goes to the emulator's exit port 0xf4
 * instead: the emulator exits with (value << 1) | 1, and a crash sends
 * 126, the launcher's crash status.
 */
#include <runtime/console.h>
#include <runtime/hypercall.h>
#include <runtime/platform.h>
#include <runtime/shared_info.h>

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

void xen_poweroff(int status)
{
	plat_irq_save();
	xen_console_flush();
	if (xen_is_dom0()) {
		dom0_exit_port(status < 0 || status > 255 ? 255 : status);
		shutdown_with(SHUTDOWN_reboot);
	}
	shutdown_with(SHUTDOWN_poweroff);
}

void xen_crash(void)
{
	plat_irq_save();
	xen_console_flush();
	if (xen_is_dom0()) {
		dom0_exit_port(CRASH_STATUS);
		shutdown_with(SHUTDOWN_reboot);
	}
	shutdown_with(SHUTDOWN_crash);
}

void plat_crash(void) { xen_crash(); }
