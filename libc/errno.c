/* errno lives in the calling thread's SLOT_LIBC_ERRNO slot. */
#include <errno.h>

#include <core/sched.h>

int *__errno(void) { return thread_slot_addr(SLOT_LIBC_ERRNO); }
