/* Host-only misuse and exit checks (forked children). */
#ifndef CONFORMANCE_HOST_DEATH_H
#define CONFORMANCE_HOST_DEATH_H

int host_death_run(void (*emit)(const char *line));

#endif
