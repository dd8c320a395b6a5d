#!/bin/bash
# launcher-e2e: the launcher on the emulated Xen host with Linux PV
# guests. Three host boots: one `rumpxen host` running a batch of
# rx-run guests, then two true `rumpxen run` invocations (status and
# disk, timeout), plus an interrupted one.
# usage: e2e.sh RESULTS_FILE WORKDIR
set -u
results=${1:?usage: e2e.sh RESULTS_FILE WORKDIR}
work=${2:?usage: e2e.sh RESULTS_FILE WORKDIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rumpxen=$top/tools/rumpxen
mkdir -p "$work" "$(dirname "$results")"
work=$(cd "$work" && pwd)
: >"$results"

ok() { echo "ok - $1" >>"$results"; }
bad() { echo "not ok - $1: $2" >>"$results"; }
# True when no QEMU names this log on its command line (ours only).
# The [q] keeps the pattern from matching a shell that carries it.
no_qemu() { ! pgrep -f "[q]emu-system-x86_64.*$1" >/dev/null; }
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then ok "$name"; else bad "$name" "$why"; fi
}

if ! host=$("$top/tools/emuhost/assemble.sh"); then
	bad "assemble the emulated Xen host" "assemble.sh failed"
	exit 0
fi
kernel=$host/vmlinux
if ! "$here/guest/make-initrd.sh" "$host" "$work/guest.cpio"; then
	bad "build the test guest initramfs" "make-initrd.sh failed"
	exit 0
fi

# Milestones of each boot (dom0_ready etc.) go to the results as comments.
export RUMPXEN_TIMING=$work/timing
rm -f "$RUMPXEN_TIMING"

# Boot 1: the batch in one dom0.
start=$SECONDS
"$rumpxen" host -T 900 --log "$work/batch-host.log" --file "$kernel:vmlinux" \
	--file "$work/guest.cpio:guest.cpio" --file "$here/dom0-net.sh:dom0-net.sh" \
	"$here/dom0-batch.sh" >"$work/batch.out" 2>"$work/batch.err"
rc=$?
grep -E '^(ok|not ok) - |^# time ' "$work/batch.out" >>"$results"
check "rumpxen host runs the batch script (status 0)" "status $rc; $(tail -n 3 "$work/batch.err" | tr '\n' ' ')" [ $rc -eq 0 ]
check "the batch reported all its checks" "$(grep -cE '^(ok|not ok) - ' "$work/batch.out") lines" \
	[ "$(grep -cE '^(ok|not ok) - ' "$work/batch.out")" -ge 26 ]
echo "# batch: $((SECONDS - start)) s" >>"$results"

# Boot 2: rumpxen run, status, a host disk file written by the guest, and
# a command line the guest must see verbatim (--cmdline: quotes,
# backslashes, blanks, dollars, as another unikernel's JSON would be).
dd if=/dev/zero of="$work/disk.img" bs=1M count=4 2>/dev/null
line=$(cat <<'LINE'
quiet rxt=print.hello-run,cmdline,write.xvda.HOST-FILE-WRITTEN,exit.7 cfg={"name": "rx test", "path": "C:\dir\x", "cost": "$5 and $HOME", "q": 'it s'}
LINE
)
start=$SECONDS
"$rumpxen" run -M 128 -T 240 -b "$work/disk.img" --log "$work/run-host.log" --ramdisk "$work/guest.cpio" \
	--cmdline "$line" "$kernel" >"$work/run.out" 2>"$work/run.err"
rc=$?
check "rumpxen run propagates exit status 7" "status $rc; $(tail -n 3 "$work/run.err" | tr '\n' ' ')" [ $rc -eq 7 ]
check "rumpxen run streams the guest console to stdout" "no hello line" grep -q 'rxt: hello-run' "$work/run.out"
check "rumpxen run --cmdline reaches the guest verbatim" "$(grep 'rxt: cmdline' "$work/run.out")" \
	grep -qF "rxt: cmdline: [$line]" "$work/run.out"
check "rumpxen run keeps host chatter off stdout" "Xen lines on stdout" \
	bash -c "! grep -q '(XEN)' '$work/run.out'"
check "guest writes reach the host disk file" "$(head -c 17 "$work/disk.img" | tr -d '\0')" \
	[ "$(head -c 17 "$work/disk.img")" = HOST-FILE-WRITTEN ]
check "no QEMU left after rumpxen run" "QEMU still running" no_qemu "$work/run-host.log"
echo "# run: $((SECONDS - start)) s" >>"$results"

# Boot 3: rumpxen run with a guest that never exits.
start=$SECONDS
"$rumpxen" run -M 128 -T 15 --log "$work/hang-host.log" --ramdisk "$work/guest.cpio" \
	"$kernel" -- quiet 'rxt=hang' >"$work/hang.out" 2>"$work/hang.err"
rc=$?
check "rumpxen run -T gives 124 for a guest that never exits" "status $rc" [ $rc -eq 124 ]
check "the timeout is reported" "no message" grep -q 'timeout' "$work/hang.err"
check "no QEMU left after a timeout" "QEMU still running" no_qemu "$work/hang-host.log"
echo "# timeout run: $((SECONDS - start)) s" >>"$results"

# Interrupt: SIGINT while dom0 boots; nothing may stay behind.
"$rumpxen" run -M 128 --log "$work/int-host.log" --ramdisk "$work/guest.cpio" "$kernel" -- quiet 'rxt=hang' \
	>"$work/int.out" 2>"$work/int.err" &
pid=$!
n=0
until ! no_qemu "$work/int-host.log" || [ $n -ge 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
sleep 3
kill -INT $pid
wait $pid
rc=$?
check "Ctrl-C stops rumpxen run with 130" "status $rc" [ $rc -eq 130 ]
sleep 1
check "no QEMU left after Ctrl-C" "QEMU still running" no_qemu "$work/int-host.log"
sed 's/^/# boot: /' "$RUMPXEN_TIMING" >>"$results"
exit 0
