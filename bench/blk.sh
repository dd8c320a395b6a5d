#!/bin/sh
# Block figures in ONE boot of the emulated Xen host, alternating for
# several rounds over the same file-backed disk: a host file that the
# emulated host gives dom0 as a virtio disk (/dev/rxdisk/0), which
# rx-run -b hands to each guest (dom0's own root is in memory and too
# small for it):
#   ours   the blk_bench guest on the blkfront API (1 MiB sequential
#          write and read, 4 KiB random reads at queue depth 1 and 32)
#   Linux  a Linux PV guest: busybox dd with O_DIRECT for the
#          sequential passes; random reads with blk-peer (blk_peer.c,
#          a static program added to its initramfs: O_DIRECT, pread at
#          depth 1, native AIO at depth 32)
#   dom0   the same dd and blk-peer on that disk itself (the ceiling
#          the backend works under)
# Prints medians (MB/s = 10^6 bytes/s, IOPS) and ratios; never fails
# on speed.
# usage: blk.sh BLK_BENCH_IMAGE BLK_PEER WORKDIR [ROUNDS] [MIB]
set -u
image=${1:?blk_bench image}
peer=${2:?blk-peer program}
work=${3:?work directory}
rounds=${4:-3}
mib=${5:-32}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
mkdir -p "$work"
work=$(cd "$work" && pwd)

host=$("$top/tools/emuhost/assemble.sh" | tail -n 1) || { echo "blk: no emulated host"; exit 1; }
"$top/tests/launcher/guest/make-initrd.sh" "$host" "$work/guest.cpio" || { echo "blk: no initramfs"; exit 1; }
# blk-peer goes in as a second cpio archive after the first.
rm -rf "$work/extra" && mkdir -p "$work/extra/bin" && cp "$peer" "$work/extra/bin/blk-peer" &&
	(cd "$work/extra" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) \
		>"$work/extra.cpio" && cat "$work/extra.cpio" >>"$work/guest.cpio" ||
	{ echo "blk: cannot add blk-peer to the initramfs"; exit 1; }

# Each figure becomes "@@fig WHO NAME AMOUNT SECONDS" or "@@span WHO
# NAME AMOUNT T0 T1" (AMOUNT in bytes or operations).
rm -f "$work/disk.img"
truncate -s $((mib * 2))M "$work/disk.img" || { echo "blk: cannot make the disk file"; exit 1; }
cat > "$work/bench.sh" <<SCRIPT
disk=/dev/rxdisk/0
[ -b \$disk ] || { echo "@@err no \$disk"; exit 0; }
i=0
while [ \$i -lt $rounds ]; do
	rx-run -M 64 -T 300 -b \$disk /root/blkbench -- $mib >/tmp/o 2>&1
	echo "@@rc ours \$?"
	tr -d '\r' </tmp/o | sed -n 's/^blkbench \([a-z0-9-]*\) [a-z]*=\([0-9]*\) ns=\([0-9]*\)\$/@@fig ours \1 \2 \3e-9/p'
	tr -d '\r' </tmp/o | grep '^blkbench:' | sed 's/^/@@note ours /'
	rx-run -M 128 -T 600 -b \$disk --ramdisk /root/guest.cpio /root/vmlinux -- quiet rxt=bench.xvda.$mib >/tmp/o 2>&1
	echo "@@rc linux \$?"
	tr -d '\r' </tmp/o | sed -n 's/^rxt: bench \([a-z0-9-]*\) [a-z]*=\([0-9]*\) t0=\([0-9.]*\) t1=\([0-9.]*\)\$/@@span linux \1 \2 \3 \4/p'
	tr -d '\r' </tmp/o | sed -n 's/^blkpeer \(rand-qd[0-9]*\) ops=\([0-9]*\) ns=\([0-9]*\)\$/@@fig linux \1 \2 \3e-9/p'
	tr -d '\r' </tmp/o | grep '^rxt: bench:' | sed 's/^/@@note linux /'
	read t0 idle </proc/uptime
	dd if=/dev/zero of=\$disk bs=1M count=$mib oflag=direct conv=notrunc 2>/dev/null && sync ||
		echo "@@err dom0 write failed"
	read t1 idle </proc/uptime
	echo "@@span dom0 seq-write \$(($mib * 1048576)) \$t0 \$t1"
	read t0 idle </proc/uptime
	dd if=\$disk of=/dev/null bs=1M count=$mib iflag=direct 2>/dev/null || echo "@@err dom0 read failed"
	read t1 idle </proc/uptime
	echo "@@span dom0 seq-read \$(($mib * 1048576)) \$t0 \$t1"
	for qd in 1 32; do
		/root/blk-peer \$disk \$qd >/tmp/o 2>&1 || echo "@@err dom0 blk-peer: \$(cat /tmp/o)"
		sed -n 's/^blkpeer \(rand-qd[0-9]*\) ops=\([0-9]*\) ns=\([0-9]*\)\$/@@fig dom0 \1 \2 \3e-9/p' /tmp/o
	done
	i=\$((i + 1))
done
SCRIPT

"$top/tools/rumpxen" host -T 3000 --file "$image:/root/blkbench" --file "$peer:/root/blk-peer" --file "$host/vmlinux:/root/vmlinux" \
	--file "$work/guest.cpio:/root/guest.cpio" --disk "$work/disk.img" "$work/bench.sh" > "$work/out" 2>&1
grep '^@@' "$work/out" | tr -d '\r' |
	awk -v mib="$mib" -v rounds="$rounds" -f "$here/figures.awk" -f "$here/blk-table.awk"

grep -q '^@@' "$work/out" || { echo "blk: the emulated host gave no results; its output:"; tail -n 20 "$work/out"; }
exit 0
