/*
 * Guest side of asking dom0 for blkback's counters of one of our disks
 * (sysfs .../vbd-<domid>-<vbd>/statistics), answered by
 * tests/xendrivers/vbd-stats-dom0.sh running as the guest's --dom0
 * script. Lets a guest test check what reached the backend while the
 * disk is still connected (the counters go with the vbd).
 *
 * Protocol, under the guest's data/vbdstats/: the guest creates "ans"
 * (so dom0's answer keeps the guest's permissions on it), then writes
 * "req" = "<seq> <vbd>"; dom0 answers in "ans" with
 * "<seq> <rd_req> <wr_req> <f_req>" (or "<seq> none" when there is no
 * such vbd). "req" = "done" ends the dom0 side.
 *
 * Header-only (static inline functions) because two guest test programs in
 * different suites use it.
 */
#ifndef TESTS_XENDRIVERS_VBD_STATS_H
#define TESTS_XENDRIVERS_VBD_STATS_H

#include <xenstore/xenstore.h>

#include <core/errors.h>
#include <core/log.h>
#include <core/plat.h>
#include <core/sched.h>

#define VBD_STATS_WAIT_NS (60ull * 1000000000ull)

struct vbd_stats {
	unsigned long long rd_req, wr_req, f_req;
};

/* Next decimal number at *p (skipping blanks); -1 when there is none. */
static inline int vbd_stats_number(const char **p, unsigned long long *out)
{
	const char *s = *p;
	unsigned long long v = 0;
	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long long)(*s++ - '0');
	*p = s;
	*out = v;
	return 0;
}

/* 0 and *out, RX_ENOENT (dom0 has no such vbd), RX_ETIMEDOUT (no
 * answer: the dom0 script is not running), or a xenstore error. */
static inline int vbd_stats_get(const char *vbd, struct vbd_stats *out)
{
	static unsigned seq;
	char req[48], ans[96];
	int rc;

	if (seq == 0 && (rc = xs_write(XS_TX_NONE, "data/vbdstats/ans", "-")) != 0)
		return rc;
	seq++;
	fmt_snprintf(req, sizeof(req), "%u %s", seq, vbd);
	if ((rc = xs_write(XS_TX_NONE, "data/vbdstats/req", req)) != 0)
		return rc;
	uint64_t deadline = plat_monotonic_ns() + VBD_STATS_WAIT_NS;
	while (plat_monotonic_ns() < deadline) {
		rc = xs_read(XS_TX_NONE, "data/vbdstats/ans", ans, sizeof(ans));
		const char *p = ans;
		unsigned long long got;
		if (rc >= 0 && vbd_stats_number(&p, &got) == 0 && got == seq) {
			if (vbd_stats_number(&p, &out->rd_req) ||
			    vbd_stats_number(&p, &out->wr_req) || vbd_stats_number(&p, &out->f_req))
				return RX_ENOENT;
			return 0;
		}
		sched_sleep_ns(20000000ull);
	}
	return RX_ETIMEDOUT;
}

/* Let the dom0 script end. */
static inline void vbd_stats_done(void) { (void)xs_write(XS_TX_NONE, "data/vbdstats/req", "done"); }

#endif
