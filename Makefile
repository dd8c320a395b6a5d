# rumpxen: one non-recursive make. Each layer adds itself through a
# build.mk fragment that appends to these lists:
#   ALL_TARGETS    files `make` builds
#   CHECK_SUITES   suite names; `check-NAME` writes $(BUILD)/results/NAME.txt
#                  ("ok - ...", "not ok - ...", "skip - ... # reason" lines)
#   BENCH_TARGETS  targets `make bench` runs (they print figures)
#   CLEAN_EXTRA    extra paths `make clean` removes

.DEFAULT_GOAL := all
SHELL := /bin/bash

include mk/flags.mk

ALL_TARGETS :=
CHECK_SUITES :=
BENCH_TARGETS :=
CLEAN_EXTRA :=

# Lower layers first: a fragment may use the variables of those read
# before it (the product, then the applications, then tests and bench).
FRAGMENTS := $(wildcard core/build.mk libc/build.mk platform/xen/build.mk rumpuser/build.mk \
	posix/build.mk tools/build.mk apps/responder/build.mk) \
	$(filter-out apps/responder/build.mk,$(wildcard apps/*/build.mk)) \
	$(wildcard tests/*/build.mk) bench/build.mk
include $(FRAGMENTS)

.PHONY: all check bench run clean setup $(addprefix check-,$(CHECK_SUITES))

all: $(ALL_TARGETS)

# Every suite runs even when an earlier one failed; the summary decides.
check:
	@tools/setup
	@mkdir -p $(BUILD)/results
	@rm -f $(BUILD)/results/*.txt
	@for s in $(CHECK_SUITES); do \
		echo "== suite $$s"; \
		$(MAKE) --no-print-directory check-$$s || \
			echo "not ok - $$s: suite did not complete (make check-$$s failed)" >> $(BUILD)/results/$$s.txt; \
	done
	@tests/lib/summarize $(BUILD)/results

# Install what the build and the emulated Xen host need (idempotent).
setup:
	@tools/setup

bench: $(BENCH_TARGETS)

clean:
	rm -rf $(BUILD) $(CLEAN_EXTRA)
