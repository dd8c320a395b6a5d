# Xen PV guest platform: headers from the system's Xen ABI, the platform
# library, the image link recipe.
#
# Layers, each a folder, lower first (a lower one never calls a higher
# one): arch/x86_64, runtime, xenstore, xenbus, blkfront and netfront;
# app/ on top starts the application and ends it (the one exit path).
# Includes name the folder: <runtime/mm.h>, <blkfront/blkfront.h>, ...
#
# Outputs:
#   $(XEN_PLAT_LIB)   the platform (boot, mm, traps, events, clock, console...)
#   $(XEN_START_OBJ)  entry point, ELF notes, trap/upcall entry (linked first)
#   XEN_CFLAGS        flags for any guest C file (adds the Xen ABI headers)
# Images are linked with the rx_image function from platform/xen/image.mk.

XEN_DIR := platform/xen
XEN_ABI_DIR ?= /usr/include/xen
XEN_INC_DIR := $(BUILD)/xen-include
XEN_INC_STAMP := $(XEN_INC_DIR)/xen/xen.h

XEN_CFLAGS := $(GUEST_CFLAGS) -I$(XEN_INC_DIR)
XEN_ASFLAGS := $(GUEST_ASFLAGS) -I$(XEN_INC_DIR)

$(XEN_INC_STAMP):
	@mkdir -p $(XEN_INC_DIR)
	@test -f $(XEN_ABI_DIR)/xen.h || { echo "missing Xen ABI headers ($(XEN_ABI_DIR)): install libxen-dev" >&2; exit 1; }
	ln -sfn $(XEN_ABI_DIR) $(XEN_INC_DIR)/xen

XEN_BUILD := $(BUILD)/xen
XEN_LAYERS := arch/x86_64 runtime xenstore xenbus blkfront netfront app
# The entry object is linked explicitly (first), not from the archive.
XEN_START_OBJ := $(XEN_BUILD)/arch/x86_64/entry.o
XEN_ASM_SRCS := $(filter-out $(XEN_DIR)/arch/x86_64/entry.S,$(wildcard $(XEN_DIR)/arch/x86_64/*.S))
XEN_C_SRCS := $(foreach l,$(XEN_LAYERS),$(wildcard $(XEN_DIR)/$(l)/*.c))
XEN_OBJS := $(patsubst $(XEN_DIR)/%.c,$(XEN_BUILD)/%.o,$(XEN_C_SRCS)) \
	$(patsubst $(XEN_DIR)/%.S,$(XEN_BUILD)/%.o,$(XEN_ASM_SRCS))
XEN_PLAT_LIB := $(XEN_BUILD)/libxenplat.a
XEN_LDSCRIPT := $(XEN_DIR)/arch/x86_64/guest.ld
XEN_MKSYMTAB := $(XEN_DIR)/arch/x86_64/mksymtab.sh

$(XEN_BUILD)/%.o: $(XEN_DIR)/%.c $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_CFLAGS) -MMD -MP -c $< -o $@

$(XEN_BUILD)/%.o: $(XEN_DIR)/%.S $(XEN_INC_STAMP)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(XEN_ASFLAGS) -MMD -MP -c $< -o $@

$(XEN_PLAT_LIB): $(XEN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

-include $(XEN_OBJS:.o=.d) $(XEN_START_OBJ:.o=.d)

ALL_TARGETS += $(XEN_INC_STAMP) $(XEN_PLAT_LIB) $(XEN_START_OBJ)

include $(XEN_DIR)/image.mk
