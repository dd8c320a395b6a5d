# Tests of the system-call layer and of musl's routing.
#
# Suite posix-unit (host only, no network): the layer's C unit tests
# (dispatcher, once-only log, argument checks, phase-1 calls, the Linux
# ABI against the host's headers) and the tests of the system-call guard
# tools/check-no-syscall. Results: $(BUILD)/results/posix-unit.txt.
#
# Suite musl: the built musl (posix/musl.mk) passes the guard, every
# system call in it goes to __rx_syscall, each overlay file was built,
# and musl's numbering agrees with the layer's.

POSIX_UNIT_DIR := $(BUILD)/host/tests/posix
POSIX_UNIT_PROGRAMS := posix_calls posix_abi
POSIX_UNIT_BINS := $(addprefix $(POSIX_UNIT_DIR)/test_,$(POSIX_UNIT_PROGRAMS))
POSIX_UNIT_CFLAGS := $(CORE_HOST_CFLAGS) $(HOST_PLAT_CFLAGS) $(POSIX_INCLUDES) -Iposix -Itests/unit
POSIX_UNIT_TIMEOUT := 120

# The shared harness (tests/unit/harness.h), built here: this fragment
# may be read before tests/unit's.
POSIX_UNIT_HARNESS := $(POSIX_UNIT_DIR)/harness.o
POSIX_UNIT_OBJS := $(POSIX_UNIT_BINS:=.o)

$(POSIX_UNIT_OBJS): $(POSIX_UNIT_DIR)/%.o: tests/posix/%.c | $(POSIX_GEN_STAMP)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(POSIX_UNIT_CFLAGS) -MMD -MP -c $< -o $@
$(POSIX_UNIT_HARNESS): tests/unit/harness.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(POSIX_UNIT_CFLAGS) -MMD -MP -c $< -o $@

$(POSIX_UNIT_BINS): $(POSIX_UNIT_DIR)/test_%: $(POSIX_UNIT_DIR)/test_%.o $(POSIX_UNIT_HARNESS) \
		$(POSIX_HOST_LIB) $(HOST_PLAT_OBJS) $(CORE_HOST_LIB)
	$(HOST_CC) -o $@ $(filter %.o,$^) $(POSIX_HOST_LIB) $(CORE_HOST_LIB)

ALL_TARGETS += $(POSIX_UNIT_BINS)
CHECK_SUITES += posix-unit musl

.PHONY: check-posix-unit check-musl
check-posix-unit: $(POSIX_UNIT_BINS)
	@mkdir -p $(BUILD)/results
	@rm -f $(BUILD)/results/posix-unit.txt
	@for p in $(POSIX_UNIT_PROGRAMS); do \
		timeout $(POSIX_UNIT_TIMEOUT) $(POSIX_UNIT_DIR)/test_$$p $(BUILD)/results/posix-unit.txt; rc=$$?; \
		if [ $$rc -eq 124 ]; then \
			echo "not ok - $$p: test program hung (killed after $(POSIX_UNIT_TIMEOUT) s)" >> $(BUILD)/results/posix-unit.txt; \
		elif [ $$rc -gt 1 ]; then \
			echo "not ok - $$p: test program died (status $$rc)" >> $(BUILD)/results/posix-unit.txt; \
		fi; \
	done
	@timeout $(POSIX_UNIT_TIMEOUT) tests/posix/guard_test.sh $(POSIX_UNIT_DIR)/guard $(BUILD)/results/posix-unit.txt || \
		echo "not ok - guard: test script failed (status $$?)" >> $(BUILD)/results/posix-unit.txt
	@grep -c '^ok - ' $(BUILD)/results/posix-unit.txt | sed 's/$$/ posix-unit tests passed/'

check-musl: $(MUSL_STAMP) $(POSIX_GEN_STAMP)
	@mkdir -p $(BUILD)/results
	@rm -f $(BUILD)/results/musl.txt
	@tests/posix/musl_check.sh $(MUSL_DIR) $(POSIX_GEN) musl=$(MUSL_VERSION) \
		$(BUILD)/results/musl.txt
	@grep -c '^ok - ' $(BUILD)/results/musl.txt | sed 's/$$/ musl tests passed/'

-include $(POSIX_UNIT_OBJS:.o=.d) $(POSIX_UNIT_HARNESS:.o=.d)
