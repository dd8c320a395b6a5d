/*
 * blkfront: the disks open now, their life cycle (open, the backend
 * leaving, close) and lookups. The handshake is in blkfront_connect.c,
 * requests in blkfront_io.c.
 */
#include "blkfront_priv.h"

#include <runtime/mm.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/sched.h>
#include <core/str.h>

#define SUBSYS "blkfront"
#define BLK_THREAD_STACK (16u * 1024u)

static struct blkfront_dev *disks[BLKFRONT_MAX_DISKS];

void blkfront_log_open_disks(void)
{
	for (int i = 0; i < BLKFRONT_MAX_DISKS; i++)
		if (disks[i])
			blkfront_log_stats(disks[i]);
}

/* Called by the backend follower's thread on every change of its state. */
static void backend_changed(void *arg, int state)
{
	struct blkfront_dev *dev = arg;
	bool gone = state == RX_ENODEV || state == XenbusStateClosing || state == XenbusStateClosed;

	if (!gone || !dev->connected || dev->closing)
		return;
	if (!dev->dead) {
		log_error(SUBSYS, "%s: backend went away (%s)", dev->name,
			  state < 0 ? "removed" : xenbus_state_name(state));
		dev->dead = true;
		waitq_wake_all(&dev->slot_wq);
		/* blkback only lets go of our pages once we are Closed. */
		(void)xenbus_switch_state(&dev->xb, XenbusStateClosing);
		(void)xenbus_switch_state(&dev->xb, XenbusStateClosed);
	}
	/* Requests whose pages the backend still maps are retried on its
	 * next state change (it unmaps before going Closed). */
	blk_fail_inflight(dev, RX_ESHUTDOWN);
}

static int start_io_thread(struct blkfront_dev *dev)
{
	char tname[THREAD_NAME_MAX];
	fmt_snprintf(tname, sizeof(tname), "blk-io-%s", dev->name);
	return thread_create(&dev->io_thread, tname, blk_io_thread, dev, BLK_THREAD_STACK,
			     THREAD_JOINABLE);
}

static void stop_threads(struct blkfront_dev *dev)
{
	dev->stopping = true;
	waitq_wake_all(&dev->io_wq);
	xenbus_follow_stop(&dev->backend);
	if (dev->io_thread)
		thread_join(dev->io_thread);
	dev->io_thread = NULL;
}

int blkfront_open(const char *name, const struct blkfront_options *opts, struct blkfront_dev **out)
{
	int slot = -1;
	if (name == NULL || out == NULL)
		return RX_EINVAL;
	if (blkfront_find(name))
		return RX_EBUSY;
	for (int i = 0; i < BLKFRONT_MAX_DISKS && slot < 0; i++)
		if (!disks[i])
			slot = i;
	if (slot < 0)
		return RX_ENOSPC;
	int rc = gnttab_init();
	if (rc)
		return rc;

	struct blkfront_dev *dev = mem_zalloc(sizeof(*dev), 0);
	if (!dev)
		return RX_ENOMEM;
	dev->ring_ref = BLK_GREF_NONE;
	if (opts)
		dev->opts = *opts;
	if (str_copy(dev->name, name, sizeof(dev->name))) {
		mem_free(dev);
		return RX_EINVAL;
	}
	rc = xenbus_dev_init(&dev->xb, "vbd", name);
	if (rc == 0)
		rc = xenbus_follow_start(&dev->backend, &dev->xb, backend_changed, dev);
	if (rc == 0)
		rc = blk_connect(dev);
	if (rc == 0)
		rc = start_io_thread(dev);
	if (rc) {
		log_error(SUBSYS, "%s: cannot connect: %s", name, rx_strerror(rc));
		stop_threads(dev);
		if (dev->xb.backend[0])
			(void)xenbus_switch_state(&dev->xb, XenbusStateClosed);
		blk_release(dev);
		return rc;
	}
	const char *cache = dev->feat_flush ? ", flush" : dev->feat_barrier ? ", barrier" : "";
	log_info(SUBSYS, "%s: %llu bytes, %u-byte sectors%s%s%s", name,
		 (unsigned long long)(dev->sectors * BLK_SECTOR), dev->sector_size,
		 dev->readonly ? ", read-only" : "", cache,
		 dev->max_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST ? ", indirect" : "");
	dev->connected = true;
	disks[slot] = dev;
	*out = dev;
	return 0;
}

static bool no_inflight(struct blkfront_dev *dev) { return dev->inflight == 0; }

int blkfront_close(struct blkfront_dev *dev)
{
	if (dev == NULL || dev->closing)
		return RX_EINVAL;
	dev->closing = true;
	waitq_wake_all(&dev->slot_wq); /* submitters waiting for a slot give up */

	/* Let outstanding requests finish; then fail whatever is left. */
	uint64_t deadline = plat_monotonic_ns() + XENBUS_DEFAULT_TIMEOUT_NS;
	while (!no_inflight(dev))
		if (waitq_wait(&dev->idle_wq, deadline) == RX_ETIMEDOUT)
			break;
	int rc = 0;
	if (!no_inflight(dev)) {
		log_warn(SUBSYS, "%s: %u requests unanswered at close", dev->name, dev->inflight);
		rc = RX_ETIMEDOUT;
	}

	blkfront_log_stats(dev);
	if (!dev->dead) {
		(void)xenbus_switch_state(&dev->xb, XenbusStateClosing);
		int r = xenbus_follow_wait(&dev->backend, XenbusStateClosing, 0, 0);
		if (r && rc == 0)
			rc = r;
	}
	/* The backend has unmapped what it will unmap; fail what remains. */
	if (blk_fail_inflight(dev, RX_ESHUTDOWN))
		log_error(SUBSYS, "%s: backend still maps request pages", dev->name);
	(void)xenbus_switch_state(&dev->xb, XenbusStateClosed);
	/* Also after the backend went away: it unmaps the ring on its way
	 * to Closed (or the toolstack removes it altogether). */
	int r = xenbus_follow_wait(&dev->backend, XenbusStateClosed, 0, 0);
	if (r && rc == 0)
		rc = r;
	stop_threads(dev);
	for (int i = 0; i < BLKFRONT_MAX_DISKS; i++)
		if (disks[i] == dev)
			disks[i] = NULL;
	if (dev->inflight == 0)
		blk_release(dev);
	else
		log_error(SUBSYS, "%s: device memory kept: pages still granted", dev->name);
	return rc;
}

int blkfront_probe(const struct blkfront_options *opts)
{
	char names[BLKFRONT_MAX_DISKS][XENBUS_NAME_MAX];
	int n = xenbus_list_devices("vbd", names, BLKFRONT_MAX_DISKS);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		struct blkfront_dev *dev;
		if (blkfront_find(names[i]))
			continue;
		(void)blkfront_open(names[i], opts, &dev); /* failures are logged */
	}
	return blkfront_count();
}

int blkfront_count(void)
{
	int n = 0;
	for (int i = 0; i < BLKFRONT_MAX_DISKS; i++)
		if (disks[i])
			n++;
	return n;
}

struct blkfront_dev *blkfront_get(int index)
{
	for (int i = 0; i < BLKFRONT_MAX_DISKS; i++)
		if (disks[i] && index-- == 0)
			return disks[i];
	return NULL;
}

struct blkfront_dev *blkfront_find(const char *name)
{
	for (int i = 0; i < BLKFRONT_MAX_DISKS; i++)
		if (disks[i] && (str_eq(disks[i]->name, name) ||
				 blkfront_name_matches(disks[i]->name, name)))
			return disks[i];
	return NULL;
}

void blkfront_get_info(const struct blkfront_dev *dev, struct blkfront_info *out)
{
	__builtin_memset(out, 0, sizeof(*out));
	(void)str_copy(out->name, dev->name, sizeof(out->name));
	out->capacity = dev->sectors * BLK_SECTOR;
	out->sector_size = dev->sector_size;
	out->readonly = dev->readonly;
	out->flush = dev->feat_flush || dev->feat_barrier;
	out->max_request_bytes = dev->max_segs * (unsigned)RX_PAGE_SIZE;
}
