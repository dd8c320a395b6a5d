/*
 * netfront: discovery of device/vif/<id>, the xenbus handshake with
 * netback, following the backend's state (xenbus_follow) and teardown.
 * See netfront/netfront.h for the contract and netfront_priv.h for who
 * touches what.
 */
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <core/str.h>
#include <runtime/evtchn.h>
#include <runtime/gnttab.h>
#include <xenbus/xenbus.h>

#include "netfront_priv.h"

/* Devices open now, so a second open of one fails (thread context). */
static struct netfront *open_devices;

int netfront_list(unsigned *ids, unsigned max)
{
	char buf[512];
	size_t len, pos = 0;
	const char *name;
	int n, count = 0;

	n = xs_init();
	if (n < 0)
		return n;
	n = xs_directory(XS_TX_NONE, "device/vif", buf, sizeof(buf), &len);
	if (n == RX_ENOENT)
		return 0;
	if (n < 0)
		return n;
	/* Insertion sort into ids: the listing order is the daemon's. */
	while ((name = xs_dir_next(buf, len, &pos)) != NULL) {
		unsigned long long v;
		unsigned i;

		if (str_to_ull(name, &v) < 0 || v > 0xffff) {
			log_warn("netfront", "ignoring device/vif/%s: not a vif number", name);
			continue;
		}
		if ((unsigned)count < max) {
			for (i = (unsigned)count; i > 0 && ids[i - 1] > v; i--)
				ids[i] = ids[i - 1];
			ids[i] = (unsigned)v;
		} else if (max > 0 && v < ids[max - 1]) {
			for (i = max - 1; i > 0 && ids[i - 1] > v; i--)
				ids[i] = ids[i - 1];
			ids[i] = (unsigned)v;
		}
		count++;
	}
	return count;
}

/* irq context: count and wake, nothing else. */
static void nf_event(evtchn_port_t port, void *arg)
{
	struct netfront *nf = arg;

	(void)port;
	nf->stats.events++;
	waitq_wake_all(&nf->rx_wq);
	waitq_wake_all(&nf->tx_wq);
}

/* Read the frontend keys the toolstack wrote: backend, backend-id, mac. */
static int nf_read_config(struct netfront *nf)
{
	char path[NF_PATH_MAX + 16], mac[32], name[XENBUS_NAME_MAX];
	int err;

	fmt_snprintf(name, sizeof(name), "%u", nf->id);
	err = xenbus_dev_init(&nf->xb, "vif", name);
	if (err < 0) {
		log_error("netfront", "vif%u: bad backend or backend-id under device/vif/%u: %s",
			  nf->id, nf->id, rx_strerror(err));
		return err == RX_EINVAL || err == RX_E2BIG ? RX_EPROTO : err;
	}
	fmt_snprintf(path, sizeof(path), "%s/mac", nf->xb.nodename);
	err = xs_read(XS_TX_NONE, path, mac, sizeof(mac));
	if (err >= 0)
		err = netfront_mac_parse(mac, nf->mac);
	if (err < 0) {
		log_error("netfront", "vif%u: bad %s (\"%s\"): %s", nf->id, path,
			  err == RX_EINVAL ? mac : "", rx_strerror(err));
		return err == RX_EINVAL || err == RX_E2BIG ? RX_EPROTO : err;
	}
	fmt_snprintf(path, sizeof(path), "%s/feature-rx-copy", nf->xb.backend);
	err = xs_read(XS_TX_NONE, path, mac, sizeof(mac));
	if (err < 0 || !str_eq(mac, "1")) {
		log_error("netfront", "vif%u: backend cannot copy on receive (%s)", nf->id, path);
		return RX_ENOSYS;
	}
	return 0;
}

/* Whether the backend advertises a feature with "1" (absent means no). */
static bool nf_backend_has(struct netfront *nf, const char *feature)
{
	char path[NF_PATH_MAX + 32];
	unsigned long long v;

	fmt_snprintf(path, sizeof(path), "%s/%s", nf->xb.backend, feature);
	return xs_read_uint(XS_TX_NONE, path, &v) == 0 && v == 1;
}

static int nf_write_keys(xs_tx_t tx, void *arg)
{
	struct netfront *nf = arg;
	static const struct {
		const char *key;
		unsigned long long value;
	} features[] = {
	    {"request-rx-copy", 1}, {"feature-rx-notify", 1}, {"feature-no-csum-offload", 1},
	    {"feature-sg", 1},	    {"feature-gso-tcpv4", 0},
	};
	char path[NF_PATH_MAX + 32];
	int err;

#define NF_PUT(key, val)                                                                           \
	do {                                                                                       \
		fmt_snprintf(path, sizeof(path), "%s/%s", nf->xb.nodename, key);                   \
		err = xs_write_uint(tx, path, val);                                                \
		if (err < 0)                                                                       \
			return err;                                                                \
	} while (0)
	NF_PUT("tx-ring-ref", nf->tx_ring_ref);
	NF_PUT("rx-ring-ref", nf->rx_ring_ref);
	NF_PUT("event-channel", nf->port);
	for (unsigned i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		NF_PUT(features[i].key, features[i].value);
	NF_PUT("state", XenbusStateConnected);
#undef NF_PUT
	return 0;
}

/*
 * Called by the backend follower's thread on every change of the
 * backend's state; only a connected device cares: a backend that
 * leaves takes the link down.
 */
static void nf_backend_changed(void *arg, int state)
{
	struct netfront *nf = arg;

	if (!nf->connected || nf->stopping)
		return;
	if (state == XenbusStateClosing) {
		nf_mark_down(nf, "backend closing");
		/* Answer a backend that closes on its own (vif detached):
		 * the toolstack waits for the frontend to reach Closed. */
		(void)xenbus_switch_state(&nf->xb, XenbusStateClosed);
	} else if (state == XenbusStateClosed) {
		nf_mark_down(nf, "backend closed");
	} else if (state < 0) {
		nf_mark_down(nf, state == RX_ENODEV ? "backend removed" : "backend state unusable");
	}
}

/* Stop the threads and release everything; safe on a half-opened device. */
static void nf_destroy(struct netfront *nf)
{
	nf->stopping = true;
	waitq_wake_all(&nf->rx_wq);
	waitq_wake_all(&nf->tx_wq);
	waitq_wake_all(&nf->down_wq);
	if (nf->rx_thread)
		thread_join(nf->rx_thread);
	xenbus_follow_stop(&nf->backend);
	if (nf->port_bound)
		evtchn_close(nf->port);
	nf_pages_release(nf);
	for (struct netfront **pp = &open_devices; *pp; pp = &(*pp)->next) {
		if (*pp == nf) {
			*pp = nf->next;
			break;
		}
	}
	mem_free(nf);
}

static struct netfront *nf_alloc(unsigned id)
{
	struct netfront *nf = mem_zalloc(sizeof(*nf), 0);

	if (!nf)
		return NULL;
	nf->id = id;
	nf_pages_init(nf);
	return nf;
}

/* The handshake, once the backend is followed; deadline bounds it all. */
static int nf_handshake(struct netfront *nf, uint64_t deadline)
{
	char tname[THREAD_NAME_MAX];
	int err;

	/* Initialising makes a backend left Closed by an earlier frontend
	 * go back to InitWait. */
	err = xenbus_switch_state(&nf->xb, XenbusStateInitialising);
	if (!err)
		err = xenbus_follow_wait(&nf->backend, XenbusStateInitWait, XENBUS_WAIT_PAST_CLOSED,
					 deadline);
	if (err) {
		log_error("netfront", "vif%u: backend %s never became ready: %s", nf->id,
			  nf->xb.backend, rx_strerror(err));
		return err;
	}

	nf->backend_sg = nf_backend_has(nf, "feature-sg");
	err = nf_pages_setup(nf);
	if (!err)
		err = evtchn_alloc_unbound(nf->xb.backend_id, &nf->port);
	if (err)
		return err;
	err = evtchn_bind(nf->port, nf_event, nf);
	if (err) {
		evtchn_close(nf->port);
		return err;
	}
	nf->port_bound = true;
	nf_tx_init_slots(nf);
	nf_rx_post_all(nf);

	err = xs_transaction_run(nf_write_keys, nf, 0);
	if (!err)
		err = xenbus_follow_wait(&nf->backend, XenbusStateConnected, 0, deadline);
	if (err) {
		log_error("netfront", "vif%u: handshake with %s failed: %s", nf->id, nf->xb.backend,
			  rx_strerror(err));
		return err;
	}
	nf->connected = true;
	fmt_snprintf(tname, sizeof(tname), "netfront%u-rx", nf->id);
	return thread_create(&nf->rx_thread, tname, nf_rx_thread, nf, 0, THREAD_JOINABLE);
}

static int nf_connect(struct netfront *nf)
{
	int err = nf_read_config(nf);

	if (!err)
		err = xenbus_follow_start(&nf->backend, &nf->xb, nf_backend_changed, nf);
	if (err)
		return err;
	nf->following = true;
	return nf_handshake(nf, plat_monotonic_ns() + NETFRONT_CONNECT_TIMEOUT_NS);
}

static int nf_open(unsigned id, netfront_rx_fn rx, netfront_rxv_fn rxv, void *arg,
		   struct netfront **out)
{
	struct netfront *nf;
	int err;

	if (!out)
		return RX_EINVAL;
	err = xs_init();
	if (!err)
		err = gnttab_init();
	if (err)
		return err;
	for (nf = open_devices; nf; nf = nf->next)
		if (nf->id == id)
			return RX_EBUSY;
	nf = nf_alloc(id);
	if (!nf)
		return RX_ENOMEM;
	nf->rx_fn = rx;
	nf->rxv_fn = rxv;
	nf->rx_arg = arg;
	nf->next = open_devices;
	open_devices = nf;
	err = nf_connect(nf);
	if (err) {
		if (nf->following)
			(void)xenbus_switch_state(&nf->xb, XenbusStateClosed);
		nf_destroy(nf);
		return err;
	}
	log_info("netfront", "vif%u: connected to %s%s", id, nf->xb.backend,
		 nf->backend_sg ? " (scatter-gather)" : "");
	*out = nf;
	return 0;
}

int netfront_open(unsigned id, netfront_rx_fn rx, void *arg, struct netfront **out)
{
	return nf_open(id, rx, NULL, arg, out);
}

int netfront_open_rxv(unsigned id, netfront_rxv_fn rxv, void *arg, struct netfront **out)
{
	return nf_open(id, NULL, rxv, arg, out);
}

int netfront_close(struct netfront *nf)
{
	uint64_t deadline = plat_monotonic_ns() + NETFRONT_CONNECT_TIMEOUT_NS;
	int state, err = 0;

	if (!nf)
		return RX_EINVAL;
	/* From here on a closing backend is our own doing, not a fault. */
	nf->connected = false;
	/* Closing, then Closed once netback has let go of the rings; a
	 * backend already gone (or closed) needs neither. A backend that is
	 * removed while we wait counts as closed. */
	state = xenbus_follow_state(&nf->backend);
	if (state >= 0 && state < XenbusStateClosing) {
		err = xenbus_switch_state(&nf->xb, XenbusStateClosing);
		if (!err)
			err = xenbus_follow_wait(&nf->backend, XenbusStateClosing, 0, deadline);
	}
	/* Not once the toolstack removed the device: that would leave a
	 * stray key behind. */
	if (xenbus_follow_state(&nf->backend) >= 0) {
		int err2 = xenbus_switch_state(&nf->xb, XenbusStateClosed);

		if (!err)
			err = err2;
		if (!err)
			err = xenbus_follow_wait(&nf->backend, XenbusStateClosed, 0, deadline);
	}
	if (err)
		log_warn("netfront", "vif%u: unclean disconnect: %s", nf->id, rx_strerror(err));
	nf_destroy(nf);
	return err;
}

void netfront_mac(const struct netfront *nf, uint8_t mac[NETFRONT_MAC_LEN])
{
	for (int i = 0; i < NETFRONT_MAC_LEN; i++)
		mac[i] = nf->mac[i];
}

unsigned netfront_id(const struct netfront *nf) { return nf->id; }

size_t netfront_max_frame(const struct netfront *nf) { return nf_max_frame(nf); }

void netfront_get_stats(const struct netfront *nf, struct netfront_stats *out)
{
	unsigned long flags = plat_irq_save();

	*out = nf->stats;
	plat_irq_restore(flags);
}
