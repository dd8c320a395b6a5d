# The application C library, guest build only (see libc/README.md).
#
# Variables other fragments use:
#   LIBC_GUEST_LIB   $(BUILD)/guest/libc.a (link before $(CORE_GUEST_LIB))
#   LIBC_INCLUDE     its header directory (already in GUEST_CFLAGS)
#   LIBC_SRCS        its sources (tests/unit builds them for the host too)

LIBC_SRCS := libc/string.c libc/strerror.c libc/errno.c libc/malloc.c libc/strtol.c \
	libc/qsort.c libc/stdlib.c libc/ctype.c libc/stdio.c libc/unistd.c
LIBC_INCLUDE := libc/include
LIBC_GUEST_CFLAGS := $(GUEST_CFLAGS) -fno-tree-loop-distribute-patterns -Ilibc -MMD -MP
LIBC_GUEST_OBJS := $(patsubst %.c,$(BUILD)/guest/%.o,$(LIBC_SRCS))
LIBC_GUEST_LIB := $(BUILD)/guest/libc.a

$(LIBC_GUEST_OBJS): $(BUILD)/guest/%.o: %.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(LIBC_GUEST_CFLAGS) -c $< -o $@

$(LIBC_GUEST_LIB): $(LIBC_GUEST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(LIBC_GUEST_LIB)

-include $(LIBC_GUEST_OBJS:.o=.d)
