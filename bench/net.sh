#!/bin/bash
# Network benchmark in ONE boot of the emulated Xen host: our guests
# on the platform API (net-bench: raw frames on netfront; pingable:
# ping) and, with a real rump kernel, TCP (net-tcp-bench), each beside
# a Linux PV guest (the launcher tests' initramfs plus net-peer), the
# runs alternating between the two; dom0 runs net-peer at the other
# end. Prints medians and ratios (bench/README.md says what they mean);
# never fails on speed.
# usage: net.sh BENCH_DIR PINGABLE_IMAGE [ROUNDS]
#   BENCH_DIR holds net-bench, net-peer and (optionally) net-tcp-bench.
set -u
dir=${1:?bench build directory}
pingable=${2:?pingable image}
rounds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
work=$(mktemp -d "${TMPDIR:-/tmp}/rumpxen-net.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

files=(--file "$dir/net-bench:net-bench" --file "$dir/net-peer:net-peer"
	--file "$pingable:pingable" --file "$here/net-dom0.sh:net-dom0.sh"
	--file "$here/net-host.sh:net-host.sh")
linux=0
# The Linux guest: the test initramfs with net-peer and our init added
# as a second cpio archive after the first (the kernel unpacks both);
# without rdinit= it boots the test init as usual (the ping phase).
if host=$("$top/tools/emuhost/assemble.sh" 2>/dev/null | tail -n1) && [ -f "$host/vmlinux" ] &&
	"$top/tests/launcher/guest/make-initrd.sh" "$host" "$work/guest.cpio" 2>/dev/null; then
	mkdir -p "$work/extra/bin"
	install -m 755 "$dir/net-peer" "$here/net-linux-init" "$work/extra/bin/"
	(cd "$work/extra" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) \
		>"$work/extra.cpio" &&
		cat "$work/guest.cpio" "$work/extra.cpio" >"$work/netguest.cpio" &&
		files+=(--file "$host/vmlinux:vmlinux" --file "$work/netguest.cpio:netguest.cpio") &&
		linux=1
fi
[ $linux = 1 ] || echo "net bench: the Linux PV guest is unavailable; measuring ours only"
# TCP needs the rump kernel guest, built by make when RUMP_PREFIX is set.
tcp="skipped: RUMP_PREFIX not set"
if [ -f "$dir/net-tcp-bench" ]; then
	files+=(--file "$dir/net-tcp-bench:net-tcp-bench")
	tcp=1
elif [ -n "${RUMP_PREFIX:-}" ]; then
	tcp="not measured: the rump TCP guest did not build"
fi

cat >"$work/job.sh" <<JOB
ROUNDS=$rounds SMALL_COUNT=${NETBENCH_SMALL_COUNT:-20000} MTU_COUNT=${NETBENCH_MTU_COUNT:-6000}
BLAST_S=5 TCP_MIB=${NETBENCH_TCP_MIB:-8} PING_ROUNDS=$rounds LINUX=$linux
. /root/net-host.sh
JOB
"$top/tools/rumpxen" host -T 1200 "${files[@]}" "$work/job.sh" >"$work/out" 2>&1
rc=$?
# The raw log stays next to the images for a closer look.
cp "$work/out" "$dir/net-bench.log" 2>/dev/null
tr -d '\r' <"$work/out" | grep -a '^@@' |
	awk -v rounds="$rounds" -v tcp="$tcp" -f "$here/figures.awk" -f "$here/net-table.awk"
if [ $rc -ne 0 ] || ! grep -q '^@@' "$work/out"; then
	echo "net bench: the emulated host exited with status $rc; its last lines:"
	tail -n 20 "$work/out"
fi
exit 0
