/*
 * The platform-only demo (no rump kernel): shows what the guest found
 * and that its drivers work. It prints the memory it was given, every
 * disk (and reads the first one's first sector and FFS superblock
 * magic), every NIC, then answers ARP and ping on the first NIC until
 * dom0 asks it to stop, and exits 0.
 *
 * Settings (configuration keys):
 *   ip=A.B.C.D/N  address of the first NIC (needed to answer ping)
 *   duration=S    stop after S seconds (default 60)
 * Stopping: dom0 writes data/demo-stop under the domain's home.
 * Exit status: 0 done, 2 bad configuration, 3 a disk read failed,
 * 4 the NIC could not be opened or its backend went away.
 */
#include <core/config.h>
#include <core/errors.h>
#include <core/log.h>
#include <core/mem.h>
#include <core/plat.h>
#include <blkfront/blkfront.h>
#include <rumpxen/app.h>
#include <netfront/netfront.h>
#include <xenstore/xenstore.h>
#include <responder/addr.h>
#include <responder/frame.h>
#include <responder/responder.h>

#define STOP_KEY "data/demo-stop"
#define POLL_NS (100ull * 1000000ull)
#define MAX_NICS 8
/* FFS version 1: superblock at 8 KiB, its magic 1372 bytes into it. */
#define FFS1_SB_OFFSET 8192u
#define FFS1_MAGIC_OFFSET 1372u
#define FFS1_MAGIC 0x011954u

static struct netfront *nic;
static struct responder resp;

static void report_memory(void)
{
	struct mem_stats s;

	mem_get_stats(&s);
	console_printf("demo: memory: %zu KiB for the allocator, %zu KiB free\n",
		       s.total_bytes / 1024, s.free_bytes / 1024);
}

/* Read the first sector, and the FFS superblock's magic, of a disk. */
static int read_disk_start(struct blkfront_dev *dev, const struct blkfront_info *info)
{
	uint8_t *page = page_alloc(0); /* page-aligned: the backend gets it as is */
	uint32_t magic;
	unsigned sum = 0;
	int err;

	if (!page)
		return RX_ENOMEM;
	err = blkfront_io(dev, BLKFRONT_READ, 0, page, info->sector_size);
	if (err)
		goto out;
	unsigned nonzero = 0;
	for (unsigned i = 0; i < info->sector_size; i++) {
		sum = sum * 31 + page[i];
		nonzero += page[i] != 0;
	}
	console_printf("demo: disk %s: first sector read: %u of %u bytes non-zero, hash %08x\n",
		       info->name, nonzero, info->sector_size, sum);
	if (info->capacity >= FFS1_SB_OFFSET + 2048) {
		err = blkfront_io(dev, BLKFRONT_READ, FFS1_SB_OFFSET + 1024, page, 1024);
		if (err)
			goto out;
		magic = (uint32_t)page[FFS1_MAGIC_OFFSET - 1024] |
			(uint32_t)page[FFS1_MAGIC_OFFSET - 1023] << 8 |
			(uint32_t)page[FFS1_MAGIC_OFFSET - 1022] << 16 |
			(uint32_t)page[FFS1_MAGIC_OFFSET - 1021] << 24;
		console_printf("demo: disk %s: %s\n", info->name,
			       magic == FFS1_MAGIC ? "holds an FFS (version 1) file system"
						   : "no FFS version 1 superblock");
	}
out:
	page_free(page, 0);
	return err;
}

/* The disks stay open to the end: their counters are logged then. */
static struct exit_hook log_disks_at_exit = {.fn = blkfront_log_open_disks};

static int report_disks(void)
{
	int n = blkfront_probe(NULL);

	app_at_exit(&log_disks_at_exit);
	if (n < 0) {
		log_error("demo", "disk probe failed: %s", rx_strerror(n));
		return 3;
	}
	console_printf("demo: %d disk(s)\n", n);
	for (int i = 0; i < n; i++) {
		struct blkfront_info info;
		struct blkfront_dev *dev = blkfront_get(i);

		blkfront_get_info(dev, &info);
		console_printf("demo: disk %s: %llu bytes, %u-byte sectors%s\n", info.name,
			       (unsigned long long)info.capacity, info.sector_size,
			       info.readonly ? ", read-only" : "");
		if (i == 0) {
			int err = read_disk_start(dev, &info);
			if (err) {
				log_error("demo", "disk %s: read failed: %s", info.name,
					  rx_strerror(err));
				return 3;
			}
		}
	}
	return 0;
}

/* Receive thread of the NIC: answer ARP and ping at once. */
static void on_frame(void *arg, const void *frame, size_t len, unsigned flags)
{
	uint8_t reply[ETH_MAX_FRAME];
	unsigned rflags = (flags & (NETFRONT_RXF_CSUM_BLANK | NETFRONT_RXF_DATA_VALIDATED))
			      ? RESPONDER_RX_CSUM_TRUSTED
			      : 0;
	int n = responder_handle(&resp, frame, len, rflags, reply, sizeof(reply));

	(void)arg;
	if (n > 0)
		netfront_send(nic, reply, (size_t)n);
}

/* List the NICs, open the first with the configured address. */
static int open_nic(void)
{
	unsigned ids[MAX_NICS];
	uint8_t mac[NETFRONT_MAC_LEN];
	char mtext[MAC_TEXT_SIZE], itext[IPV4_TEXT_SIZE];
	const char *ip_text = config_get("ip");
	uint32_t ip;
	unsigned prefix;
	int err, n = netfront_list(ids, MAX_NICS);

	if (n < 0) {
		log_error("demo", "cannot list NICs: %s", rx_strerror(n));
		return 4;
	}
	console_printf("demo: %d NIC(s)\n", n);
	if (n == 0)
		return 0;
	if (!ip_text) {
		console_printf("demo: no ip=A.B.C.D/N set: not answering ping\n");
		return 0;
	}
	if (ipv4_cidr_parse(ip_text, &ip, &prefix) < 0) {
		log_error("demo", "bad ip \"%s\" (want A.B.C.D/N)", ip_text);
		return 2;
	}
	err = netfront_open(ids[0], on_frame, NULL, &nic);
	if (err) {
		log_error("demo", "vif%u: open failed: %s", ids[0], rx_strerror(err));
		return 4;
	}
	netfront_mac(nic, mac);
	if (responder_init(&resp, mac, ip, prefix) < 0) {
		log_error("demo", "unusable address %s", ip_text);
		return 2;
	}
	mac_format(mac, mtext);
	ipv4_format(ip, itext);
	console_printf("demo: vif%u: mac %s, answering ARP and ping at %s\n", ids[0], mtext,
		       itext);
	return 0;
}

/* Until the stop key appears, the deadline passes or the NIC goes away. */
static int wait_for_stop(uint64_t deadline)
{
	struct xs_watch stop;
	char buf[8];
	int err = xs_watch_add(&stop, STOP_KEY);

	if (err) {
		log_error("demo", "cannot watch %s: %s", STOP_KEY, rx_strerror(err));
		return 4;
	}
	for (;;) {
		uint64_t now = plat_monotonic_ns();

		if (nic && netfront_state(nic) < 0) {
			console_printf("demo: NIC backend went away\n");
			err = 4;
			break;
		}
		if (now >= deadline) {
			console_printf("demo: time is up\n");
			break;
		}
		/* The watch fires when added and on every change; a read
		 * that succeeds means the key exists. */
		if (xs_watch_wait(&stop, now + POLL_NS, NULL, 0) == 0 &&
		    xs_read(XS_TX_NONE, STOP_KEY, buf, sizeof(buf)) >= 0) {
			console_printf("demo: stop requested by dom0\n");
			break;
		}
	}
	xs_watch_remove(&stop);
	return err;
}

int main(int argc, char **argv)
{
	int err, status;
	long long duration;

	(void)argc;
	(void)argv;
	duration = config_get_int("duration", 60, &err);
	if (err || duration < 1 || duration > 86400) {
		log_error("demo", "bad duration (want whole seconds 1..86400)");
		return 2;
	}
	console_printf("demo: rumpxen platform demo (no rump kernel in this image)\n");
	report_memory();
	status = report_disks();
	if (status == 0)
		status = open_nic();
	if (status == 0 && nic) {
		console_printf("demo: ready\n");
		status = wait_for_stop(plat_monotonic_ns() + (uint64_t)duration * 1000000000ull);
	}
	if (nic) {
		struct netfront_stats s;

		netfront_get_stats(nic, &s);
		console_printf("demo: NIC received %llu frames, sent %llu\n",
			       (unsigned long long)s.rx_packets, (unsigned long long)s.tx_packets);
		err = netfront_close(nic);
		if (err && status == 0)
			status = 4;
	}
	console_printf("demo: exit %d\n", status);
	return status;
}
