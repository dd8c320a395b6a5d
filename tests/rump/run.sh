#!/bin/bash
# The `rump` suite: the demo on a real NetBSD rump kernel, booted on the
# emulated Xen host (one `rumpxen host` boot, several guests inside).
#   tests/rump/run.sh RESULTS_FILE BUILD_DIR
# Needs RUMP_PREFIX (a rump kernel installation); without it every test
# is written as skipped. Exits 0 whenever it could write results.
set -u
results=${1:?usage: run.sh RESULTS_FILE BUILD_DIR}
build=${2:?usage: run.sh RESULTS_FILE BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

TESTS="build_demo rump_init ffs_mount_and_list ffs_read_file ffs_write_fsync ffs_unmount
demo_exit_status_0 dom0_reads_guest_write dom0_source_files_intact http_get_listing
http_get_files http_missing_file_404 http_bad_name_400 http_shutdown tcp_client_to_dom0
static_ip_max_requests bad_config_rejected missing_disk_error missing_nic_error"

mkdir -p "$(dirname "$results")" "$build"
: > "$results"

if [ -z "${RUMP_PREFIX:-}" ]; then
	for t in $TESTS; do echo "skip - $t # RUMP_PREFIX not set" >> "$results"; done
	exit 0
fi

# Any test the run did not report is a failure, with this reason.
finish() {
	for t in $TESTS; do
		grep -qE "^(ok|not ok) - $t(:|\$)" "$results" || echo "not ok - $t: $1" >> "$results"
	done
	exit 0
}

work=$build/tests/rump
mkdir -p "$work"
log=$work/build.log
image=$build/apps/demo/rump-demo
disk=$build/apps/demo/disk.ffs
# Run from the tree's root, as make does (BUILD may be relative).
if ! make --no-print-directory -C "$root" BUILD="$build" "$image" "$disk" > "$log" 2>&1; then
	echo "not ok - build_demo: make demo-rump failed (see $log)" >> "$results"
	tail -20 "$log" >&2
	finish "the demo did not build"
fi
echo "ok - build_demo" >> "$results"
case $image in /*) ;; *) image=$root/$image disk=$root/$disk ;; esac

# A fresh disk for the run: the guest writes to it.
cp "$disk" "$work/disk.ffs" || finish "cannot copy the disk image"
files=(--file "$image:rump-demo" --file "$work/disk.ffs:disk.ffs"
	--file "$here/dom0-http.sh:dom0-http.sh")
for f in "$root"/apps/demo/files/*; do
	files+=(--file "$f:src-$(basename "$f")")
done

echo "rump suite: booting the emulated Xen host (several demo guests inside)" >&2
"$root/tools/rumpxen" host -T 420 "${files[@]}" "$here/dom0-suite.sh" > "$work/host.out" 2>&1
rc=$?
grep -v '^RESULT ' "$work/host.out" | sed 's/^/  | /' >&2
sed -n 's/^RESULT //p' "$work/host.out" >> "$results"
[ $rc = 0 ] || finish "rumpxen host failed with status $rc (output: $work/host.out)"
finish "not reported by the dom0 script (output: $work/host.out)"
