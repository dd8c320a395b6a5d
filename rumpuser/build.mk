# The rumpuser hypercall layer (revision 17), built for the guest and for
# the Linux host (conformance tests, benchmarks).
#
# Variables other fragments use:
#   RUMPUSER_GUEST_LIB  $(BUILD)/guest/librumpuser.a  (also in RX_GUEST_LIBS)
#   RUMPUSER_HOST_LIB   $(BUILD)/host/librumpuser.a   link before CORE_HOST_LIB
#   RUMPUSER_CFLAGS     include flags for rumpuser.h, rumpuser_dev.h, rumpuser_plat.h

RUMPUSER_SRCS := $(wildcard rumpuser/*.c)
# Backends on the Xen front-ends: guest library only.
RUMPUSER_XEN_SRCS := $(wildcard rumpuser/backends/xen/*.c)
RUMPUSER_CFLAGS := -Irumpuser/include
RUMPUSER_GUEST_OBJS := $(patsubst %.c,$(BUILD)/guest/%.o,$(RUMPUSER_SRCS) $(RUMPUSER_XEN_SRCS))
RUMPUSER_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(RUMPUSER_SRCS))
RUMPUSER_GUEST_LIB := $(BUILD)/guest/librumpuser.a
RUMPUSER_HOST_LIB := $(BUILD)/host/librumpuser.a

$(RUMPUSER_GUEST_OBJS): $(BUILD)/guest/%.o: %.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) -DRUMPUSER_XEN $(RUMPUSER_CFLAGS) -Irumpuser -MMD -MP -c $< -o $@

$(RUMPUSER_HOST_OBJS): $(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(RUMPUSER_CFLAGS) -Irumpuser -MMD -MP -c $< -o $@

$(RUMPUSER_GUEST_LIB): $(RUMPUSER_GUEST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(RUMPUSER_HOST_LIB): $(RUMPUSER_HOST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

RX_GUEST_LIBS += $(RUMPUSER_GUEST_LIB)
ALL_TARGETS += $(RUMPUSER_GUEST_LIB) $(RUMPUSER_HOST_LIB)

-include $(RUMPUSER_GUEST_OBJS:.o=.d) $(RUMPUSER_HOST_OBJS:.o=.d)
