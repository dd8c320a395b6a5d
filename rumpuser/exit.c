/*
 * Ending the guest and signals. Called with a rump CPU; neither calls
 * back into the kernel.
 */
#include "rumpuser_priv.h"

#include <rumpxen/app.h>

#include <core/log.h>
#include <core/plat.h>

/* RUMPUSER_PANIC: crash, so the toolstack can keep the domain for a
 * look; anything else (reboot() passes 0) is an orderly halt. */
void rumpuser_exit(int how)
{
	if (how == RUMPUSER_PANIC) {
		log_error("rumpuser", "rump kernel panicked");
		plat_crash();
	}
	app_exit(how >= 0 && how <= 255 ? how : 255);
}

/* A unikernel has no one to signal: the kernel's "raise" signal model
 * reaches here for SIGPIPE, SIGALRM, SIGIO...; ignoring is the answer. */
int rumpuser_kill(int64_t pid, int sig)
{
	log_debug("rumpuser", "signal %d to pid %lld ignored", sig, (long long)pid);
	return 0;
}
