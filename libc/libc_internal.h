/* Between libc and the layer that runs the application. */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H

/*
 * End the guest with this status (0..255). Implemented by the layer that
 * starts the application (xen/): it flushes the console, reports the
 * status and halts. exit() calls it with the caller's status, abort()
 * with LIBC_ABORT_STATUS.
 */
__attribute__((noreturn)) void libc_exit_hook(int status);

#define LIBC_ABORT_STATUS 134

#endif
