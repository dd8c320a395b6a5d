# Suite `layers`: the layer rules of docs/architecture.md, checked from
# the #include lines and the product's build fragments.
CHECK_SUITES += layers
.PHONY: check-layers
check-layers:
	@mkdir -p $(BUILD)/results
	@tests/layers/check.sh $(BUILD)/results/layers.txt
	@grep -c '^ok - ' $(BUILD)/results/layers.txt | sed 's/$$/ layer rules hold/'
