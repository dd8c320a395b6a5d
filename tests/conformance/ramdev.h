/* A memory-backed device backend for the tests: "ram0" (read-write,
 * 64 KiB) and "rom0" (read-only, 8 KiB), 512-byte sectors. */
#ifndef CONFORMANCE_RAMDEV_H
#define CONFORMANCE_RAMDEV_H

#include "rumpuser_dev.h"

extern const struct rumpuser_dev_ops ramdev_ops;
#define RAMDEV_RAM_SIZE 65536
#define RAMDEV_ROM_SIZE 8192

/* Handles currently open (the backend's own count, to spot leaks). */
int ramdev_open_count(void);

#endif
