/* Between the parts of libc. */
#ifndef LIBC_PRIV_H
#define LIBC_PRIV_H

/* abort()'s exit status, as a shell reports SIGABRT. exit() and abort()
 * end the program through the platform's one exit path (app_exit). */
#define LIBC_ABORT_STATUS 134

#endif
