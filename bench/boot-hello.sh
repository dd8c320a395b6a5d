#!/bin/sh
# Boot figures of the platform-only hello guest in the emulated Xen host:
# time from `rx-run` to the first console line (which main prints first)
# and to the guest being gone, the guest's own first-instruction-to-main
# time, the stripped image size, and the smallest memory it boots in.
# usage: boot-hello.sh HELLO_IMAGE [RUNS]
set -u
image=${1:?hello image}
runs=${2:-8}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "hello image (stripped): $(wc -c < "$image") bytes"

cat > "$work/bench.sh" <<SCRIPT
up() { cut -d' ' -f1 /proc/uptime; }
i=0
while [ \$i -lt $runs ]; do
	t0=\$(up)
	rx-run -M 16 -T 60 /root/hello 2>/dev/null | while IFS= read -r l; do echo "\$(up) \$l"; done > /tmp/o
	t1=\$(up)
	first=\$(head -n 1 /tmp/o | cut -d' ' -f1)
	inner=\$(sed -n 's/.*main reached \([0-9]*\) us.*/\1/p' /tmp/o)
	echo "@@run start=\$t0 first=\$first gone=\$t1 inner_us=\$inner"
	i=\$((i + 1))
done
for m in 1 2 3 4 6 8; do
	rx-run -M \$m -T 30 /root/hello >/tmp/o 2>&1
	rc=\$?
	grep -q "hello from rumpxen" /tmp/o && ok=1 || ok=0
	echo "@@mem \$m rc=\$rc hello=\$ok"
done
SCRIPT

tools/rumpxen host -T 900 --file "$image:/root/hello" "$work/bench.sh" > "$work/out" 2>&1
grep '^@@' "$work/out" | tr -d '\r' | awk '
/^@@run/ {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	n++; first[n] = v["first"] - v["start"]; gone[n] = v["gone"] - v["start"]; inner[n] = v["inner_us"]
}
/^@@mem/ { split($3, r, "="); split($4, h, "="); if (h[2] == 1 && r[2] == 0 && !smallest) smallest = $2 }
function median(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	if (!n) { print "no runs completed"; exit 1 }
	printf "hello: rx-run to first console line (= main): median %.2f s over %d runs\n", median(first, n), n
	printf "hello: rx-run to domain gone:                  median %.2f s\n", median(gone, n)
	printf "hello: first instruction to main (guest clock): median %d us\n", median(inner, n)
	printf "hello: smallest memory that boots: %s MiB\n", smallest ? smallest : "none of 1-8"
}'
