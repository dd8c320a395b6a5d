/* The conformance suite as a Linux process: result lines on stdout. */
#include "suite.h"

#include "host_console.h"
#include "host_death.h"
#include "plat_linux.h"

#include <stdio.h>

static void emit(const char *line)
{
	printf("%s\n", line);
	fflush(stdout);
}

int main(void)
{
	if (plat_linux_init(64u << 20) != 0) {
		printf("not ok - set-up: no host heap\n");
		return 1;
	}
	if (conformance_run(NULL, emit) < 0)
		return 1;
	/* the misuse cases need a kernel-bound thread: run them inside */
	struct lwp *self = fk_enter_kernel();
	host_death_run(emit);
	host_console_run(emit);
	fk_leave_kernel(self);
	return 0;
}
