/* sigset_t as on NetBSD (128 signals), for the rump kernel's system
 * call prototypes. There is no signal delivery here. */
#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/types.h>

typedef struct {
	uint32_t __bits[4];
} sigset_t;

#endif
