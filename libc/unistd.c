/* Sleeping through the platform scheduler; writes to the console. */
#include <errno.h>
#include <unistd.h>

#include <core/plat.h>
#include <core/sched.h>

unsigned int sleep(unsigned int seconds)
{
	sched_sleep_ns((uint64_t)seconds * 1000000000u);
	return 0;
}

int usleep(useconds_t usec)
{
	sched_sleep_ns((uint64_t)usec * 1000u);
	return 0;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd != STDOUT_FILENO && fd != STDERR_FILENO) {
		errno = EBADF;
		return -1;
	}
	plat_console_write(buf, n);
	return (ssize_t)n;
}
