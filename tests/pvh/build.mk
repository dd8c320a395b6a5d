# guest-pvh: the guest tests booted as PVH (the same images as the PV
# suites: every image carries both entry points), in one boot of the
# emulated Xen host (run.sh, dom0-suite.sh, pvh-run.sh). Also the bad
# input: a copy of hello without the PVH entry note (strip-pvh-note.py)
# must be refused with the toolstack's message, and still boot as PV.

PVH_DIR := $(BUILD)/tests/pvh
PVH_NOPVH_IMAGE := $(PVH_DIR)/hello-nopvh

$(PVH_NOPVH_IMAGE): $(BUILD)/apps/hello/hello tests/pvh/strip-pvh-note.py
	@mkdir -p $(@D)
	python3 tests/pvh/strip-pvh-note.py $< $@

PVH_IMAGES := $(BUILD)/apps/hello/hello $(BUILD)/apps/pingable/pingable $(PVH_NOPVH_IMAGE) \
	$(addprefix $(BUILD)/tests/guest/,platform tls console_in xs_client gnttab_basic blk_io \
	net_errors) $(BUILD)/tests/xendrivers/gntpeer

ALL_TARGETS += $(PVH_NOPVH_IMAGE)
CHECK_SUITES += guest-pvh

check-guest-pvh: $(PVH_IMAGES)
	@mkdir -p $(BUILD)/results
	tests/pvh/run.sh $(BUILD) $(BUILD)/results/guest-pvh.txt
	@cat $(BUILD)/results/guest-pvh.txt

# Figures only: smallest memory and boot times of hello, PV against PVH.
.PHONY: bench-pvh
bench-pvh: $(BUILD)/apps/hello/hello
	@tools/rumpxen host -T 1200 --file $(BUILD)/apps/hello/hello --file tests/pvh/pvh-run.sh \
		tests/pvh/dom0-figures.sh
BENCH_TARGETS += bench-pvh
