# Linking a guest image.
#
#   $(eval $(call rx_image,OUT,OBJS,LIBS,WHOLE_ARCHIVES))
#
# OUT             bootable (stripped) image; OUT.dbg keeps debug symbols
# OBJS            application objects (must define main)
# LIBS            extra archives, searched normally
# WHOLE_ARCHIVES  archives linked whole (rump kernel components: their
#                 link sets and constructors must all be kept)
#
# The platform, core and libc archives come from RX_GUEST_LIBS (each
# layer's fragment appends its guest archive). The image is linked
# twice: the first link gives the addresses for the embedded symbol
# table (crash backtraces), the second adds the table after all code
# and data, so no code address moves.

RX_GUEST_LIBS += $(XEN_PLAT_LIB) $(CORE_GUEST_LIB) $(LIBC_GUEST_LIB)
RX_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack -T $(XEN_LDSCRIPT)
RX_LIBGCC := $(shell $(GUEST_CC) -print-libgcc-file-name)

# The empty symbol table of the first link.
$(XEN_BUILD)/symtab-empty.S: $(XEN_MKSYMTAB)
	@mkdir -p $(dir $@)
	$(XEN_MKSYMTAB) /dev/null > $@
$(XEN_BUILD)/symtab-empty.o: $(XEN_BUILD)/symtab-empty.S
	$(GUEST_CC) $(XEN_ASFLAGS) -c $< -o $@

define rx_image
$(1).pass1: $(2) $(3) $(4) $$(RX_GUEST_LIBS) $(XEN_START_OBJ) $(XEN_LDSCRIPT) $(XEN_BUILD)/symtab-empty.o
	@mkdir -p $$(dir $$@)
	$(GUEST_LD) $(RX_LDFLAGS) -o $$@ $(XEN_START_OBJ) $(2) \
		--whole-archive $(4) --no-whole-archive \
		--start-group $(3) $$(RX_GUEST_LIBS) $(RX_LIBGCC) --end-group \
		$(XEN_BUILD)/symtab-empty.o

$(1).symtab.o: $(1).pass1 $(XEN_MKSYMTAB)
	nm -n $$< > $(1).nm
	$(XEN_MKSYMTAB) $(1).nm > $(1).symtab.S
	$(GUEST_CC) $(XEN_ASFLAGS) -c $(1).symtab.S -o $$@

$(1).dbg: $(1).pass1 $(1).symtab.o
	$(GUEST_LD) $(RX_LDFLAGS) -o $$@ $(XEN_START_OBJ) $(2) \
		--whole-archive $(4) --no-whole-archive \
		--start-group $(3) $$(RX_GUEST_LIBS) $(RX_LIBGCC) --end-group \
		$(1).symtab.o
	@# The table is only right if no code moved between the links.
	@cmp -s <(nm -n $(1).pass1 | grep ' [tT] ') <(nm -n $$@ | grep ' [tT] ') || \
		{ echo "$$@: code moved between link passes" >&2; rm -f $$@; exit 1; }

$(1): $(1).dbg
	objcopy --strip-all $$< $$@
endef
