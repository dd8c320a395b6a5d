/*
 * The rumpxen demo: a NetBSD rump kernel on the Xen guest platform that
 * mounts an FFS disk, writes to it, and serves its files over HTTP.
 *
 * Every function here runs in the application's main thread, after
 * rump_init(). Results: 0, or a negative NetBSD errno (-RUMP_E...) as
 * the failing system call reported it, so messages can name the cause.
 */
#ifndef DEMO_H
#define DEMO_H

#include <sys/types.h>
#include <stdint.h>

/* Where the disk is mounted, and the file the demo writes there. */
#define DEMO_MNT "/disk"
#define DEMO_WRITTEN_NAME "written-by-guest.txt"

/* Exit statuses of the demo (the launcher passes them on). */
enum demo_status {
	DEMO_OK = 0,
	DEMO_BAD_CONFIG = 2,
	DEMO_NO_DISK = 3,
	DEMO_NO_NIC = 4,
	DEMO_FAILED = 5,
};

/* Settings, from the configuration keys (see main.c). */
struct demo_config {
	uint32_t ip;	      /* static address (host order), 0 = DHCP */
	unsigned prefix_len;  /* of ip */
	uint32_t gateway;     /* 0 = none */
	uint16_t http_port;   /* server port */
	long max_requests;    /* stop after this many (0 = until /shutdown) */
	uint32_t send_ip;     /* TCP client target (0 = no client run) */
	uint16_t send_port;
};

/* fs.c: the disk holding the FFS image, mounted on DEMO_MNT. */
int demo_fs_mount(void);
int demo_fs_unmount(void);
/* Print the directory listing of DEMO_MNT to the console. */
int demo_fs_print_listing(void);
/* Text listing ("NAME SIZE\n" per regular file) into buf; returns its
 * length or a negative errno (-RUMP_ENOSPC when buf is too small). */
ssize_t demo_fs_listing(char *buf, size_t size);
/* Read a whole file of DEMO_MNT into buf (size bytes at most); returns
 * its length, -RUMP_EFBIG when it does not fit. */
ssize_t demo_fs_read(const char *name, char *buf, size_t size);
/* Create (or replace) name with data and fsync it. */
int demo_fs_write_synced(const char *name, const char *data, size_t len);

/* net.c: the first NIC (virt0) up, by DHCP or with the static address. */
int demo_net_up(const struct demo_config *cfg);
/* Connect to ip:port (retrying while refused, for a few seconds) and
 * send data, then close. */
int demo_net_send(uint32_t ip, uint16_t port, const char *data, size_t len);

/* http.c: serve until GET /shutdown or cfg->max_requests requests. */
int demo_http_serve(const struct demo_config *cfg);

/* errno of the last failed rump system call, as a negative value. */
int demo_errno(void);
/* A short name for a NetBSD errno (positive or negative). */
const char *demo_strerror(int err);

#endif
