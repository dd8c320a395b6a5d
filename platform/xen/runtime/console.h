/*
 * Guest console: the PV console ring from start_info (domU), or
 * HYPERVISOR_console_io (dom0). Output never drops bytes.
 */
#ifndef RXEN_CONSOLE_H
#define RXEN_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* Boot: before this, output goes through console_io (visible on dom0
 * and on debug builds of Xen only). */
void xen_console_init(void);
/* Wait until the backend consumed everything written. */
void xen_console_flush(void);
/* Read up to len bytes of input without blocking; returns the count. */
size_t xen_console_read(char *buf, size_t len);
/* Read up to len bytes, waiting for input until deadline_ns (monotonic;
 * 0 = no deadline). Thread context. Returns the count (> 0),
 * RX_ETIMEDOUT, RX_ENODEV when there is no console ring (dom0) or
 * RX_EINVAL for len 0. */
int xen_console_read_wait(char *buf, size_t len, uint64_t deadline_ns);

#endif
