/*
 * blkfront: the xenbus handshake with blkback, and the ring, grant and
 * event channel it sets up (see blkfront_priv.h).
 *
 * Handshake: wait for the backend's InitWait, read its ring features
 * (indirect segments), share one ring page and an event channel
 * (ring-ref, event-channel, protocol written in one transaction), go
 * Initialised, wait for the backend's Connected, read the disk's
 * geometry and cache features (flush, barrier), go Connected.
 */
#include "blkfront_priv.h"

#include <runtime/mm.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/str.h>

#define SUBSYS "blkfront"

/* An optional boolean feature key: missing is 0, malformed an error. */
static int read_feature(const struct blkfront_dev *dev, const char *key, unsigned long long *v)
{
	int rc = xenbus_read_backend_uint(&dev->xb, key, v);
	if (rc == RX_ENOENT) {
		*v = 0;
		return 0;
	}
	if (rc)
		log_error(SUBSYS, "%s: backend key %s: %s", dev->name, key, rx_strerror(rc));
	return rc;
}

/* What shapes the ring: blkback publishes it before InitWait. */
static int read_ring_features(struct blkfront_dev *dev)
{
	unsigned long long indirect;
	int rc = read_feature(dev, "feature-max-indirect-segments", &indirect);
	if (rc)
		return rc;
	dev->max_segs = BLKIF_MAX_SEGMENTS_PER_REQUEST;
	/* Indirect requests cost a page per ring slot; the opener may turn
	 * them off. */
	if (indirect > BLKIF_MAX_SEGMENTS_PER_REQUEST && !dev->opts.no_indirect)
		dev->max_segs =
		    indirect < BLK_MAX_INDIRECT_SEGS ? (unsigned)indirect : BLK_MAX_INDIRECT_SEGS;
	return 0;
}

/* Flush and barrier support: Linux blkback writes these keys only when
 * it connects (from the write-cache setting of its block device), so
 * they are read once the backend is Connected; earlier they are absent. */
static int read_cache_features(struct blkfront_dev *dev)
{
	unsigned long long flush, barrier;
	int rc = read_feature(dev, "feature-flush-cache", &flush);
	if (rc == 0)
		rc = read_feature(dev, "feature-barrier", &barrier);
	if (rc)
		return rc;
	dev->feat_flush = flush != 0;
	dev->feat_barrier = barrier != 0;
	return 0;
}

static int alloc_indirect_pages(struct blkfront_dev *dev)
{
	if (dev->max_segs <= BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return 0;
	for (unsigned i = 0; i < BLK_RING_SIZE; i++) {
		dev->slots[i].indirect = page_alloc(0);
		if (!dev->slots[i].indirect)
			return RX_ENOMEM;
	}
	return 0;
}

static int share_ring(struct blkfront_dev *dev)
{
	dev->sring = page_alloc(0);
	if (!dev->sring)
		return RX_ENOMEM;
	__builtin_memset(dev->sring, 0, RX_PAGE_SIZE);
	dev->sring->req_event = 1;
	dev->sring->rsp_event = 1;
	FRONT_RING_INIT(&dev->ring, dev->sring, RX_PAGE_SIZE);
	int rc = gnttab_grant_page(dev->xb.backend_id, dev->sring, false, &dev->ring_ref);
	if (rc)
		return rc;
	rc = evtchn_alloc_unbound(dev->xb.backend_id, &dev->port);
	if (rc)
		return rc;
	rc = evtchn_bind(dev->port, blk_event, dev);
	if (rc)
		return rc;
	dev->port_bound = true;
	return 0;
}

static int write_ring_keys(xs_tx_t tx, void *arg)
{
	struct blkfront_dev *dev = arg;
	char path[XENBUS_PATH_MAX];
	int rc = xenbus_path(path, sizeof(path), dev->xb.nodename, "ring-ref");
	if (rc == 0)
		rc = xs_write_uint(tx, path, dev->ring_ref);
	if (rc == 0)
		rc = xenbus_path(path, sizeof(path), dev->xb.nodename, "event-channel");
	if (rc == 0)
		rc = xs_write_uint(tx, path, dev->port);
	if (rc == 0)
		rc = xenbus_path(path, sizeof(path), dev->xb.nodename, "protocol");
	if (rc == 0)
		rc = xs_write(tx, path, XEN_IO_PROTO_ABI_X86_64);
	return rc;
}

static int read_geometry(struct blkfront_dev *dev)
{
	unsigned long long sectors, ssize, info;
	char mode[4];
	int rc = xenbus_read_backend_uint(&dev->xb, "sectors", &sectors);
	if (rc == 0)
		rc = xenbus_read_backend_uint(&dev->xb, "sector-size", &ssize);
	if (rc == 0)
		rc = xenbus_read_backend_uint(&dev->xb, "info", &info);
	if (rc) {
		log_error(SUBSYS, "%s: backend geometry missing or malformed: %s", dev->name,
			  rx_strerror(rc));
		return rc;
	}
	if (ssize < BLK_SECTOR || ssize > RX_PAGE_SIZE || (ssize & (ssize - 1)) ||
	    sectors > (~0ull / BLK_SECTOR)) {
		log_error(SUBSYS, "%s: bad geometry (sector-size %llu, sectors %llu)", dev->name,
			  ssize, sectors);
		return RX_EINVAL;
	}
	dev->sectors = sectors;
	dev->sector_size = (uint32_t)ssize;
	dev->readonly = (info & VDISK_READONLY) != 0;
	rc = xenbus_read_backend(&dev->xb, "mode", mode, sizeof(mode));
	if (rc == 0 && str_eq(mode, "r"))
		dev->readonly = true;
	return 0;
}

void blk_release(struct blkfront_dev *dev)
{
	if (dev->port_bound)
		(void)evtchn_close(dev->port);
	if (dev->sring) {
		/* A page the backend may still map is leaked, not reused. */
		if (dev->ring_ref == BLK_GREF_NONE || gnttab_revoke(dev->ring_ref) == 0)
			page_free(dev->sring, 0);
		else
			log_error(SUBSYS, "%s: ring page still mapped by the backend", dev->name);
	}
	for (unsigned i = 0; i < BLK_RING_SIZE; i++)
		if (dev->slots[i].indirect)
			page_free(dev->slots[i].indirect, 0);
	mem_free(dev);
}

int blk_connect(struct blkfront_dev *dev)
{
	int rc = xenbus_follow_wait(&dev->backend, XenbusStateInitWait, 0, 0);
	if (rc == 0)
		rc = read_ring_features(dev);
	if (rc == 0)
		rc = alloc_indirect_pages(dev);
	if (rc == 0)
		rc = share_ring(dev);
	if (rc == 0)
		rc = xs_transaction_run(write_ring_keys, dev, 0);
	if (rc == 0)
		rc = xenbus_switch_state(&dev->xb, XenbusStateInitialised);
	if (rc == 0)
		rc = xenbus_follow_wait(&dev->backend, XenbusStateConnected, 0, 0);
	if (rc == 0)
		rc = read_geometry(dev);
	if (rc == 0)
		rc = read_cache_features(dev);
	if (rc == 0)
		rc = xenbus_switch_state(&dev->xb, XenbusStateConnected);
	return rc;
}
