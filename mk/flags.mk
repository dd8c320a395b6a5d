# Compiler settings shared by every fragment. Our own code builds with
# warnings as errors, both for the host and for the guest.

BUILD ?= build
HOST_CC ?= gcc
GUEST_CC ?= gcc
GUEST_LD ?= ld

# Xen ABI version the guest is written against (Xen 4.17 headers).
XEN_INTERFACE_VERSION := 0x00040e00

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes

HOST_CFLAGS := -std=gnu11 -O2 -g $(WARNINGS) -Iinclude -Icore/include -D_GNU_SOURCE

# Guest code: freestanding, no red zone (the event upcall and traps run
# on the interrupted stack), no SSE in our own code (the upcall does not
# save vector registers), frame pointers for backtraces, linked below
# 2 GiB (rump kernel archives use absolute 32-bit relocations).
GCC_INCLUDE := $(shell $(GUEST_CC) -print-file-name=include)
GUEST_CFLAGS := -std=gnu11 -O2 -g $(WARNINGS) \
	-ffreestanding -fno-builtin -nostdinc -isystem $(GCC_INCLUDE) \
	-mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx \
	-fno-stack-protector -fno-pic -fno-pie -mcmodel=small \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-ffunction-sections -fdata-sections \
	-D__XEN_INTERFACE_VERSION__=$(XEN_INTERFACE_VERSION) \
	-Iinclude -Icore/include -Iplatform/xen -Ilibc/include
GUEST_ASFLAGS := -D__ASSEMBLY__ -D__XEN_INTERFACE_VERSION__=$(XEN_INTERFACE_VERSION) \
	-Icore/include -Iplatform/xen
