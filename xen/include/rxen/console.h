/*
 * Guest console: the PV console ring from start_info (domU), or
 * HYPERVISOR_console_io (dom0). Output never drops bytes.
 */
#ifndef RXEN_CONSOLE_H
#define RXEN_CONSOLE_H

#include <stddef.h>

/* Boot: before this, output goes through console_io (visible on dom0
 * and on debug builds of Xen only). */
void xen_console_init(void);
/* Wait until the backend consumed everything written. */
void xen_console_flush(void);
/* Read up to len bytes of input without blocking; returns the count. */
size_t xen_console_read(char *buf, size_t len);

#endif
