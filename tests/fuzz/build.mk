# Fuzzing of the host-testable parsers that read what the outside world
# sends, with libFuzzer (clang), ASan and UBSan. One target per folder:
#
#   xs_wire    xenstore replies: ring reader, reply/listing/event parsers
#   config     command line and configuration values (core/config.c)
#   net_chain  netfront's receive slot chains, transmit split, gather
#   net_addr   MAC (netfront_mac.c) and IPv4 address text (responder)
#   responder  Ethernet/ARP/IPv4/ICMP frames in, replies out
#   xenbus     backend values through the xenstore client and xenbus
#
# Each target is tests/fuzz/NAME/fuzz.c (LLVMFuzzerTestOneInput, checking
# the parser's own invariants) with a seed corpus in tests/fuzz/NAME/corpus.
#
#   check-fuzz  (suite fuzz) FUZZ_SECONDS (5) per target from the seeds,
#               fixed seed; the run count goes into the ok line; a crash
#               is "not ok" and its input is kept in $(BUILD)/fuzz/NAME/crashes
#   fuzz-long   FUZZ_LONG_SECONDS (300) per target, corpus kept between
#               runs in $(BUILD)/fuzz-long/NAME; results in
#               $(BUILD)/results/fuzz-long.txt (not part of `make check`)
#
# Without clang's libFuzzer runtime the suite reports every target as
# skipped, with the reason; tools/setup installs clang and libclang-rt-14-dev.

FUZZ_CC ?= clang
FUZZ_TARGETS := xs_wire config net_chain net_addr responder xenbus
FUZZ_SECONDS ?= 5
FUZZ_LONG_SECONDS ?= 300
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_BINS := $(foreach t,$(FUZZ_TARGETS),$(FUZZ_DIR)/$(t)/fuzz)
# Found only when clang and its fuzzer runtime are both there.
FUZZ_RUNTIME := $(wildcard $(shell command -v $(FUZZ_CC) >/dev/null 2>&1 && \
	$(FUZZ_CC) -print-file-name=libclang_rt.fuzzer-x86_64.a))
FUZZ_SKIP_REASON := clang with libFuzzer not installed (tools/setup installs clang and libclang-rt-14-dev)

FUZZ_CFLAGS := -std=gnu11 -O1 -g $(WARNINGS) -Wno-unknown-warning-option -D_GNU_SOURCE \
	-Iinclude -Icore/include -Iplatform/xen -Iapps -Itests/unit \
	-D__XEN_INTERFACE_VERSION__=$(XEN_INTERFACE_VERSION) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# Headers of everything a target may include (a change rebuilds all).
FUZZ_COMMON_DEPS := tests/fuzz/fuzz_check.h tests/fuzz/build.mk \
	$(wildcard core/include/core/*.h platform/xen/*/*.h apps/responder/*.h) \
	tests/unit/xs_fakestore.h platform/linux/plat_linux.h

# Sources of each target besides its fuzz.c.
FUZZ_SRCS_xs_wire := platform/xen/xenstore/xs_wire.c platform/xen/xenstore/xs_ring.c core/str.c
FUZZ_SRCS_config := core/config.c core/str.c
FUZZ_SRCS_net_chain := platform/xen/netfront/netfront_chain.c
FUZZ_SRCS_net_addr := platform/xen/netfront/netfront_mac.c apps/responder/addr.c
FUZZ_SRCS_responder := $(RESPONDER_SRCS)
# The xenstore client and xenbus against the simulated daemon of the
# unit tests, on the core for Linux (built by the host compiler).
FUZZ_SRCS_xenbus := $(wildcard platform/xen/xenbus/*.c) \
	$(filter-out %/store_poll.c,$(wildcard platform/xen/xenstore/*.c)) tests/unit/xs_fakestore.c
FUZZ_LIBS_xenbus := $(HOST_PLAT_OBJS) $(CORE_HOST_LIB)
FUZZ_FLAGS_xenbus := $(HOST_PLAT_CFLAGS)

# Inputs longer than libFuzzer's default 4 KiB: a whole xenstore message
# and then some.
FUZZ_RUNFLAGS_xs_wire := -max_len=6000
# The client logs every malformed value it refuses: not on the console.
FUZZ_RUNFLAGS_xenbus := -close_fd_mask=1

define FUZZ_TARGET_RULE
$(FUZZ_DIR)/$(1)/fuzz: tests/fuzz/$(1)/fuzz.c $(FUZZ_SRCS_$(1)) $(FUZZ_LIBS_$(1)) $(FUZZ_COMMON_DEPS)
	@mkdir -p $$(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(1)) -o $$@ tests/fuzz/$(1)/fuzz.c $(FUZZ_SRCS_$(1)) \
		$(FUZZ_LIBS_$(1))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_TARGET_RULE,$(t))))

CHECK_SUITES += fuzz
ifneq ($(FUZZ_RUNTIME),)
ALL_TARGETS += $(FUZZ_BINS)
endif

.PHONY: check-fuzz fuzz-long
# One run.sh line per target: $(1) suite file name, $(2) seconds,
# $(3) work folder, $(4) extra run.sh option.
FUZZ_RUN_ALL = $(foreach t,$(FUZZ_TARGETS),nice -n 10 tests/fuzz/run.sh $(4) $(FUZZ_DIR)/$(t)/fuzz \
	$(t) $(2) $(BUILD)/results/$(1).txt $(3)/$(t) tests/fuzz/$(t)/corpus $(FUZZ_RUNFLAGS_$(t));)

ifneq ($(FUZZ_RUNTIME),)
check-fuzz: $(FUZZ_BINS)
	@mkdir -p $(BUILD)/results
	@: > $(BUILD)/results/fuzz.txt
	@$(call FUZZ_RUN_ALL,fuzz,$(FUZZ_SECONDS),$(FUZZ_DIR))
	@cat $(BUILD)/results/fuzz.txt

fuzz-long: $(FUZZ_BINS)
	@mkdir -p $(BUILD)/results
	@: > $(BUILD)/results/fuzz-long.txt
	@$(call FUZZ_RUN_ALL,fuzz-long,$(FUZZ_LONG_SECONDS),$(BUILD)/fuzz-long,--keep)
	@cat $(BUILD)/results/fuzz-long.txt
else
check-fuzz fuzz-long:
	@mkdir -p $(BUILD)/results
	@: > $(BUILD)/results/$(patsubst check-%,%,$@).txt
	@for t in $(FUZZ_TARGETS); do \
		echo "skip - fuzz $$t # $(FUZZ_SKIP_REASON)" >> $(BUILD)/results/$(patsubst check-%,%,$@).txt; \
	done
	@cat $(BUILD)/results/$(patsubst check-%,%,$@).txt
endif
