/* libc's exit() and abort() end the program through the platform. */
#include <rxen/platform.h>

#include "../libc/libc_internal.h"

void libc_exit_hook(int status) { app_exit(status); }
