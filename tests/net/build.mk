# Host unit tests of the pure network code (tests/unit/net_*.c), suite
# net-unit: the ARP/ICMP responder of apps/responder and netfront's pure
# helpers (MAC parsing, slot chains), built for the host.

NET_SRCS := $(RESPONDER_SRCS)
# netfront's pure helpers are tested on the host as well.
NET_XEN_PURE_SRCS := platform/xen/netfront/netfront_mac.c platform/xen/netfront/netfront_chain.c
NET_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(NET_SRCS) $(NET_XEN_PURE_SRCS))
NET_UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/net_*.c))
NET_UNIT_BINS := $(addprefix $(BUILD)/tests/unit/,$(NET_UNIT_TESTS))
NET_HOST_CFLAGS := $(HOST_CFLAGS) $(RESPONDER_CFLAGS)

ALL_TARGETS += $(NET_UNIT_BINS)
.SECONDARY: $(NET_HOST_OBJS)
CHECK_SUITES += net-unit

$(BUILD)/host/apps/responder/%.o: apps/responder/%.c $(wildcard apps/responder/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(NET_HOST_CFLAGS) -c -o $@ $<

$(BUILD)/host/platform/xen/netfront/netfront_%.o: platform/xen/netfront/netfront_%.c platform/xen/netfront/netfront.h platform/xen/netfront/netfront_chain.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(NET_HOST_CFLAGS) -Iplatform/xen -c -o $@ $<

$(BUILD)/tests/unit/net_%: tests/unit/net_%.c $(NET_HOST_OBJS) tests/net/harness.h platform/xen/netfront/netfront_chain.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(NET_HOST_CFLAGS) -Iplatform/xen -o $@ $< $(NET_HOST_OBJS)

# A test binary that crashes or stops early still leaves its printed
# lines; the exit status adds a line only when nothing else explains it.
check-net-unit: $(NET_UNIT_BINS)
	@mkdir -p $(BUILD)/results
	@: > $(BUILD)/results/net-unit.txt
	@for t in $(NET_UNIT_BINS); do \
		out=$$($$t); rc=$$?; \
		printf '%s\n' "$$out" >> $(BUILD)/results/net-unit.txt; \
		if [ $$rc -gt 1 ] || ! printf '%s\n' "$$out" | grep -q '^ok - '; then \
			echo "not ok - $$(basename $$t): exited with status $$rc" >> $(BUILD)/results/net-unit.txt; \
		fi; \
	done
	@grep -c '^ok - ' $(BUILD)/results/net-unit.txt | sed 's/$$/ net-unit checks passed/'

# The guest test image tests/guest/net_errors.c is built by
# tests/guest/build.mk (every tests/guest/*.c is an image there) and
# booted here, with a vif.
NET_ERRORS_IMAGE := $(BUILD)/tests/guest/net_errors

# net-guest: one emulated Xen host runs every case of tests/net/host-net.sh
# (pings up to the MTU, a flood, jumbo frames with scatter-gather and
# frames above the guest's limit, two vifs, MAC from the configuration,
# the backend detached under a running guest, bad xenstore input). The
# RESULT lines of the run become the suite's result lines; a host that
# fails to run the script is a failure, not a skip.
NET_PINGABLE_IMAGE := $(BUILD)/apps/pingable/pingable
NET_GUEST_LOG := $(BUILD)/net/net-guest.log
NET_DOM0_FILES := dom0-lib.sh dom0-ping.sh dom0-jumbo.sh dom0-two-vifs.sh dom0-detach.sh
CHECK_SUITES += net-guest

# A ping for dom0 that checks reply data (busybox ping does not); static,
# as dom0 has only busybox's userland.
NET_ICMP_CHECK := $(BUILD)/tests/net/icmp_check
$(NET_ICMP_CHECK): tests/net/icmp_check.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -static -o $@ $<
ALL_TARGETS += $(NET_ICMP_CHECK)

check-net-guest: $(NET_PINGABLE_IMAGE) $(NET_ERRORS_IMAGE) $(NET_ICMP_CHECK)
	@mkdir -p $(BUILD)/results $(dir $(NET_GUEST_LOG))
	@tools/rumpxen host -T 1500 --file $(NET_PINGABLE_IMAGE):pingable \
		--file $(NET_ERRORS_IMAGE):net_errors --file $(NET_ICMP_CHECK):icmp_check \
		$(foreach f,$(NET_DOM0_FILES),--file tests/net/$(f):$(f)) \
		tests/net/host-net.sh > $(NET_GUEST_LOG) 2>&1; rc=$$?; \
	tr -d '\r' < $(NET_GUEST_LOG) | sed -n 's/^RESULT //p' > $(BUILD)/results/net-guest.txt; \
	if [ $$rc -ne 0 ]; then \
		echo "not ok - net_guest_host: rumpxen host exited with status $$rc (log: $(NET_GUEST_LOG))" \
			>> $(BUILD)/results/net-guest.txt; \
	fi; \
	echo "net-guest: $$(grep -c '^ok - ' $(BUILD)/results/net-guest.txt) ok," \
		"$$(grep -c '^not ok - ' $(BUILD)/results/net-guest.txt) not ok (log: $(NET_GUEST_LOG))"
