/*
 * xenstore watches (see xenstore/xenstore.h): registering with the
 * daemon and waiting for events. Events reach a watch's queue from the
 * transport's pump through xs_watch_queue.c.
 */
#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/str.h>

#include "xenstore_priv.h"

static void watch_gone(struct xs_watch *w)
{
	xs_watchq_unlink(w);
	/* A thread in xs_watch_wait on w must see it gone. */
	xs_wake_waiters();
}

int xs_watch_add(struct xs_watch *w, const char *path)
{
	struct xs_part parts[2];
	if (w == NULL)
		return RX_EINVAL;
	int rc = xs_path_part(path, &parts[0]);
	if (rc == 0)
		rc = xs_init();
	/* Listed before the request: the first event may precede the reply. */
	if (rc == 0)
		rc = xs_watchq_link(w, path, parts[0].len);
	if (rc)
		return rc;
	parts[1].data = w->token;
	parts[1].len = str_nlen(w->token, sizeof(w->token)) + 1;
	rc = xs_talk_ok(XS_WATCH, XS_TX_NONE, parts, 2);
	if (rc)
		watch_gone(w);
	return rc;
}

int xs_watch_remove(struct xs_watch *w)
{
	struct xs_part parts[2];
	if (w == NULL || !w->active)
		return RX_EINVAL;
	parts[0].data = w->path;
	parts[0].len = str_nlen(w->path, XENSTORE_ABS_PATH_MAX) + 1;
	parts[1].data = w->token;
	parts[1].len = str_nlen(w->token, sizeof(w->token)) + 1;
	int rc = xs_talk_ok(XS_UNWATCH, XS_TX_NONE, parts, 2);
	watch_gone(w);
	return rc;
}

static bool watch_ready(void *arg) { return xs_watchq_ready(arg); }

int xs_watch_wait(struct xs_watch *w, uint64_t deadline_ns, char *path_out, size_t size)
{
	if (w == NULL || !w->active)
		return RX_EINVAL;
	int rc = xs_wait_until(watch_ready, w, deadline_ns);
	if (rc)
		return rc;
	if (!w->active)
		return RX_EINVAL;
	return xs_watchq_take(w, path_out, size);
}
