#!/bin/sh
# make run: boot the demo end to end on Xen (or the emulated Xen host).
#   apps/demo/run.sh BUILD_DIR [RUMP_PREFIX]
# With a rump kernel prefix: the FFS + HTTP demo (BUILD_DIR/rump-demo)
# with a copy of BUILD_DIR/disk.ffs and a NIC; dom0 fetches the listing
# and a file over HTTP, then asks the demo to shut down. Without one:
# the platform-only demo (BUILD_DIR/platform-demo), which dom0 pings
# and then stops. The exit status is the launcher's.
set -u
build=${1:?usage: apps/demo/run.sh BUILD_DIR [RUMP_PREFIX]}
prefix=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
rumpxen=$here/../../tools/rumpxen
mac=00:16:3e:52:58:0a # the emulated host's DHCP server gives it 10.0.0.10
say() { echo "== $*" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/rumpxen-demo.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

start=$(date +%s)
if [ -n "$prefix" ]; then
	cp "$build/disk.ffs" "$work/disk.ffs" || exit 1
	say "rump kernel demo: FFS disk + HTTP server, from $build/rump-demo"
	say "dom0 will fetch / and /hello.txt over HTTP, then GET /shutdown"
	set -- -M 32 -T 240 -b "$work/disk.ffs" -n "xenbr0,mac=$mac" \
		--dom0 "$here/dom0-fetch.sh" "$build/rump-demo"
else
	say "RUMP_PREFIX is not set: running the platform-only demo"
	say "dom0 will ping it, then ask it to stop"
	set -- -M 16 -T 180 -b "$build/disk.ffs,ro" -n "xenbr0,mac=$mac" -e ip=10.0.0.10/24 \
		--dom0 "$here/dom0-ping.sh" "$build/platform-demo"
fi
say "booting (the first run assembles the emulated Xen host; dom0 takes 15-40 s to start)"
"$rumpxen" run "$@"
rc=$?
say "demo finished with status $rc after $(($(date +%s) - start)) s"
if [ -z "$prefix" ]; then
	say "For the full demo (NetBSD FFS + TCP/IP HTTP server) run: RUMP_PREFIX=DIR make run," \
		"where DIR is a rump kernel installation with include/rump/rump.h and lib/librump*.a."
fi
exit $rc
