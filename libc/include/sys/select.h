/* fd_set as on NetBSD (256 descriptors), for the rump kernel's
 * rump_sys_select/pselect prototypes. There is no select() here. */
#ifndef _SYS_SELECT_H_
#define _SYS_SELECT_H_

#include <sys/types.h>

#define FD_SETSIZE 256
typedef uint32_t __fd_mask;
#define __NFDBITS 32

typedef struct fd_set {
	__fd_mask fds_bits[(FD_SETSIZE + __NFDBITS - 1) / __NFDBITS];
} fd_set;

#define FD_SET(n, p) ((p)->fds_bits[(n) / __NFDBITS] |= (1u << ((n) % __NFDBITS)))
#define FD_CLR(n, p) ((p)->fds_bits[(n) / __NFDBITS] &= ~(1u << ((n) % __NFDBITS)))
#define FD_ISSET(n, p) (((p)->fds_bits[(n) / __NFDBITS] & (1u << ((n) % __NFDBITS))) != 0)
#define FD_ZERO(p) __builtin_memset((p), 0, sizeof(*(p)))

#endif
