# apps/demo/: the demo application and `make run`.
#
#   $(BUILD)/apps/demo/platform-demo  platform-only demo (always built)
#   $(BUILD)/apps/demo/rump-demo      the FFS + HTTP demo on a rump kernel
#                                (built by `make demo-rump` / `make run`
#                                when RUMP_PREFIX names a rump kernel)
#   $(BUILD)/apps/demo/disk.ffs       FFS (version 1) image of apps/demo/files/
#   make run                     build and boot the demo end to end
DEMO_BUILD := $(BUILD)/apps/demo
DEMO_PLATFORM_IMAGE := $(DEMO_BUILD)/platform-demo
DEMO_PLATFORM_OBJS := $(DEMO_BUILD)/platform/platform_demo.o
DEMO_RUMP_IMAGE := $(DEMO_BUILD)/rump-demo
DEMO_RUMP_SRCS := $(wildcard apps/demo/rump/*.c)
DEMO_DISK := $(DEMO_BUILD)/disk.ffs
# Rump kernel components of the demo: FFS on a Xen disk, TCP/IP on a
# Xen NIC, and bpf for the DHCP client of net_config.
DEMO_RUMP_COMPONENTS := vfs dev dev_disk fs_ffs net net_net net_netinet net_config \
	net_virtif dev_bpf

$(DEMO_PLATFORM_OBJS): $(DEMO_BUILD)/platform/%.o: apps/demo/platform/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) $(RESPONDER_CFLAGS) -MMD -MP -c $< -o $@

$(eval $(call rx_image,$(DEMO_PLATFORM_IMAGE),$(DEMO_PLATFORM_OBJS) $(RESPONDER_GUEST_OBJS),,))

ALL_TARGETS += $(DEMO_PLATFORM_IMAGE)
-include $(DEMO_PLATFORM_OBJS:.o=.d)

# The rump demo is linked by the image builder against $(RUMP_PREFIX).
.PHONY: demo-rump
demo-rump: $(DEMO_RUMP_IMAGE)
# The platform libraries too: a change below must relink the demo.
$(DEMO_RUMP_IMAGE): $(DEMO_RUMP_SRCS) $(wildcard apps/demo/rump/*.h) tools/build/rumpxen-build \
		$(RX_GUEST_LIBS) $(XEN_START_OBJ) $(XEN_LDSCRIPT)
	@[ -n "$(RUMP_PREFIX)" ] || { echo "demo-rump: set RUMP_PREFIX to a rump kernel installation" >&2; exit 2; }
	@mkdir -p $(dir $@)
	tools/rumpxen build --rump "$(RUMP_PREFIX)" -Werror \
		$(addprefix -l ,$(DEMO_RUMP_COMPONENTS)) -o $@ $(DEMO_RUMP_SRCS)

# The disk: made fresh from apps/demo/files/ (4 MiB, room for what the demo writes).
$(DEMO_DISK): $(wildcard apps/demo/files/*)
	@mkdir -p $(dir $@)
	@command -v makefs >/dev/null || { echo "$@: needs makefs (Debian package makefs)" >&2; exit 2; }
	@rm -f $@
	makefs -t ffs -o version=1 -s 4m $@ apps/demo/files >/dev/null

# Set-up first (packages such as makefs, the emulated host), then the
# images, then the boot.
run:
	@tools/setup
	@$(MAKE) --no-print-directory $(DEMO_PLATFORM_IMAGE) $(DEMO_DISK)
	@if [ -n "$(RUMP_PREFIX)" ]; then $(MAKE) --no-print-directory demo-rump || exit $$?; fi
	@apps/demo/run.sh "$(DEMO_BUILD)" "$(RUMP_PREFIX)"

