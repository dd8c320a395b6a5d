/* The little of POSIX <unistd.h> that makes sense without a kernel:
 * sleeping (through the platform scheduler) and console writes. */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/types.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);
/* fd 1 and 2 write to the console; any other fd fails with EBADF. */
ssize_t write(int fd, const void *buf, size_t n);

#endif
