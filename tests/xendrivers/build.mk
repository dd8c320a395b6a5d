# Tests of the Xen drivers: xenstore client, grant tables, xenbus,
# blkfront.
#
#   xenstore-unit  host unit tests of the xenstore wire format
#                  (xen/xs_wire.c, xen/xs_ring.c), run under ASan/UBSan
#   xendrivers     the guest programs tests/guest/{xs_client,gnttab_basic,
#                  blk_io}.c as domUs in one boot of the emulated Xen host
#                  (run-guest.sh), with a dom0 peer for grants (gntpeer.c)
#                  and disk images checked from dom0

XS_UNIT_DIR := $(BUILD)/host/xenstore
XS_UNIT_BIN := $(XS_UNIT_DIR)/xs_wire_test
XS_UNIT_SRCS := tests/unit/xs_wire_test.c xen/xs_wire.c xen/xs_ring.c
# Bounds errors on malformed input must not go unnoticed.
XS_UNIT_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all

$(XS_UNIT_BIN): $(XS_UNIT_SRCS) xen/xs_wire.h core/include/core/errors.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(XS_UNIT_SANITIZE) -o $@ $(XS_UNIT_SRCS)

XENDRV_DIR := $(BUILD)/tests/xendrivers
# Runs in the emulated host's dom0 (Linux): linked statically so it does
# not depend on the libraries there.
XENDRV_GNTPEER := $(XENDRV_DIR)/gntpeer
$(XENDRV_GNTPEER): tests/xendrivers/gntpeer.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -static -o $@ $<

XENDRV_GUESTS := $(addprefix $(BUILD)/tests/guest/,xs_client gnttab_basic blk_io)

ALL_TARGETS += $(XS_UNIT_BIN) $(XENDRV_GNTPEER)
CHECK_SUITES += xenstore-unit xendrivers

# The binary's exit status only says whether tests failed; the result
# lines carry that. A crash is reported as such.
check-xenstore-unit: $(XS_UNIT_BIN)
	@mkdir -p $(BUILD)/results
	@out=$$($(XS_UNIT_BIN)); rc=$$?; \
	printf '%s\n' "$$out" > $(BUILD)/results/xenstore-unit.txt; \
	if [ $$rc -gt 1 ]; then \
		echo "not ok - xs_wire_test: exited with status $$rc" >> $(BUILD)/results/xenstore-unit.txt; \
	fi; cat $(BUILD)/results/xenstore-unit.txt

check-xendrivers: $(XENDRV_GUESTS) $(XENDRV_GNTPEER)
	@mkdir -p $(BUILD)/results
	tests/xendrivers/run-guest.sh $(BUILD) $(BUILD)/results/xendrivers.txt
	@cat $(BUILD)/results/xendrivers.txt
