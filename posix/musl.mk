# musl (Debian bookworm's source package, pinned below) built as the
# guest's C library, with its system calls routed to __rx_syscall.
#
# Outputs (nothing is installed outside $(BUILD)):
#   $(MUSL_STAMP)     made once libc.a, the crt objects and the headers
#                     are built and libc.a passed the system-call guard;
#                     depend on it, not on the files below
#   $(MUSL_LIB)       libc.a
#   $(MUSL_CRT_OBJS)  crt1.o crti.o crtn.o
#   $(MUSL_INCLUDE)   the headers
#
# Steps: tools/debsrc fetches the source into the shared cache; the tree
# is copied into $(MUSL_DIR)/src, where posix/musl-overlay puts our
# replacement files over it (posix/musl/, laid out like musl's tree) and
# deletes the files posix/musl-remove.txt names; musl's own configure
# and Makefile then build it out of tree in $(MUSL_DIR)/obj and install
# into $(MUSL_DIR). musl's Makefile does not track headers, so any change
# to the overlay, this fragment or the version rebuilds musl from clean.

MUSL_VERSION := 1.2.3-1
MUSL_DIR := $(BUILD)/musl
MUSL_TREE := $(MUSL_DIR)/src
MUSL_OBJDIR := $(MUSL_DIR)/obj
MUSL_LIB := $(MUSL_DIR)/lib/libc.a
MUSL_CRT_OBJS := $(addprefix $(MUSL_DIR)/lib/,crt1.o crti.o crtn.o)
MUSL_INCLUDE := $(MUSL_DIR)/include
MUSL_STAMP := $(MUSL_DIR)/built-$(MUSL_VERSION)
MUSL_OVERLAY := $(shell find posix/musl -type f ! -name '*~')
MUSL_INPUTS := $(MUSL_OVERLAY) posix/musl-overlay posix/musl-remove.txt posix/musl.mk \
	tools/debsrc tools/check-no-syscall

# Code generation as for the rest of the guest:
#   -mno-red-zone    event upcalls and traps run on the interrupted stack,
#                    so nothing may live below %rsp
#   -fno-pic -fno-pie -mcmodel=small
#                    the image is linked static, below 2 GiB
#   -fno-stack-protector
#                    no canary set-up exists (phase 2: AT_RANDOM)
#   -ffunction-sections -fdata-sections
#                    unused functions can be dropped at link time
#   -fno-omit-frame-pointer -g
#                    crash backtraces walk frame pointers
# Unlike our own code, musl keeps SSE: the ABI passes floating point in
# XMM registers and musl's math needs them. That is safe because
#   - threads switch cooperatively, only inside calls, where the SysV ABI
#     makes every XMM register caller-saved; the switch keeps what must
#     survive a call (MXCSR and the x87 control word);
#   - the event upcall and trap handlers are built without SSE, so they
#     leave the interrupted XMM state untouched. musl's code must never
#     run in upcall or trap context (nor may anything built with SSE).
# musl's own hand-written assembly is not covered by -mno-red-zone: the
# files that use the red zone are replaced or removed (posix/README.md).
MUSL_CFLAGS := -mno-red-zone -fno-pic -fno-pie -mcmodel=small -fno-stack-protector \
	-ffunction-sections -fdata-sections -fno-omit-frame-pointer -g

$(MUSL_DIR)/tree-$(MUSL_VERSION): $(MUSL_INPUTS)
	@rm -rf $(MUSL_DIR) && mkdir -p $(MUSL_DIR)
	@src=$$(tools/debsrc musl=$(MUSL_VERSION)) && cp -R "$$src" $(MUSL_TREE)
	posix/musl-overlay $(MUSL_TREE) posix/musl posix/musl-remove.txt
	@touch $@

$(MUSL_OBJDIR)/config.mak: $(MUSL_DIR)/tree-$(MUSL_VERSION)
	@mkdir -p $(MUSL_OBJDIR)
	cd $(MUSL_OBJDIR) && CC="$(GUEST_CC)" CFLAGS="$(MUSL_CFLAGS)" \
		$(abspath $(MUSL_TREE))/configure --prefix=$(abspath $(MUSL_DIR)) \
		--disable-shared --enable-static > configure.log 2>&1 || \
		{ tail -20 configure.log >&2; exit 1; }

# musl's make prints every compiler command: keep them in build.log.
$(MUSL_STAMP): $(MUSL_OBJDIR)/config.mak
	@echo "musl $(MUSL_VERSION): building (log: $(MUSL_OBJDIR)/build.log)"
	@$(MAKE) -C $(MUSL_OBJDIR) install-libs install-headers > $(MUSL_OBJDIR)/build.log 2>&1 || \
		{ tail -30 $(MUSL_OBJDIR)/build.log >&2; exit 1; }
	tools/check-no-syscall $(MUSL_LIB) $(MUSL_CRT_OBJS)
	@touch $@

ALL_TARGETS += $(MUSL_STAMP)
