/* errno lives in a core thread key of libc's own, taken on first use. */
#include <errno.h>

#include <core/log.h>
#include <core/sched.h>

int *__errno(void)
{
	static thread_key_t key = -1;

	if (key < 0 && thread_key_create(&key))
		panic("libc: no thread key left for errno");
	return thread_key_addr(key);
}
