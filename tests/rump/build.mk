# tests/rump: the demo on a real rump kernel (RUMP_PREFIX), booted on
# the emulated Xen host. Without RUMP_PREFIX every test is skipped.
CHECK_SUITES += rump

.PHONY: check-rump
check-rump:
	@mkdir -p $(BUILD)/results
	@tests/rump/run.sh $(BUILD)/results/rump.txt $(BUILD)
