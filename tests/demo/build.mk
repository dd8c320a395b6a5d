# Suite `demo`: the platform-only demo exactly as `make run` boots it
# without a rump kernel, with its console checked: the disk found and
# recognised, the NIC up, ping answered from dom0, a clean exit.
# (apps/demo/build.mk is read before this file: its variables are used in the
# recipe only, where they are expanded late.)
.PHONY: check-demo
check-demo:
	@$(MAKE) --no-print-directory $(DEMO_PLATFORM_IMAGE) $(DEMO_DISK)
	@tests/demo/run.sh "$(DEMO_BUILD)" $(BUILD)/results/demo.txt
CHECK_SUITES += demo
