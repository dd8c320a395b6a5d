# Guest tests (suite "guest"): every tests/guest/*.c is one guest image;
# tests/guest/cases lists how each is booted and what it must show.
GUEST_TEST_SRCS := $(wildcard tests/guest/*.c)
GUEST_TEST_IMAGES := $(patsubst tests/guest/%.c,$(BUILD)/tests/guest/%,$(GUEST_TEST_SRCS))

# tests/guest/lib/: shared by every test image (result lines).
GUEST_TEST_LIB_OBJS := $(BUILD)/tests/guest/lib/check.o

$(BUILD)/tests/guest/%.o: tests/guest/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) -Itests/guest -MMD -MP -c $< -o $@

$(foreach t,$(GUEST_TEST_IMAGES),$(eval $(call rx_image,$(t),$(t).o $(GUEST_TEST_LIB_OBJS),,)))

-include $(GUEST_TEST_IMAGES:=.d) $(GUEST_TEST_LIB_OBJS:.o=.d)

ALL_TARGETS += $(GUEST_TEST_IMAGES)
CHECK_SUITES += guest

check-guest: $(GUEST_TEST_IMAGES)
	@mkdir -p $(BUILD)/results
	tests/guest/run-suite.sh $(BUILD) tests/guest/cases $(BUILD)/results/guest.txt
