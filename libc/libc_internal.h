/* Between the parts of libc. */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H

/* abort()'s exit status, as a shell reports SIGABRT. exit() and abort()
 * end the program through the platform's one exit path (app_exit). */
#define LIBC_ABORT_STATUS 134

#endif
