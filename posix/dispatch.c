/*
 * The dispatcher: Linux number -> handler, and the once-only log of
 * numbers nobody implements (what a program needs shows up in a debug
 * log once, without flooding it when the program retries).
 */
#include <stdint.h>

#include "core/log.h"
#include "posix_internal.h"

/* One bit per Linux number already logged. */
static uint8_t logged[(LX_SYS_COUNT + 7) / 8];
/* Numbers outside the table already logged; past this many, silence. */
#define OUT_OF_RANGE_SEEN 8
static long out_of_range[OUT_OF_RANGE_SEEN];
static unsigned out_of_range_used;

const char *posix_syscall_name(long n)
{
	if (n < 0 || n >= LX_SYS_COUNT)
		return NULL;
	return lx_sysnames[n];
}

static bool first_out_of_range(long n)
{
	for (unsigned i = 0; i < out_of_range_used; i++)
		if (out_of_range[i] == n)
			return false;
	if (out_of_range_used == OUT_OF_RANGE_SEEN)
		return false;
	out_of_range[out_of_range_used++] = n;
	return true;
}

void posix_note_unimplemented(long n)
{
	const char *name = posix_syscall_name(n);

	if (n >= 0 && n < LX_SYS_COUNT) {
		uint8_t bit = (uint8_t)(1u << (n % 8));
		if (logged[n / 8] & bit)
			return;
		logged[n / 8] |= bit;
		if (name)
			log_debug("posix", "system call %s (%ld) not implemented", name, n);
		else
			log_debug("posix", "system call %ld does not exist", n);
	} else if (first_out_of_range(n)) {
		log_debug("posix", "system call %ld does not exist", n);
	}
}

long posix_dispatch(long n, const struct posix_args *args)
{
	if (n >= 0 && n < LX_SYS_COUNT && posix_table[n])
		return posix_table[n](args);
	posix_note_unimplemented(n);
	return -LX_ENOSYS;
}
