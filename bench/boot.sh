#!/bin/sh
# Boot figures, our hello guest side by side with a Linux PV guest (the
# emulated host's Debian kernel + the launcher tests' busybox initramfs,
# whose init powers off at once), in ONE boot of the emulated Xen host,
# alternating the two for several rounds so both see the same noise:
#   rx-run -> first console line -> domain gone (both guests)
#   first instruction -> main (hello, its own clock)
#   rx-run -> init reached (Linux: init's first line)
# then the hello image's stripped size and the smallest memory it boots
# in, and how many of LAUNCHES back-to-back launches of hello ended
# well (a launch that hangs in early boot ends in rx-run's timeout).
# Prints medians and ratios; never fails on speed.
# usage: boot.sh HELLO_IMAGE WORKDIR [ROUNDS] [LAUNCHES]
set -u
image=${1:?hello image}
work=${2:?work directory}
rounds=${3:-5}
launches=${4:-100}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
mkdir -p "$work"
work=$(cd "$work" && pwd)

host=$("$top/tools/emuhost/assemble.sh" | tail -n 1) || { echo "boot: no emulated host"; exit 1; }
"$top/tests/launcher/guest/make-initrd.sh" "$host" "$work/guest.cpio" || { echo "boot: no initramfs"; exit 1; }

echo "hello image (stripped): $(wc -c < "$image") bytes"
echo "Linux PV guest: kernel $(wc -c < "$host/vmlinux") bytes, initramfs $(wc -c < "$work/guest.cpio") bytes"

# In dom0: one timed run prints "@@run KIND start first init gone rc";
# times are dom0 uptime seconds, each console line is stamped on arrival.
cat > "$work/bench.sh" <<SCRIPT
up() { cut -d' ' -f1 /proc/uptime; }
timed() {
	kind=\$1; pat=\$2; shift 2
	t0=\$(up)
	{ rx-run "\$@" 2>/dev/null; echo \$? > /tmp/rc; } | while IFS= read -r l; do echo "\$(up) \$l"; done > /tmp/o
	t1=\$(up)
	first=\$(head -n 1 /tmp/o | cut -d' ' -f1)
	init=\$(grep -m 1 "\$pat" /tmp/o | cut -d' ' -f1)
	inner=\$(sed -n 's/.*main reached \([0-9]*\) us.*/\1/p' /tmp/o)
	echo "@@run \$kind \$t0 \${first:--} \${init:--} \$t1 \$(cat /tmp/rc) \${inner:--}"
}
i=0
while [ \$i -lt $rounds ]; do
	timed hello "main reached" -M 16 -T 60 /root/hello
	timed linux "rxt: started" -M 128 -T 240 --ramdisk /root/guest.cpio /root/vmlinux -- quiet rxt=off
	i=\$((i + 1))
done
for m in 1 2 3 4 6 8; do
	rx-run -M \$m -T 30 /root/hello >/tmp/o 2>&1
	rc=\$?
	grep -q "hello from rumpxen" /tmp/o && ok=1 || ok=0
	echo "@@mem \$m rc=\$rc hello=\$ok"
done
i=0
while [ \$i -lt $launches ]; do
	rx-run -M 16 -T 30 /root/hello >/tmp/o 2>&1
	rc=\$?
	grep -q "hello from rumpxen" /tmp/o && ok=1 || ok=0
	echo "@@launch rc=\$rc hello=\$ok"
	i=\$((i + 1))
done
SCRIPT

"$top/tools/rumpxen" host -T $((1500 + launches * 40)) --file "$image:/root/hello" --file "$host/vmlinux:/root/vmlinux" \
	--file "$work/guest.cpio:/root/guest.cpio" "$work/bench.sh" > "$work/out" 2>&1
grep '^@@' "$work/out" | tr -d '\r' | awk '
function median(a, n,   i, j, t) {
	if (!n) return -1
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function show(what, key, h, l,   mh, ml) {
	mh = median(h, nh[key]); ml = median(l, nl[key])
	printf "  %-36s %10s %10s", what, mh < 0 ? "-" : sprintf("%.3f", mh), ml < 0 ? "-" : sprintf("%.3f", ml)
	if (mh > 0 && ml > 0) printf "   Linux/ours %.1fx", ml / mh
	printf "\n"
}
/^@@run/ {
	kind = $2; t0 = $3
	if ($7 != 0) { bad[kind]++; next }
	if (kind == "hello") {
		if ($4 != "-") hf[++nh["first line"]] = $4 - t0
		if ($5 != "-") hi[++nh["init/main reached"]] = $5 - t0
		hg[++nh["domain gone"]] = $6 - t0
		if ($8 != "-") inner[++ninner] = $8
	} else {
		if ($4 != "-") lf[++nl["first line"]] = $4 - t0
		if ($5 != "-") li[++nl["init/main reached"]] = $5 - t0
		lg[++nl["domain gone"]] = $6 - t0
	}
}
/^@@launch/ {
	launched++
	if ($2 == "rc=0" && $3 == "hello=1") launch_ok++
	else if ($2 == "rc=124") launch_hung++
	else launch_other++
}
/^@@mem/ { split($3, r, "="); split($4, h, "="); if (h[2] == 1 && r[2] == 0 && !smallest) smallest = $2 }
END {
	printf "boot, one dom0 boot, alternating; medians in seconds from rx-run start\n"
	printf "  %-36s %10s %10s\n", "", "hello", "Linux PV"
	show("first console line", "first line", hf, lf)
	show("main (ours) / init (Linux) reached", "init/main reached", hi, li)
	show("domain gone", "domain gone", hg, lg)
	printf "  runs used: hello %d, Linux %d; failed runs: hello %d, Linux %d\n",
		nh["domain gone"], nl["domain gone"], bad["hello"], bad["linux"]
	print "  (Linux boots with quiet: its first console line is init'"'"'s first)"
	if (ninner) printf "  hello: first instruction to main (guest clock): median %d us\n", median(inner, ninner)
	printf "  hello: smallest memory that boots: %s MiB\n", smallest ? smallest : "none of 1-8"
	if (launched) printf "  hello: %d launches in a row: %d ran to the end, %d hung (timeout), %d failed otherwise\n",
		launched, launch_ok, launch_hung, launch_other
	if (!nh["domain gone"] && !nl["domain gone"]) print "  no runs completed"
}'
# A benchmark that measured nothing fails (it never fails on speed).
grep -q '^@@run' "$work/out" || {
	echo "boot: the emulated host gave no results; its output:"
	tail -n 20 "$work/out"
	exit 1
}
exit 0
