/* The virtif hypercalls (rumpcomp_virt_*) over a loopback test backend,
 * with a stand-in for the kernel driver's receive entry point. */
#include "suite.h"

#include "rumpuser_net.h"
#include "rumpuser_virtif.h"

#include <core/errors.h>
#include <core/sched.h>

struct virtif_sc {
	int unit;
};
struct virtif_user;

int rumpcomp_virt_create(const char *devstr, struct virtif_sc *sc, uint8_t *enaddr,
			 struct virtif_user **viup);
int rumpcomp_virt_dying(struct virtif_user *viu);
void rumpcomp_virt_destroy(struct virtif_user *viu);
void rumpcomp_virt_send(struct virtif_user *viu, struct rumpuser_iovec *iov, size_t iovcnt);
void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct rumpuser_iovec *iov, size_t iovcnt);

static const uint8_t loop_mac[6] = {0x00, 0x16, 0x3e, 0x01, 0x02, 0x03};

static struct {
	rumpuser_net_rx_fn rx;
	void *rx_arg;
	int opened, closed;
	unsigned char sent[64];
	size_t sent_len;
	int sends;
} loop;

/* What the kernel's receive entry saw. */
static struct {
	struct virtif_sc *sc;
	unsigned char data[64];
	size_t len;
	int count, context_ok;
	struct lwp *lwp;
} got;

int conf_arp_replies;

void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct rumpuser_iovec *iov, size_t iovcnt)
{
	struct lwp *l = rumpuser_curlwp();

	got.sc = sc;
	got.len = 0;
	for (size_t i = 0; i < iovcnt; i++)
		for (size_t b = 0; b < iov[i].iov_len && got.len < sizeof(got.data); b++)
			got.data[got.len++] = ((unsigned char *)iov[i].iov_base)[b];
	got.context_ok = l != NULL && fk_cpu_holder() == l;
	got.lwp = l;
	got.count++;
	/* an ARP reply (ethertype 0x0806, opcode 2) for the guest network test */
	if (got.len >= 22 && got.data[12] == 0x08 && got.data[13] == 0x06 && got.data[20] == 0 &&
	    got.data[21] == 2 && got.context_ok)
		conf_arp_replies++;
}

static int loop_open(void *ctx, unsigned unit, uint8_t mac[6], rumpuser_net_rx_fn rx, void *rx_arg,
		     void **handle)
{
	(void)ctx;
	if (unit != 0)
		return RX_ENODEV;
	for (int i = 0; i < 6; i++)
		mac[i] = loop_mac[i];
	loop.rx = rx;
	loop.rx_arg = rx_arg;
	loop.opened++;
	*handle = &loop;
	return 0;
}

static int loop_send(void *ctx, void *handle, const struct rumpuser_iovec *iov, size_t iovcnt)
{
	(void)ctx;
	(void)handle;
	loop.sent_len = 0;
	for (size_t i = 0; i < iovcnt; i++)
		for (size_t b = 0; b < iov[i].iov_len && loop.sent_len < sizeof(loop.sent); b++)
			loop.sent[loop.sent_len++] = ((const unsigned char *)iov[i].iov_base)[b];
	loop.sends++;
	return 0;
}

static int loop_close(void *ctx, void *handle)
{
	(void)ctx;
	(void)handle;
	loop.closed++;
	return 0;
}

static const struct rumpuser_netdev_ops loop_ops = {loop_open, loop_send, loop_close};

/* The backend's receive thread: no lwp, no CPU, frames one by one. */
struct injector {
	int frames;
};

static void *inject_thread(void *p)
{
	struct injector *inj = p;
	unsigned char frame[20];
	/* In two pieces, as a frame spread over two receive buffers. */
	struct rumpuser_iovec iov[2] = {{frame, 7}, {frame + 7, sizeof(frame) - 7}};

	for (int f = 0; f < inj->frames; f++) {
		for (int i = 0; i < 20; i++)
			frame[i] = (unsigned char)(f * 20 + i);
		loop.rx(loop.rx_arg, iov, 2);
	}
	rumpuser_thread_exit();
}

static void t_virtif_without_backend(struct lwp *self)
{
	struct virtif_sc sc = {0};
	struct virtif_user *viu;
	uint8_t mac[6] = {0};

	(void)self;
	CHECK_EQ(rumpuser_net_register(NULL, NULL), 0);
	CHECK_EQ(rumpcomp_virt_create("0", &sc, mac, &viu), 6); /* ENXIO */
	static const struct rumpuser_netdev_ops partial = {.open = loop_open};
	CHECK_EQ(rumpuser_net_register(&partial, NULL), RX_EINVAL);
}

static void t_virtif_create_send_receive(struct lwp *self)
{
	struct virtif_sc sc = {0};
	struct virtif_user *viu;
	uint8_t mac[6] = {0xb2, 0x0a, 0, 0, 0x0b, 0x0e};
	char a[6] = "dstmac", b[8] = "srcmac\x08\x00", c[3] = "pay";
	struct rumpuser_iovec segs[3] = {{a, 6}, {b, 8}, {c, 3}};
	struct injector inj = {.frames = 3};
	void *cookie;

	CHECK_EQ(rumpuser_net_register(&loop_ops, NULL), 0);
	CHECK_EQ(rumpcomp_virt_create("7", &sc, mac, &viu), 19); /* no such device: ENODEV */
	CHECK_EQ(rumpcomp_virt_create("0x", &sc, mac, &viu), 22);
	CHECK_EQ(rumpcomp_virt_create("", &sc, mac, &viu), 22);
	fk_reset_counts(self);
	CHECK_EQ(rumpcomp_virt_create("0", &sc, mac, &viu), 0);
	CHECK_EQ(self->unsched_calls, 1); /* the open may wait: wrapped */
	for (int i = 0; i < 6; i++)
		CHECK_EQ(mac[i], loop_mac[i]); /* the device's real MAC */
	CHECK_EQ(rumpuser_net_register(NULL, NULL), RX_EBUSY);

	rumpcomp_virt_send(viu, segs, 3);
	CHECK_EQ(loop.sends, 1);
	CHECK_EQ(loop.sent_len, 17);
	CHECK(loop.sent[0] == 'd' && loop.sent[6] == 's' && loop.sent[13] == 0 &&
	      loop.sent[16] == 'y');
	CHECK_EQ(self->unsched_calls, 2);
	CHECK_EQ(self->sched_calls, 2);

	got.count = 0;
	CHECK_EQ(rumpuser_thread_create(inject_thread, &inj, "netrx", 1, -1, -1, &cookie), 0);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	CHECK_EQ(got.count, 3);
	CHECK(got.sc == &sc);
	CHECK_EQ(got.len, 20);
	CHECK_EQ(got.data[0], 40); /* the third frame */
	CHECK_EQ(got.data[7], 47); /* the second piece follows the first */
	CHECK_EQ(got.data[19], 59);
	CHECK_EQ(got.context_ok, 1); /* a CPU and an lwp of the receive thread's own */
	CHECK(got.lwp != self);

	/* dying: nothing more reaches the kernel; destroy closes the device */
	CHECK_EQ(rumpcomp_virt_dying(viu), 0);
	inj.frames = 1;
	CHECK_EQ(rumpuser_thread_create(inject_thread, &inj, "netrx", 1, -1, -1, &cookie), 0);
	CHECK_EQ(rumpuser_thread_join(cookie), 0);
	CHECK_EQ(got.count, 3);
	rumpcomp_virt_destroy(viu);
	CHECK_EQ(loop.closed, 1);
	CHECK_EQ(rumpuser_net_register(NULL, NULL), 0);
}

const struct conf_test conf_virtif_tests[] = {
    {"virtif without a network backend: ENXIO", t_virtif_without_backend},
    {"virtif: create with the device MAC, send coalesced, receive with CPU and lwp, dying",
     t_virtif_create_send_receive},
    {NULL, NULL},
};
