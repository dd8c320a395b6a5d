/* Host-only console output checks (stdout captured). */
#ifndef CONFORMANCE_HOST_CONSOLE_H
#define CONFORMANCE_HOST_CONSOLE_H

int host_console_run(void (*emit)(const char *line));

#endif
