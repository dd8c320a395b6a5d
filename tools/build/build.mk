# rumpxen build (tools/build/rumpxen-build) and its tests.
#   check-build-tool   error handling and image building of the tool
CHECK_SUITES += build-tool

check-build-tool: $(RX_GUEST_LIBS) $(XEN_START_OBJ)
	@tools/build/tests/run.sh $(BUILD)/results/build-tool.txt $(BUILD)/tests/build-tool \
		| grep -c '^ok - ' | sed 's/^/passed: /'
