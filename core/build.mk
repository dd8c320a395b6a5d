# The platform core, built twice: for the guest (freestanding) and for
# the Linux host (tests and host builds of the layers above).
#
# Variables other fragments use:
#   CORE_GUEST_LIB     $(BUILD)/guest/libcore.a  core for the guest image
#                      (includes memcpy/memmove/memset/memcmp, which the
#                      compiler may call from any guest code)
#   CORE_HOST_LIB      $(BUILD)/host/libcore.a   core for Linux processes
#   HOST_PLAT_OBJS     objects implementing core/plat.h on Linux; link
#                      them with CORE_HOST_LIB (plat_linux_init() first)
#   HOST_PLAT_CFLAGS   include flags for platform/linux/plat_linux.h
#   CORE_GUEST_CFLAGS  GUEST_CFLAGS plus what the core needs
#   CORE_HOST_CFLAGS   HOST_CFLAGS plus what the core needs
#
# Link order on the host: your objects, $(HOST_PLAT_OBJS), $(CORE_HOST_LIB).

CORE_COMMON_SRCS := \
	core/sched.c core/sched_thread.c core/sched_waitq.c core/timer_heap.c core/tls.c \
	core/page_alloc.c core/mem_alloc.c \
	core/fmt.c core/console.c core/log.c core/panic.c \
	core/errors.c core/config.c core/str.c
CORE_ASM_SRCS := core/arch/x86_64/switch.S
CORE_GUEST_ONLY_SRCS := core/memfuncs.c

# Loops must stay loops: memset's own loop must not become a memset call.
CORE_GUEST_CFLAGS := $(GUEST_CFLAGS) -fno-tree-loop-distribute-patterns -MMD -MP
CORE_HOST_CFLAGS := $(HOST_CFLAGS) -MMD -MP
HOST_PLAT_CFLAGS := -Iplatform/linux

CORE_GUEST_OBJS := $(patsubst %.c,$(BUILD)/guest/%.o,$(CORE_COMMON_SRCS) $(CORE_GUEST_ONLY_SRCS)) \
	$(patsubst %.S,$(BUILD)/guest/%.o,$(CORE_ASM_SRCS))
CORE_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(CORE_COMMON_SRCS)) \
	$(patsubst %.S,$(BUILD)/host/%.o,$(CORE_ASM_SRCS))

CORE_GUEST_LIB := $(BUILD)/guest/libcore.a
CORE_HOST_LIB := $(BUILD)/host/libcore.a
HOST_PLAT_OBJS := $(BUILD)/host/platform/linux/plat_linux.o

$(filter %.o,$(patsubst %.c,$(BUILD)/guest/%.o,$(CORE_COMMON_SRCS) $(CORE_GUEST_ONLY_SRCS))): \
		$(BUILD)/guest/%.o: %.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(CORE_GUEST_CFLAGS) -c $< -o $@

$(patsubst %.S,$(BUILD)/guest/%.o,$(CORE_ASM_SRCS)): $(BUILD)/guest/%.o: %.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_ASFLAGS) -MMD -MP -c $< -o $@

$(patsubst %.c,$(BUILD)/host/%.o,$(CORE_COMMON_SRCS)): $(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CORE_HOST_CFLAGS) -c $< -o $@

$(patsubst %.S,$(BUILD)/host/%.o,$(CORE_ASM_SRCS)): $(BUILD)/host/%.o: %.S
	@mkdir -p $(dir $@)
	$(HOST_CC) -Icore/include -MMD -MP -c $< -o $@

$(HOST_PLAT_OBJS): $(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CORE_HOST_CFLAGS) $(HOST_PLAT_CFLAGS) -c $< -o $@

$(CORE_GUEST_LIB): $(CORE_GUEST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(CORE_HOST_LIB): $(CORE_HOST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(CORE_GUEST_LIB) $(CORE_HOST_LIB) $(HOST_PLAT_OBJS)

-include $(CORE_GUEST_OBJS:.o=.d) $(CORE_HOST_OBJS:.o=.d) $(HOST_PLAT_OBJS:.o=.d)
