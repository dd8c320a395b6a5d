# apps/pingable: a platform-only guest answering ARP and ping on
# every vif (netfront + the apps/responder built for the guest).
PINGABLE_IMAGE := $(BUILD)/apps/pingable/pingable
PINGABLE_OBJS := $(BUILD)/apps/pingable/pingable.o

$(PINGABLE_OBJS): $(BUILD)/apps/pingable/%.o: apps/pingable/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) $(RESPONDER_CFLAGS) -MMD -MP -c $< -o $@

$(eval $(call rx_image,$(PINGABLE_IMAGE),$(PINGABLE_OBJS) $(RESPONDER_GUEST_OBJS),,))

ALL_TARGETS += $(PINGABLE_IMAGE)
-include $(PINGABLE_OBJS:.o=.d)
