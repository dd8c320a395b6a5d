#!/bin/sh
# rump_init() time in the guest with a real rump kernel: boots
# IMAGE ROUNDS times in one emulated-host dom0 and prints the median.
# usage: rump-init.sh IMAGE [ROUNDS]
set -u
image=${1:?usage: rump-init.sh IMAGE [ROUNDS]}
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/rumpxen-bench.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

cat > "$work/job.sh" <<JOB
i=0
while [ \$i -lt $rounds ]; do
	rx-run -M 32 -T 120 /root/rump-init-bench 2>&1 | grep '^rump_init'
	i=\$((i + 1))
done
JOB
"$here/../tools/rumpxen" host --file "$image:rump-init-bench" "$work/job.sh" > "$work/out" ||
	{ echo "rump_init bench: emulated host run failed" >&2; cat "$work/out" >&2; exit 1; }
grep -v '^rump_init_us' "$work/out" >&2
sort -n -k2 "$work/out" | awk '$1 == "rump_init_us" { v[n++] = $2 }
	END {
		if (n == 0) { print "rump_init: no successful run"; exit 1 }
		printf "rump_init() in the guest (librump only, 32 MiB): median %.1f ms of %d boots (min %.1f, max %.1f)\n",
			v[int(n / 2)] / 1000, n, v[0] / 1000, v[n - 1] / 1000
	}'
