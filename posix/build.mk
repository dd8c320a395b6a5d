# The POSIX system-call layer (posix/) and musl routed into it
# (posix/musl.mk). The layer is built for the guest and, for its unit
# tests, for the host.
#
# Variables other fragments use:
#   POSIX_GUEST_LIB   $(BUILD)/guest/posix/libposix.a
#   POSIX_HOST_LIB    $(BUILD)/host/posix/libposix.a (link with
#                     CORE_HOST_LIB and HOST_PLAT_OBJS)
#   POSIX_INCLUDES    include flags for posix/include and the generated
#                     Linux numbering (posix/linux_sysnr.h, linux_errno.h)
#   POSIX_GEN_STAMP   made once the generated files exist (order-only
#                     prerequisite of anything that includes them)
# The layer joins the image's libraries (RX_GUEST_LIBS) in phase 2,
# together with musl.

POSIX_GEN := $(BUILD)/posix-gen
POSIX_GEN_STAMP := $(POSIX_GEN)/stamp
POSIX_INCLUDES := -Iposix/include -I$(POSIX_GEN)
POSIX_SRCS := posix/entry.c posix/dispatch.c posix/table.c posix/args.c \
	posix/console.c posix/random.c posix/identity.c posix/time.c
POSIX_GEN_SRCS := $(POSIX_GEN)/linux_sysnames.c

POSIX_GUEST_OBJS := $(patsubst %.c,$(BUILD)/guest/%.o,$(POSIX_SRCS)) \
	$(BUILD)/guest/posix/linux_sysnames.o
POSIX_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(POSIX_SRCS)) \
	$(BUILD)/host/posix/linux_sysnames.o
POSIX_GUEST_LIB := $(BUILD)/guest/posix/libposix.a
POSIX_HOST_LIB := $(BUILD)/host/posix/libposix.a

# The numbering comes from the build host's kernel headers.
$(POSIX_GEN_STAMP): posix/gen-linux-abi
	posix/gen-linux-abi "$(HOST_CC)" $(POSIX_GEN)
	@touch $@
$(POSIX_GEN_SRCS): $(POSIX_GEN_STAMP)

$(filter-out %/linux_sysnames.o,$(POSIX_GUEST_OBJS)): $(BUILD)/guest/%.o: %.c | $(POSIX_GEN_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) $(POSIX_INCLUDES) -MMD -MP -c $< -o $@
$(BUILD)/guest/posix/linux_sysnames.o: $(POSIX_GEN_SRCS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) $(POSIX_INCLUDES) -MMD -MP -c $< -o $@

$(filter-out %/linux_sysnames.o,$(POSIX_HOST_OBJS)): $(BUILD)/host/%.o: %.c | $(POSIX_GEN_STAMP)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CORE_HOST_CFLAGS) $(POSIX_INCLUDES) -c $< -o $@
$(BUILD)/host/posix/linux_sysnames.o: $(POSIX_GEN_SRCS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CORE_HOST_CFLAGS) $(POSIX_INCLUDES) -c $< -o $@

$(POSIX_GUEST_LIB): $(POSIX_GUEST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(POSIX_HOST_LIB): $(POSIX_HOST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(POSIX_GUEST_LIB) $(POSIX_HOST_LIB)

-include $(POSIX_GUEST_OBJS:.o=.d) $(POSIX_HOST_OBJS:.o=.d)

include posix/musl.mk
