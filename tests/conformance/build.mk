# Conformance suite of the rumpuser layer against a fake rump kernel.
#   check-conformance-host   the suite as a Linux process (plus host_*.c:
#                            misuse that must halt, console capture)
#   check-rumpuser-xen-devices  the guest image as domUs on emulated Xen
#                            with disks and a vif: the Xen block and
#                            network backends (guest_blk.c, guest_net.c)
# The test logic in the other files is platform-neutral: the host and
# the guest image (build/tests/guest/conformance, booted by the "guest"
# suite) run the same tests.

CONF_DIR := tests/conformance
CONF_HOST_ONLY := $(wildcard $(CONF_DIR)/host_*.c)
CONF_GUEST_ONLY := $(wildcard $(CONF_DIR)/guest_*.c)
CONF_COMMON_SRCS := $(filter-out $(CONF_HOST_ONLY) $(CONF_GUEST_ONLY),$(wildcard $(CONF_DIR)/*.c))
CONF_CFLAGS := $(RUMPUSER_CFLAGS) -Irumpuser -I$(CONF_DIR)
CONF_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(CONF_COMMON_SRCS) $(CONF_HOST_ONLY))
CONF_HOST_BIN := $(BUILD)/host/conformance-host

$(CONF_HOST_OBJS): $(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_PLAT_CFLAGS) $(CONF_CFLAGS) -MMD -MP -c $< -o $@

$(CONF_HOST_BIN): $(CONF_HOST_OBJS) $(HOST_PLAT_OBJS) $(RUMPUSER_HOST_LIB) $(CORE_HOST_LIB)
	$(HOST_CC) -o $@ $(CONF_HOST_OBJS) $(HOST_PLAT_OBJS) $(RUMPUSER_HOST_LIB) $(CORE_HOST_LIB)

ALL_TARGETS += $(CONF_HOST_BIN)
CHECK_SUITES += conformance-host

# The suite must never hang a run: a stuck test is a failure.
check-conformance-host: $(CONF_HOST_BIN)
	@mkdir -p $(BUILD)/results
	@out=$(BUILD)/results/conformance-host.txt; \
	timeout 120 $(CONF_HOST_BIN) > $$out.raw 2>&1; rc=$$?; \
	grep -E '^(ok|not ok|skip) - ' $$out.raw > $$out || true; \
	if [ $$rc -ne 0 ]; then \
		echo "not ok - conformance-host: program ended with status $$rc" >> $$out; \
		tail -5 $$out.raw | sed 's/^/# /'; \
	fi; \
	grep -c '^ok - ' $$out | sed 's/^/passed: /'

# The same tests as a guest image (prints the result lines and exits 0
# when all passed).
CONF_GUEST_OBJS := $(patsubst %.c,$(BUILD)/guest/%.o,$(CONF_COMMON_SRCS) $(CONF_GUEST_ONLY))
CONF_GUEST_IMAGE := $(BUILD)/tests/guest/conformance

$(CONF_GUEST_OBJS): $(BUILD)/guest/%.o: %.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) $(CONF_CFLAGS) -MMD -MP -c $< -o $@

$(eval $(call rx_image,$(CONF_GUEST_IMAGE),$(CONF_GUEST_OBJS),,))
ALL_TARGETS += $(CONF_GUEST_IMAGE)

-include $(CONF_HOST_OBJS:.o=.d) $(CONF_GUEST_OBJS:.o=.d)

# The build tool's suite lives with the tool (tools/build/); the tree's
# Makefile reads no fragment from there, so it is pulled in here.
include tools/build/build.mk

# The Xen device backends on Xen: one emulated-host boot, two guests.
CHECK_SUITES += rumpuser-xen-devices
check-rumpuser-xen-devices: $(CONF_GUEST_IMAGE)
	@tests/conformance/run-xen-devices.sh $(CONF_GUEST_IMAGE) \
		$(BUILD)/results/rumpuser-xen-devices.txt $(BUILD)/tests/conformance/xen-devices
	@grep -c '^ok - ' $(BUILD)/results/rumpuser-xen-devices.txt | sed 's/^/passed: /'
