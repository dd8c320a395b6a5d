/*
 * What the platform and applications (not the kernel) use of the
 * rumpuser layer.
 */
#ifndef RUMPUSER_PLAT_H
#define RUMPUSER_PLAT_H

/* The NetBSD errno the rump system call stubs last stored for the
 * calling thread (rumpuser_seterrno); 0 after a successful call. */
int rumpuser_thread_errno(void);

#endif
