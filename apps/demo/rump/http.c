/*
 * A minimal HTTP/1.0 server over the rump kernel's TCP: one connection
 * at a time, GET only.
 *   GET /          the disk's plain files, "NAME SIZE" per line
 *   GET /NAME      that file (names: letters, digits, '.', '_', '-',
 *                  not starting with '.')
 *   GET /shutdown  answers, then the server stops
 * Anything else gets 400, 404, 405 or 500 with a one-line reason. A
 * client that sends nothing is dropped after RECV_TIMEOUT_S seconds so
 * it cannot stall the server.
 */
#include <sys/types.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "demo.h"
#include "inet.h"

#define REQUEST_MAX 2048
#define BODY_MAX (64 * 1024)
#define RECV_TIMEOUT_S 5

static char request[REQUEST_MAX + 1];
static char body[BODY_MAX];

static int send_all(int so, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = rump_sys_write(so, data, len);
		if (n <= 0)
			return n < 0 ? demo_errno() : -RUMP_EIO;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int respond(int so, int code, const char *reason, const char *data, size_t len)
{
	char head[192];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.0 %d %s\r\nContent-Type: text/plain\r\n"
			 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
			 code, reason, len);
	int err = send_all(so, head, (size_t)n);

	return err ? err : send_all(so, data, len);
}

static int respond_text(int so, int code, const char *reason, const char *text)
{
	return respond(so, code, reason, text, strlen(text));
}

/* Read until the end of the request head; its length, 0 on a client
 * that closed or timed out, or a negative errno. */
static ssize_t read_request(int so)
{
	size_t len = 0;

	while (len < REQUEST_MAX) {
		ssize_t n = rump_sys_read(so, request + len, REQUEST_MAX - len);
		if (n < 0) {
			int err = demo_errno();
			return (err == -RUMP_EAGAIN || err == -RUMP_ETIMEDOUT) ? 0 : err;
		}
		if (n == 0)
			return 0;
		len += (size_t)n;
		request[len] = '\0';
		if (strstr(request, "\r\n\r\n") || strstr(request, "\n\n"))
			return (ssize_t)len;
	}
	return (ssize_t)len; /* over-long: parsing decides */
}

static int valid_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > 255 || name[0] == '.')
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* Answer one request; *stop is set by GET /shutdown. Returns the HTTP
 * status sent, or a negative errno when the connection failed. */
static int handle(int so, int *stop)
{
	ssize_t n = read_request(so);
	char *path, *end;
	ssize_t len;

	if (n <= 0) {
		if (n == 0)
			printf("demo: dropped a connection: closed, or no request "
			       "within %d s\n", RECV_TIMEOUT_S);
		else
			printf("demo: dropped a connection: %s\n", demo_strerror((int)n));
		return (int)n;
	}
	if (strncmp(request, "GET ", 4) != 0) {
		respond_text(so, 405, "Method Not Allowed", "only GET is served\n");
		return 405;
	}
	path = request + 4;
	end = path + strcspn(path, " \r\n");
	if (*end != ' ' || path[0] != '/') {
		respond_text(so, 400, "Bad Request", "malformed request line\n");
		return 400;
	}
	*end = '\0';
	printf("demo: GET %s\n", path);
	if (strcmp(path, "/") == 0) {
		len = demo_fs_listing(body, sizeof(body));
		if (len < 0) {
			respond_text(so, 500, "Internal Server Error", "cannot list the disk\n");
			return 500;
		}
		respond(so, 200, "OK", body, (size_t)len);
		return 200;
	}
	if (strcmp(path, "/shutdown") == 0) {
		*stop = 1;
		respond_text(so, 200, "OK", "shutting down\n");
		return 200;
	}
	if (!valid_name(path + 1)) {
		respond_text(so, 400, "Bad Request", "bad file name\n");
		return 400;
	}
	len = demo_fs_read(path + 1, body, sizeof(body));
	if (len == -RUMP_ENOENT) {
		respond_text(so, 404, "Not Found", "no such file\n");
		return 404;
	}
	if (len < 0) {
		respond_text(so, 500, "Internal Server Error", demo_strerror((int)len));
		return 500;
	}
	respond(so, 200, "OK", body, (size_t)len);
	return 200;
}

static int listen_on(uint16_t port)
{
	struct demo_sockaddr_in sa = demo_sockaddr(0, port);
	int one = 1;
	int so = rump_sys_socket(RUMP_PF_INET, RUMP_SOCK_STREAM, 0);

	if (so < 0)
		return demo_errno();
	if (rump_sys_setsockopt(so, RUMP_SOL_SOCKET, RUMP_SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    rump_sys_bind(so, (const void *)&sa, sizeof(sa)) < 0 || rump_sys_listen(so, 8) < 0) {
		int err = demo_errno();
		rump_sys_close(so);
		return err;
	}
	return so;
}

int demo_http_serve(const struct demo_config *cfg)
{
	/* NetBSD's struct timeval: 64-bit seconds, 32-bit microseconds. */
	struct {
		int64_t tv_sec;
		int32_t tv_usec;
		int32_t pad;
	} timeout = { RECV_TIMEOUT_S, 0, 0 };
	long served = 0;
	int stop = 0;
	int ls = listen_on(cfg->http_port);

	if (ls < 0) {
		printf("demo: cannot listen on port %u: %s\n", cfg->http_port, demo_strerror(ls));
		return ls;
	}
	printf("demo: HTTP server listening on port %u (GET /, GET /NAME, GET /shutdown)\n",
	       cfg->http_port);
	while (!stop && (cfg->max_requests == 0 || served < cfg->max_requests)) {
		int so = rump_sys_accept(ls, NULL, NULL);
		int code;

		if (so < 0) {
			int err = demo_errno();
			printf("demo: accept failed: %s\n", demo_strerror(err));
			rump_sys_close(ls);
			return err;
		}
		rump_sys_setsockopt(so, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &timeout,
				    sizeof(timeout));
		code = handle(so, &stop);
		rump_sys_close(so);
		if (code > 0) {
			served++;
			printf("demo: answered %d (request %ld)\n", code, served);
		}
	}
	printf("demo: HTTP server stopped after %ld request(s)%s\n", served,
	       stop ? " (shutdown requested)" : "");
	rump_sys_close(ls);
	return 0;
}
