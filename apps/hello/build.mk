# apps/hello: the platform-only hello image.
HELLO_IMAGE := $(BUILD)/apps/hello/hello
HELLO_OBJS := $(BUILD)/apps/hello/hello.o

$(HELLO_OBJS): $(BUILD)/apps/hello/%.o: apps/hello/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) -MMD -MP -c $< -o $@

$(eval $(call rx_image,$(HELLO_IMAGE),$(HELLO_OBJS),,))

ALL_TARGETS += $(HELLO_IMAGE)
-include $(HELLO_OBJS:.o=.d)

# make bench: boot figures of this image in the emulated Xen host.
.PHONY: bench-boot-hello
bench-boot-hello: $(HELLO_IMAGE)
	bench/boot-hello.sh $(HELLO_IMAGE)
BENCH_TARGETS += bench-boot-hello
