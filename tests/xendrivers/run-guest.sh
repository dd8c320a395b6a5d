#!/bin/bash
# Run the driver guest tests (xenstore client, grant tables, blkfront)
# in one boot of the emulated Xen host and write the suite's results.
#
# usage: run-guest.sh BUILD_DIR RESULT_FILE
#
# Guest images come from $BUILD/tests/guest/, the dom0 helper from
# $BUILD/tests/xendrivers/. dom0-suite.sh runs the cases inside dom0.
set -u
build=${1:?build dir}
result=${2:?result file}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$build/tests/xendrivers
mkdir -p "$work" "$(dirname "$result")"
: > "$result"

if ! command -v qemu-system-x86_64 >/dev/null || [ ! -x "$root/tools/rumpxen" ]; then
	echo "skip - xendrivers # no emulated Xen host here (needs qemu-system-x86_64 and tools/rumpxen)" >> "$result"
	exit 0
fi

python3 "$here/blk_pattern.py" "$work/ro.img" 4096 0x11 &&
	python3 "$here/blk_pattern.py" "$work/expect_rw.img" 4096 0x5a || {
	echo "not ok - xendrivers: cannot create the disk images" >> "$result"
	exit 0
}

files=()
for f in "$build/tests/guest/xs_client" "$build/tests/guest/gnttab_basic" \
	"$build/tests/guest/blk_io" "$work/gntpeer" "$work/ro.img" "$work/expect_rw.img" \
	"$here/gntpeer-dom0.sh" "$here/detach-dom0.sh" "$here/vbd-stats-dom0.sh"; do
	if [ ! -f "$f" ]; then
		echo "not ok - xendrivers: $f missing" >> "$result"
		exit 0
	fi
	files+=(--file "$f")
done

"$root/tools/rumpxen" host -T 1500 --log "$work/host.log" "${files[@]}" \
	"$here/dom0-suite.sh" > "$work/output.txt" 2>&1
rc=$?
tr -d '\r' < "$work/output.txt" | grep -E '^(ok|not ok|skip) - ' >> "$result"
if [ $rc -ne 0 ]; then
	echo "not ok - xendrivers: emulated host run ended with status $rc (see $work/output.txt)" >> "$result"
elif ! grep -q '^ok - ' "$result"; then
	echo "not ok - xendrivers: no results from the guests (see $work/output.txt)" >> "$result"
fi
exit 0
