#!/bin/sh
# tests/demo/run.sh DEMO_BUILD_DIR RESULTS_FILE
set -u
build=$1 results=$2
here=$(cd "$(dirname "$0")" && pwd)
log=$(dirname "$results")/demo.log
mkdir -p "$(dirname "$results")"
: > "$results"

"$here/../../apps/demo/run.sh" "$build" > "$log" 2>&1
rc=$?

result() { # result NAME OK? DETAIL
	if [ "$2" = 1 ]; then echo "ok - $1"; else echo "not ok - $1: $3 (see $log)"; fi >> "$results"
}
expect() { # expect NAME REGEX
	if grep -Eq "$2" "$log"; then result "$1" 1; else result "$1" 0 "console lacks /$2/"; fi
}
[ $rc -eq 0 ] && result "platform demo exits 0" 1 || result "platform demo exits 0" 0 "status $rc"
expect "disk found and holds the FFS image" 'demo: disk [0-9]+: holds an FFS \(version 1\) file system'
expect "NIC up with the launcher's MAC" 'demo: vif0: mac 00:16:3e:52:58:0a, answering ARP and ping at 10\.0\.0\.10'
expect "dom0's pings answered" 'packets transmitted, ([1-9][0-9]*) packets received, 0% packet loss'
# The demo leaves its disk open: the exit hook logs its counters.
expect "open disk's counters logged at exit" 'info +blkfront: [0-9]+: [0-9]+ requests \([0-9]+ zero-copy, 0 bounced'
expect "hint names what to supply for the full demo" 'RUMP_PREFIX=DIR make run'
exit 0
