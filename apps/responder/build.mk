# apps/responder: a platform-only ARP and ICMP echo responder (pure
# frame logic, no Xen), linked into the pingable guest and the
# platform-only demo; tests/net builds it for the host too.
#
#   RESPONDER_SRCS        its sources
#   RESPONDER_CFLAGS      include flag for <responder/*.h>
#   RESPONDER_GUEST_OBJS  its objects for guest images
RESPONDER_SRCS := $(wildcard apps/responder/*.c)
RESPONDER_CFLAGS := -Iapps
RESPONDER_GUEST_OBJS := $(patsubst %.c,$(BUILD)/guest/%.o,$(RESPONDER_SRCS))

$(RESPONDER_GUEST_OBJS): $(BUILD)/guest/%.o: %.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) $(RESPONDER_CFLAGS) -MMD -MP -c -o $@ $<

ALL_TARGETS += $(RESPONDER_GUEST_OBJS)
-include $(RESPONDER_GUEST_OBJS:.o=.d)
