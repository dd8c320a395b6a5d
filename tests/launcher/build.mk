# Launcher tests.
#   launcher-args  argument handling and host-side tools, no boot (seconds)
#   launcher-e2e   Linux PV guests on the emulated Xen host (a few minutes)
CHECK_SUITES += launcher-args launcher-e2e

check-launcher-args:
	@mkdir -p $(BUILD)/results
	@tests/launcher/args.sh $(BUILD)/results/launcher-args.txt $(BUILD)/tests/launcher-args

check-launcher-e2e:
	@mkdir -p $(BUILD)/results
	@tests/launcher/e2e.sh $(BUILD)/results/launcher-e2e.txt $(BUILD)/tests/launcher-e2e
