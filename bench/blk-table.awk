# The block benchmark's table (bench/blk.sh), from its "@@" lines; load
# after figures.awk. Variables: mib, rounds.

function add(who, name, amount, secs) {
	if (secs <= 0) { short[who, name]++; return }
	sample(who SUBSEP name, name ~ /^seq/ ? amount / secs / 1e6 : amount / secs)
}
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
		o = med("ours" SUBSEP n); l = med("linux" SUBSEP n); d = med("dom0" SUBSEP n)
		printf "  %-22s %10s %10s %10s %12s %12s\n", n (n ~ /^seq/ ? " MB/s" : " IOPS"),
			cell(o), cell(l), cell(d), ratio(o, l), ratio(o, d)
	}
	printf "  failed runs: ours %d, Linux %d\n", failed["ours"], failed["linux"]
	for (k in short) { split(k, p, SUBSEP); printf "  %s %s: %d runs too short to time\n", p[1], p[2], short[k] }
	for (k in notes) print "  " substr(k, 8)
	print "  Sequential: busybox dd, O_DIRECT, 1 MiB blocks, timed with /proc/uptime (10 ms) for Linux"
	print "  and dom0. Random 4 KiB reads: blk-peer, O_DIRECT, pread at depth 1, native AIO at depth 32,"
	print "  3 s each, timed with the monotonic clock; ours: blkfront_io / blkfront_submit, 3 s each."
}
