/*
 * Following a backend's xenbus state (see xenbus/xenbus.h): one watch of
 * <backend>/state and one thread per device. The thread is the only
 * writer of f->state; waiters sleep on f->wq and re-check it after each
 * change, so a change that lands before a waiter sleeps is never missed
 * (threads are cooperative and f->state only changes in thread context).
 */
#include <xenbus/xenbus.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <core/str.h>

#define SUBSYS "xenbus"
/* Callbacks log and talk to xenstore; nothing deep. */
#define FOLLOW_STACK (32u * 1024u)

const char *xenbus_state_name(int state)
{
	static const char *const names[] = {
	    "Unknown", "Initialising", "InitWait",	"Initialised",	"Connected",
	    "Closing", "Closed",       "Reconfiguring", "Reconfigured",
	};
	if (state < 0 || state >= (int)(sizeof(names) / sizeof(names[0])))
		return "?";
	return names[state];
}

/* The state node now: a XenbusState or a negative rx_error. */
static int read_state(const struct xenbus_follower *f)
{
	XenbusState s;
	int rc = xenbus_read_state(f->path, &s);
	if (rc == RX_ENOENT)
		return RX_ENODEV;
	return rc ? rc : (int)s;
}

static void publish(struct xenbus_follower *f, int state)
{
	if (state == f->state)
		return;
	log_debug(SUBSYS, "%s: %s -> %s", f->path,
		  f->state < 0 ? rx_strerror(f->state) : xenbus_state_name(f->state),
		  state < 0 ? rx_strerror(state) : xenbus_state_name(state));
	f->state = state;
	waitq_wake_all(&f->wq);
	if (f->fn && !f->stopping)
		f->fn(f->arg, state);
}

static void follow_thread(void *arg)
{
	struct xenbus_follower *f = arg;

	while (!f->stopping) {
		/* Ends with RX_EINVAL when stop removes the watch. */
		int rc = xs_watch_wait(&f->watch, 0, NULL, 0);
		if (f->stopping)
			return;
		if (rc) {
			log_error(SUBSYS, "%s: following the backend failed: %s", f->path,
				  rx_strerror(rc));
			publish(f, rc);
			return;
		}
		publish(f, read_state(f));
	}
}

int xenbus_follow_start(struct xenbus_follower *f, const struct xenbus_dev *dev, xenbus_state_fn fn,
			void *arg)
{
	char name[THREAD_NAME_MAX];

	if (f == NULL || dev == NULL)
		return RX_EINVAL;
	__builtin_memset(f, 0, sizeof(*f));
	int rc = xenbus_path(f->path, sizeof(f->path), dev->backend, "state");
	if (rc)
		return rc;
	waitq_init(&f->wq);
	f->fn = fn;
	f->arg = arg;
	rc = xs_watch_add(&f->watch, f->path);
	if (rc)
		return rc;
	/* The watch's first event re-reads this: no change, no callback. */
	f->state = read_state(f);
	/* "device/vbd/768" follows as "follow-vbd/768". */
	const char *dir = dev->nodename;
	if (str_nlen(dir, 7) == 7)
		dir += 7;
	fmt_snprintf(name, sizeof(name), "follow-%s", dir);
	rc = thread_create(&f->thread, name, follow_thread, f, FOLLOW_STACK, THREAD_JOINABLE);
	if (rc) {
		(void)xs_watch_remove(&f->watch);
		return rc;
	}
	f->started = true;
	return 0;
}

int xenbus_follow_state(const struct xenbus_follower *f) { return f->state; }

/* 1 when state satisfies a wait for want, 0 not yet, < 0 never will. */
static int reached(int state, XenbusState want, unsigned flags)
{
	if (want >= XenbusStateClosing) {
		if (state == RX_ENODEV)
			return 1; /* a backend that is gone is closed */
		if (state < 0)
			return state;
		return state >= (int)want && state <= XenbusStateClosed;
	}
	if (state < 0)
		return state;
	if (state == XenbusStateClosing || state == XenbusStateClosed)
		return flags & XENBUS_WAIT_PAST_CLOSED ? 0 : RX_ESHUTDOWN;
	if (state == XenbusStateReconfiguring || state == XenbusStateReconfigured)
		return 1;
	return state >= (int)want;
}

int xenbus_follow_wait(struct xenbus_follower *f, XenbusState want, unsigned flags,
		       uint64_t deadline_ns)
{
	int r;

	if (f == NULL || !f->started)
		return RX_EINVAL;
	if (deadline_ns == 0)
		deadline_ns = plat_monotonic_ns() + XENBUS_DEFAULT_TIMEOUT_NS;
	for (;;) {
		waitq_prepare(&f->wq, deadline_ns);
		r = reached(f->state, want, flags);
		if (r != 0) {
			waitq_cancel(&f->wq);
			break;
		}
		if (waitq_finish(&f->wq) == RX_ETIMEDOUT) {
			r = reached(f->state, want, flags);
			if (r == 0)
				r = RX_ETIMEDOUT;
			break;
		}
	}
	if (r > 0)
		return 0;
	int s = f->state;
	log_warn(SUBSYS, "%s: waiting for %s, backend is %s: %s", f->path, xenbus_state_name(want),
		 s < 0 ? rx_strerror(s) : xenbus_state_name(s), rx_strerror(r));
	return r;
}

void xenbus_follow_stop(struct xenbus_follower *f)
{
	if (f == NULL || !f->started)
		return;
	f->stopping = true;
	if (f->watch.active)
		(void)xs_watch_remove(&f->watch); /* ends the thread's wait */
	thread_join(f->thread);
	f->thread = NULL;
	f->started = false;
}
