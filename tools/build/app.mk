# Used by rumpxen-build on top of the tree's Makefile
# (make -f Makefile -f tools/build/app.mk ...): links an application
# image with the platform's own image recipe (rx_image, platform/xen/image.mk).
#
#   rx-app-cflags       print the guest compiler flags (paths relative to
#                       the tree)
#   rx-app-image        link $(APP_OUT) from APP_OBJS (objects), APP_LIBS
#                       (archives searched normally) and APP_WHOLE
#                       (archives linked whole: rump kernel libraries)

.PHONY: rx-app-cflags rx-app-image

rx-app-cflags:
	@echo '$(XEN_CFLAGS) $(RUMPUSER_CFLAGS)'

ifneq ($(APP_OUT),)
$(eval $(call rx_image,$(APP_OUT),$(APP_OBJS),$(APP_LIBS),$(APP_WHOLE)))
rx-app-image: $(APP_OUT)
endif
