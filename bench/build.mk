# Benchmarks. Each block appends its targets to BENCH_TARGETS.

# --- hypercall primitives (rumpuser on the fake kernel) ---
#   bench-hypercall        host build
#   bench-hypercall-guest  the same code as a guest, under emulated Xen
# The fake kernel object comes from the conformance suite's build.
HCB_CFLAGS := $(RUMPUSER_CFLAGS) -Itests/conformance -Ibench
HCB_HOST_OBJS := $(BUILD)/host/bench/hypercall_bench.o $(BUILD)/host/bench/hypercall_host.o
HCB_GUEST_OBJS := $(BUILD)/guest/bench/hypercall_bench.o $(BUILD)/guest/bench/hypercall_guest.o
HCB_HOST_FK := $(BUILD)/host/tests/conformance/fake_kernel.o
HCB_GUEST_FK := $(BUILD)/guest/tests/conformance/fake_kernel.o
HCB_HOST_BIN := $(BUILD)/host/hypercall-bench
HCB_GUEST_IMAGE := $(BUILD)/bench/hypercall-bench

$(HCB_HOST_OBJS): $(BUILD)/host/bench/%.o: bench/%.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_PLAT_CFLAGS) $(HCB_CFLAGS) -MMD -MP -c $< -o $@
$(HCB_GUEST_OBJS): $(BUILD)/guest/bench/%.o: bench/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) $(HCB_CFLAGS) -MMD -MP -c $< -o $@

$(HCB_HOST_BIN): $(HCB_HOST_OBJS) $(HCB_HOST_FK) $(HOST_PLAT_OBJS) $(RUMPUSER_HOST_LIB) $(CORE_HOST_LIB)
	$(HOST_CC) -o $@ $(HCB_HOST_OBJS) $(HCB_HOST_FK) $(HOST_PLAT_OBJS) $(RUMPUSER_HOST_LIB) \
		$(CORE_HOST_LIB)
$(eval $(call rx_image,$(HCB_GUEST_IMAGE),$(HCB_GUEST_OBJS) $(HCB_GUEST_FK),,))

.PHONY: bench-hypercall bench-hypercall-guest
bench-hypercall: $(HCB_HOST_BIN)
	@$(HCB_HOST_BIN)
bench-hypercall-guest: $(HCB_GUEST_IMAGE)
	@bench/hypercall-guest.sh $(HCB_GUEST_IMAGE)

ALL_TARGETS += $(HCB_HOST_BIN) $(HCB_GUEST_IMAGE)
BENCH_TARGETS += bench-hypercall bench-hypercall-guest
-include $(HCB_HOST_OBJS:.o=.d) $(HCB_GUEST_OBJS:.o=.d)

# --- launcher: rumpxen run and rx-run with a Linux PV guest ---
.PHONY: bench-launch
bench-launch:
	@bench/launch.py $(BUILD)/bench/launch 3
BENCH_TARGETS += bench-launch

# --- network: net_bench guest (netfront API) and a Linux PV guest vs
# dom0, raw frames; ping round trips with pingable; TCP with a rump
# kernel when RUMP_PREFIX is set (emulated Xen) ---
#   net-bench   the guest; net-peer  the static Linux helper (dom0 and
#   the Linux guest); net-tcp-bench  the rump TCP guest (RUMP_PREFIX)
NETB_OBJS := $(BUILD)/guest/bench/net_bench.o
NETB_IMAGE := $(BUILD)/bench/net-bench
NETB_PEER := $(BUILD)/bench/net-peer
NETB_TCP_IMAGE := $(BUILD)/bench/net-tcp-bench
NETB_TCP_COMPONENTS := vfs net net_net net_netinet net_config net_virtif
# The demo's NIC set-up, address and error helpers.
NETB_TCP_SHARED := apps/demo/rump/net.c apps/demo/rump/inet.c apps/demo/rump/errors.c
$(NETB_OBJS): $(BUILD)/guest/bench/%.o: bench/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) -MMD -MP -c $< -o $@
$(eval $(call rx_image,$(NETB_IMAGE),$(NETB_OBJS),,))
# Static, so that it runs in dom0 and in the Linux guest's initramfs.
$(NETB_PEER): bench/net_peer.c bench/net_proto.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -static $(HOST_CFLAGS) -o $@ bench/net_peer.c

.PHONY: bench-net
bench-net: $(NETB_IMAGE) $(NETB_PEER) $(BUILD)/apps/pingable/pingable
	@rm -f $(NETB_TCP_IMAGE); \
	if [ -n "$(RUMP_PREFIX)" ]; then \
		mkdir -p $(BUILD)/bench && \
		tools/rumpxen build --rump "$(RUMP_PREFIX)" -Werror \
			$(addprefix -l ,$(NETB_TCP_COMPONENTS)) -o $(NETB_TCP_IMAGE) \
			bench/net_tcp_bench.c $(NETB_TCP_SHARED) || rm -f $(NETB_TCP_IMAGE); \
	fi; \
	RUMP_PREFIX="$(RUMP_PREFIX)" bench/net.sh $(BUILD)/bench $(BUILD)/apps/pingable/pingable
ALL_TARGETS += $(NETB_IMAGE) $(NETB_PEER)
BENCH_TARGETS += bench-net
-include $(NETB_OBJS:.o=.d)

# Host checks of net-peer and the frame format (bench/net-peer-check.sh).
NETB_PROTO_TEST := $(BUILD)/host/bench/net_proto_test
$(NETB_PROTO_TEST): bench/net_proto_test.c bench/net_proto.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ bench/net_proto_test.c
.PHONY: check-bench-net-peer
check-bench-net-peer: $(NETB_PEER) $(NETB_PROTO_TEST)
	@mkdir -p $(BUILD)/results
	@bench/net-peer-check.sh $(NETB_PEER) $(NETB_PROTO_TEST) $(BUILD)/results/bench-net-peer.txt
ALL_TARGETS += $(NETB_PROTO_TEST)
CHECK_SUITES += bench-net-peer

# The net-bench guest under emulated Xen (bench/net-guest-check.sh).
.PHONY: check-bench-net-guest
check-bench-net-guest: $(NETB_IMAGE) $(NETB_PEER)
	@mkdir -p $(BUILD)/results
	@bench/net-guest-check.sh $(NETB_IMAGE) $(NETB_PEER) $(BUILD)/results/bench-net-guest.txt
CHECK_SUITES += bench-net-guest

# --- boot: hello guest and a Linux PV guest, alternating in one dom0 ---
# make bench runs it once, as bench-boot-hello (apps/hello/build.mk,
# through bench/boot-hello.sh); bench-boot is the same with its work
# files kept in $(BUILD)/bench/boot.
.PHONY: bench-boot
bench-boot: $(HELLO_IMAGE)
	@bench/boot.sh $(HELLO_IMAGE) $(BUILD)/bench/boot

# --- block: blk_bench guest vs a Linux PV guest vs dom0, one dom0 ---
BLKB_OBJS := $(BUILD)/guest/bench/blk_bench.o
BLKB_IMAGE := $(BUILD)/bench/blk-bench
$(BLKB_OBJS): $(BUILD)/guest/bench/%.o: bench/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) -MMD -MP -c $< -o $@
$(eval $(call rx_image,$(BLKB_IMAGE),$(BLKB_OBJS),,))

# blk-peer: the same random reads on Linux (the Linux guest and dom0);
# static, so that it runs in both.
BLKB_PEER := $(BUILD)/bench/blk-peer
$(BLKB_PEER): bench/blk_peer.c bench/blk_offsets.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -static $(HOST_CFLAGS) -o $@ $<

.PHONY: bench-blk
bench-blk: $(BLKB_IMAGE) $(BLKB_PEER)
	@bench/blk.sh $(BLKB_IMAGE) $(BLKB_PEER) $(BUILD)/bench/blk
ALL_TARGETS += $(BLKB_IMAGE) $(BLKB_PEER)
BENCH_TARGETS += bench-blk
-include $(BLKB_OBJS:.o=.d)

# --- rump_init() time with a real rump kernel (RUMP_PREFIX) ---
RUMP_INIT_BENCH_IMAGE := $(BUILD)/bench/rump-init-bench
.PHONY: bench-rump-init
bench-rump-init:
	@if [ -z "$(RUMP_PREFIX)" ]; then \
		echo "bench-rump-init: skipped (set RUMP_PREFIX to a rump kernel installation)"; \
	else \
		mkdir -p $(BUILD)/bench && \
		tools/rumpxen build --rump "$(RUMP_PREFIX)" -Werror -o $(RUMP_INIT_BENCH_IMAGE) \
			bench/rump_init_bench.c && \
		bench/rump-init.sh $(RUMP_INIT_BENCH_IMAGE); \
	fi
BENCH_TARGETS += bench-rump-init
