# Host unit tests of the core and libc (suite "unit"). Each test program
# appends its result lines to $(BUILD)/results/unit.txt; a program that
# crashes or hangs is reported as a failed test of its own.

UNIT_DIR := $(BUILD)/host/tests/unit
UNIT_PROGRAMS := sched timer_heap mem config fmt libc tls str blkfront_name
UNIT_BINS := $(addprefix $(UNIT_DIR)/test_,$(UNIT_PROGRAMS))
UNIT_HARNESS_OBJ := $(UNIT_DIR)/harness.o
UNIT_CFLAGS := $(CORE_HOST_CFLAGS) $(HOST_PLAT_CFLAGS) -Icore -Ilibc -Itests/unit
UNIT_TIMEOUT := 300

UNIT_OBJS := $(UNIT_BINS:=.o) $(UNIT_HARNESS_OBJ)

$(UNIT_OBJS): $(UNIT_DIR)/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_DIR)/test_asm.o: tests/unit/test_asm.S
	@mkdir -p $(dir $@)
	$(HOST_CC) -c $< -o $@

$(UNIT_DIR)/test_sched: $(UNIT_DIR)/test_asm.o

# libc for the host: built freestanding from its own headers, exactly as
# for the guest but without guest-only code-model flags, then every name
# it defines gets the prefix rxl_ so it can sit next to the host libc.
# core/memfuncs.c comes along: the guest libc relies on the core's.
UNIT_LIBC_DIR := $(BUILD)/host/libc-prefixed
UNIT_LIBC_SRCS := $(LIBC_SRCS) core/memfuncs.c
UNIT_LIBC_OBJS := $(patsubst %.c,$(UNIT_LIBC_DIR)/%.o,$(UNIT_LIBC_SRCS))
UNIT_LIBC_CFLAGS := -std=gnu11 -O2 -g $(WARNINGS) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(GCC_INCLUDE) -fno-tree-loop-distribute-patterns -fno-stack-protector \
	-Iinclude -Ilibc/include -Ilibc -Icore/include -MMD -MP

$(UNIT_LIBC_OBJS): $(UNIT_LIBC_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(UNIT_LIBC_CFLAGS) -c $< -o $@

$(UNIT_DIR)/libc_prefixed.o: $(UNIT_LIBC_OBJS)
	@mkdir -p $(dir $@)
	ld -r -o $@.tmp $^
	{ nm -g --defined-only $@.tmp | awk 'NF == 3 { print $$3, "rxl_" $$3 }'; echo app_exit rxl_app_exit; } > $@.syms
	objcopy --redefine-syms=$@.syms $@.tmp $@
	rm -f $@.tmp

$(UNIT_DIR)/test_libc: $(UNIT_DIR)/libc_prefixed.o

# blkfront's pure naming code, built for the host.
$(UNIT_DIR)/blkfront_name.o: platform/xen/blkfront/blkfront_name.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(UNIT_CFLAGS) -Iplatform/xen -c $< -o $@
$(UNIT_DIR)/test_blkfront_name.o: UNIT_CFLAGS += -Iplatform/xen
$(UNIT_DIR)/test_blkfront_name: $(UNIT_DIR)/blkfront_name.o

$(UNIT_DIR)/test_%: $(UNIT_DIR)/test_%.o $(UNIT_HARNESS_OBJ) $(HOST_PLAT_OBJS) $(CORE_HOST_LIB)
	$(HOST_CC) -o $@ $(filter %.o,$^) $(CORE_HOST_LIB)

# The libc headers compile together under the guest flags.
UNIT_LIBC_HEADERS_OBJ := $(BUILD)/guest/tests/unit/libc_headers.o
$(UNIT_LIBC_HEADERS_OBJ): tests/unit/libc_headers.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

ALL_TARGETS += $(UNIT_BINS) $(UNIT_LIBC_HEADERS_OBJ)
CHECK_SUITES += unit

.PHONY: check-unit
check-unit: $(UNIT_BINS)
	@mkdir -p $(BUILD)/results
	@rm -f $(BUILD)/results/unit.txt
	@for p in $(UNIT_PROGRAMS); do \
		timeout $(UNIT_TIMEOUT) $(UNIT_DIR)/test_$$p $(BUILD)/results/unit.txt; rc=$$?; \
		if [ $$rc -eq 124 ]; then \
			echo "not ok - $$p: test program hung (killed after $(UNIT_TIMEOUT) s)" >> $(BUILD)/results/unit.txt; \
		elif [ $$rc -gt 1 ]; then \
			echo "not ok - $$p: test program died (status $$rc)" >> $(BUILD)/results/unit.txt; \
		fi; \
	done
	@grep -c '^ok - ' $(BUILD)/results/unit.txt | sed 's/$$/ unit tests passed/'

-include $(UNIT_DIR)/*.d $(UNIT_LIBC_OBJS:.o=.d) $(UNIT_LIBC_HEADERS_OBJ:.o=.d)
