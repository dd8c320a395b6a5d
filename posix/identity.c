/*
 * Who and where the program is: uname, the process id and the user and
 * group ids. There is one program and no users: it is process 1 and
 * runs as root (uid and gid 0).
 */
#include "posix_internal.h"

/* The ABI the program talks is Linux's; release: the kernel of the
 * Debian release whose headers define that ABI here. */
#define UNAME_SYSNAME "Linux"
#define UNAME_RELEASE "6.1.0-rumpxen"
#define UNAME_VERSION "rumpxen"
#define UNAME_MACHINE "x86_64"
#define UNAME_DOMAIN "(none)"
#define UNAME_NODENAME "rumpxen"

/* Copy s into a field, cut to fit, NUL-filled. */
static void set_field(char field[LX_UTSNAME_LEN], const char *s)
{
	size_t i = 0;

	for (; i < LX_UTSNAME_LEN - 1 && s[i]; i++)
		field[i] = s[i];
	for (; i < LX_UTSNAME_LEN; i++)
		field[i] = '\0';
}

long posix_sys_uname(const struct posix_args *args)
{
	struct lx_utsname *u = (struct lx_utsname *)args->a[0];

	if (posix_check_buf(u, sizeof(*u)))
		return -LX_EFAULT;
	set_field(u->sysname, UNAME_SYSNAME);
	set_field(u->nodename, posix_ops.nodename ? posix_ops.nodename : UNAME_NODENAME);
	set_field(u->release, UNAME_RELEASE);
	set_field(u->version, UNAME_VERSION);
	set_field(u->machine, UNAME_MACHINE);
	set_field(u->domainname, UNAME_DOMAIN);
	return 0;
}

long posix_sys_getpid(const struct posix_args *args)
{
	(void)args;
	return 1;
}

/* getuid, geteuid, getgid, getegid. */
long posix_sys_getid(const struct posix_args *args)
{
	(void)args;
	return 0;
}
