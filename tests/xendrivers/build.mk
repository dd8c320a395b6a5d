# Tests of the Xen drivers: xenstore client, grant tables, xenbus,
# blkfront.
#
#   xenstore-unit  host tests: the xenstore wire format (platform/xen/xenstore/xs_wire.c,
#                  platform/xen/xenstore/xs_ring.c) under ASan/UBSan; the client
#                  (platform/xen/xenstore/) and the xenbus helpers and backend
#                  follower (platform/xen/xenbus/) against a simulated daemon
#   xendrivers     the guest programs tests/guest/{xs_client,gnttab_basic,
#                  blk_io}.c as domUs in one boot of the emulated Xen host
#                  (run-guest.sh), with a dom0 peer for grants (gntpeer.c),
#                  disk images checked from dom0 and blkback's per-vbd
#                  counters served to the guest (vbd-stats-dom0.sh)

XS_UNIT_DIR := $(BUILD)/host/xenstore
XS_UNIT_BIN := $(XS_UNIT_DIR)/xs_wire_test
# The tests use the host unit test harness (tests/unit/harness.h).
XS_HARNESS_SRCS := tests/unit/harness.c
XS_HARNESS_DEPS := $(XS_HARNESS_SRCS) tests/unit/harness.h platform/linux/plat_linux.h
XS_UNIT_SRCS := tests/unit/xs_wire_test.c platform/xen/xenstore/xs_wire.c platform/xen/xenstore/xs_ring.c core/str.c \
	$(XS_HARNESS_SRCS)
# Bounds errors on malformed input must not go unnoticed.
XS_UNIT_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all

$(XS_UNIT_BIN): $(XS_UNIT_SRCS) $(XS_HARNESS_DEPS) platform/xen/xenstore/xs_wire.h core/include/core/errors.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_PLAT_CFLAGS) -Iplatform/xen $(XS_UNIT_SANITIZE) -o $@ $(XS_UNIT_SRCS)

# The xenstore client and the xenbus helpers on the host, against a
# simulated daemon (tests/unit/xs_fakestore.c), with the core's
# scheduler on Linux (platform/linux/plat_linux).
# The client is every file of platform/xen/xenstore but the polled exit
# path (store_poll.c, which needs hypercalls).
XS_CLIENT_SRCS := $(filter-out %/store_poll.c,$(wildcard platform/xen/xenstore/*.c))
XS_FAKE_SRCS := tests/unit/xs_fakestore.c $(XS_CLIENT_SRCS)
XS_FAKE_DEPS := $(XS_FAKE_SRCS) tests/unit/xs_fakestore.h $(wildcard platform/xen/xenstore/*.h) \
	$(HOST_PLAT_OBJS) $(CORE_HOST_LIB)
XS_FAKE_CFLAGS := $(HOST_CFLAGS) $(HOST_PLAT_CFLAGS) -Iplatform/xen \
	-D__XEN_INTERFACE_VERSION__=$(XEN_INTERFACE_VERSION)
XS_CLIENT_BIN := $(XS_UNIT_DIR)/xs_client_test
XS_XENBUS_BIN := $(XS_UNIT_DIR)/xs_xenbus_test

$(XS_CLIENT_BIN): tests/unit/xs_client_test.c $(XS_FAKE_DEPS) $(XS_HARNESS_DEPS)
	@mkdir -p $(@D)
	$(HOST_CC) $(XS_FAKE_CFLAGS) -o $@ $< $(XS_FAKE_SRCS) $(XS_HARNESS_SRCS) $(HOST_PLAT_OBJS) \
		$(CORE_HOST_LIB)

XS_XENBUS_SRCS := platform/xen/xenbus/xenbus.c platform/xen/xenbus/xenbus_follow.c
$(XS_XENBUS_BIN): tests/unit/xs_xenbus_test.c $(XS_XENBUS_SRCS) platform/xen/xenbus/xenbus.h $(XS_FAKE_DEPS) \
		$(XS_HARNESS_DEPS)
	@mkdir -p $(@D)
	$(HOST_CC) $(XS_FAKE_CFLAGS) -o $@ $< $(XS_XENBUS_SRCS) $(XS_FAKE_SRCS) $(XS_HARNESS_SRCS) \
		$(HOST_PLAT_OBJS) $(CORE_HOST_LIB)

XENDRV_DIR := $(BUILD)/tests/xendrivers
# Runs in the emulated host's dom0 (Linux): linked statically so it does
# not depend on the libraries there.
XENDRV_GNTPEER := $(XENDRV_DIR)/gntpeer
$(XENDRV_GNTPEER): tests/xendrivers/gntpeer.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -static -o $@ $<

XENDRV_GUESTS := $(addprefix $(BUILD)/tests/guest/,xs_client gnttab_basic blk_io)

ALL_TARGETS += $(XS_UNIT_BIN) $(XS_CLIENT_BIN) $(XS_XENBUS_BIN) $(XENDRV_GNTPEER)
CHECK_SUITES += xenstore-unit xendrivers

# The binary's exit status only says whether tests failed; the result
# lines carry that. A crash is reported as such.
check-xenstore-unit: $(XS_UNIT_BIN) $(XS_CLIENT_BIN) $(XS_XENBUS_BIN)
	@mkdir -p $(BUILD)/results
	@res=$(BUILD)/results/xenstore-unit.txt; : > $$res; \
	for t in $(XS_UNIT_BIN) $(XS_CLIENT_BIN) $(XS_XENBUS_BIN); do \
		timeout 120 $$t > $$res.part 2>$$res.err; rc=$$?; \
		grep -E '^(ok|not ok|skip) - ' $$res.part >> $$res; \
		if [ $$rc -gt 1 ]; then \
			echo "not ok - $$(basename $$t): exited with status $$rc" >> $$res; \
			tail -n 5 $$res.err; \
		fi; \
	done; rm -f $$res.part $$res.err; cat $$res

check-xendrivers: $(XENDRV_GUESTS) $(XENDRV_GNTPEER)
	@mkdir -p $(BUILD)/results
	tests/xendrivers/run-guest.sh $(BUILD) $(BUILD)/results/xendrivers.txt
	@cat $(BUILD)/results/xendrivers.txt
