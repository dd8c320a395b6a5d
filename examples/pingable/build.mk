# examples/pingable: a platform-only guest answering ARP and ping on
# every vif (netfront + the net/ responder built for the guest).
PINGABLE_IMAGE := $(BUILD)/examples/pingable/pingable
PINGABLE_OBJS := $(BUILD)/examples/pingable/pingable.o

$(PINGABLE_OBJS): $(BUILD)/examples/pingable/%.o: examples/pingable/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) -Inet/include -MMD -MP -c $< -o $@

$(eval $(call rx_image,$(PINGABLE_IMAGE),$(PINGABLE_OBJS) $(NET_GUEST_OBJS),,))

ALL_TARGETS += $(PINGABLE_IMAGE)
-include $(PINGABLE_OBJS:.o=.d)
