#!/bin/sh
# Block figures in ONE boot of the emulated Xen host, alternating for
# several rounds over the same file-backed disk: a host file that the
# emulated host gives dom0 as a virtio disk (/dev/rxdisk/0), which
# rx-run -b hands to each guest (dom0's own root is in memory and too
# small for it):
#   ours   the blk_bench guest on the blkfront API (1 MiB sequential
#          write and read, 4 KiB random reads at queue depth 1 and 32)
#   Linux  a Linux PV guest (busybox dd with O_DIRECT; random reads
#          start one dd per read, queue depth 32 is not measured)
#   dom0   busybox dd reading that disk itself with O_DIRECT (the
#          ceiling the backend works under)
# Prints medians (MB/s = 10^6 bytes/s, IOPS) and ratios; never fails
# on speed.
# usage: blk.sh BLK_BENCH_IMAGE WORKDIR [ROUNDS] [MIB]
set -u
image=${1:?blk_bench image}
work=${2:?work directory}
rounds=${3:-3}
mib=${4:-32}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
mkdir -p "$work"
work=$(cd "$work" && pwd)

host=$("$top/tools/emuhost/assemble.sh" | tail -n 1) || { echo "blk: no emulated host"; exit 1; }
"$top/tests/launcher/guest/make-initrd.sh" "$host" "$work/guest.cpio" || { echo "blk: no initramfs"; exit 1; }

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
	blocks=$((mib * 512))
	read t0 idle </proc/uptime
	n=0
	while [ \$n -lt 200 ]; do
		dd if=\$disk of=/dev/null bs=4096 count=1 skip=\$((RANDOM % blocks)) iflag=direct 2>/dev/null
		n=\$((n + 1))
	done
	read t1 idle </proc/uptime
	echo "@@span dom0 rand-qd1 \$n \$t0 \$t1"
	read t0 idle </proc/uptime
	n=0
	while [ \$n -lt 200 ]; do
		dd if=/dev/zero of=/dev/null bs=4096 count=1 2>/dev/null
		n=\$((n + 1))
	done
	read t1 idle </proc/uptime
	echo "@@span dom0 dd-startup \$n \$t0 \$t1"
	i=\$((i + 1))
done
SCRIPT

"$top/tools/rumpxen" host -T 3000 --file "$image:/root/blkbench" --file "$host/vmlinux:/root/vmlinux" \
	--file "$work/guest.cpio:/root/guest.cpio" --disk "$work/disk.img" "$work/bench.sh" > "$work/out" 2>&1
grep '^@@' "$work/out" | tr -d '\r' | awk -v mib="$mib" -v rounds="$rounds" '
function median(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function add(who, name, amount, secs,   k) {
	if (secs <= 0) { short[who, name]++; return }
	k = who SUBSEP name
	cnt[k]++
	val[k, cnt[k]] = name ~ /^seq/ ? amount / secs / 1e6 : amount / secs
}
function med(who, name,   k, a, i) {
	k = who SUBSEP name
	if (!cnt[k]) return -1
	for (i = 1; i <= cnt[k]; i++) a[i] = val[k, i]
	return median(a, cnt[k])
}
# IOPS of random reads less the time an empty dd takes, or -1.
function net(who,   r, u, t) {
	r = med(who, "rand-qd1"); u = med(who, "dd-startup")
	if (r <= 0 || u <= 0) return -1
	t = 1 / r - 1 / u
	return t > 0 ? 1 / t : -1
}
function cell(v) { return v < 0 ? "-" : sprintf("%.1f", v) }
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2fx", a / b) : "-" }
/^@@err/ { print "blk: dom0: " substr($0, 7) }
/^@@note/ { notes[$0]++ }
/^@@rc/ { if ($3 != 0) failed[$2]++ }
/^@@fig/ { add($2, $3, $4, $5 + 0) }
/^@@span/ { add($2, $3, $4, $6 - $5) }
END {
	printf "block, one dom0 boot, %d rounds alternating, %d MiB sequential, medians\n", rounds, mib
	printf "  %-22s %10s %10s %10s %12s %12s\n", "", "ours", "Linux PV", "dom0 disk", "ours/Linux", "ours/dom0"
	split("seq-write seq-read rand-qd1 rand-qd32", names, " ")
	for (i = 1; i <= 4; i++) {
		n = names[i]
		o = med("ours", n); l = med("linux", n); d = med("dom0", n)
		printf "  %-22s %10s %10s %10s %12s %12s\n", n (n ~ /^seq/ ? " MB/s" : " IOPS"),
			cell(o), cell(l), cell(d), ratio(o, l), ratio(o, d)
	}
	# The same random reads with the cost of starting dd taken out.
	o = med("ours", "rand-qd1"); l = net("linux"); d = net("dom0")
	printf "  %-22s %10s %10s %10s %12s %12s\n", "rand-qd1 IOPS, no dd", cell(o), cell(l), cell(d),
		ratio(o, l), ratio(o, d)
	printf "  failed runs: ours %d, Linux %d\n", failed["ours"], failed["linux"]
	for (k in short) { split(k, p, SUBSEP); printf "  %s %s: %d runs too short to time\n", p[1], p[2], short[k] }
	for (k in notes) print "  " substr(k, 8)
	print "  Linux: busybox dd, O_DIRECT; random reads start one dd per 4 KiB read (process start-up"
	print "  included), queue depth 32 not measured. dom0: busybox dd on the disk, O_DIRECT; its"
	print "  random reads also one dd each; \"no dd\" subtracts the median time of a dd that"
	print "  reads nothing from the disk. Linux and dom0 timed with /proc/uptime (10 ms)."
}'
grep -q '^@@' "$work/out" || { echo "blk: the emulated host gave no results; its output:"; tail -n 20 "$work/out"; }
exit 0
