/* The system-call table: each implemented Linux number and its handler.
 * Every other number is NULL here and returns -ENOSYS. */
#include "posix_internal.h"

const posix_handler posix_table[LX_SYS_COUNT] = {
    [LX_SYS_write] = posix_sys_write,	      [LX_SYS_writev] = posix_sys_writev,
    [LX_SYS_getrandom] = posix_sys_getrandom, [LX_SYS_uname] = posix_sys_uname,
    [LX_SYS_getpid] = posix_sys_getpid,	      [LX_SYS_getuid] = posix_sys_getid,
    [LX_SYS_geteuid] = posix_sys_getid,	      [LX_SYS_getgid] = posix_sys_getid,
    [LX_SYS_getegid] = posix_sys_getid,	      [LX_SYS_clock_gettime] = posix_sys_clock_gettime,
};
