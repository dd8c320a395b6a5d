/* Socket types laid out as on NetBSD (sa_len first, 8-bit family), so
 * they can be handed to the rump kernel's rump_sys_* socket calls.
 * There are no socket functions here. */
#ifndef _SYS_SOCKET_H_
#define _SYS_SOCKET_H_

#include <sys/types.h>

typedef uint32_t socklen_t;
typedef uint8_t sa_family_t;

struct sockaddr {
	uint8_t sa_len;
	sa_family_t sa_family;
	char sa_data[14];
};

#endif
