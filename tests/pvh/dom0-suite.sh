# The guest-pvh suite, run in the emulated host's dom0 (rumpxen host):
# the platform's guest tests booted as PVH with pvh-run.sh, one result
# line per check ("ok - ..." / "not ok - ..."), each case's console in
# logs/NAME.log. Files in /root (see run.sh).
cd /root || exit 1
mkdir -p logs
chmod +x gntpeer

# run_case NAME WANT_STATUS REGEX PVH-RUN-ARGS...: boot a guest, check
# its exit status, pass on its own verdict lines, and check that the
# console (with pvh-run's messages) matches REGEX when one is given.
run_case() {
	name=$1 want=$2 re=$3
	shift 3
	log=logs/$name.log
	sh ./pvh-run.sh "$@" > "$log" 2>&1
	rc=$?
	tr -d '\r' < "$log" > "$log.txt"
	awk -v n="$name" '
		/^ok - / { sub(/^ok - /, ""); print "ok - " n ": " $0; next }
		/^not ok - / { sub(/^not ok - /, ""); print "not ok - " n ": " $0; next }
		/^skip - / { sub(/^skip - /, ""); print "skip - " n ": " $0; next }' "$log.txt"
	if [ "$rc" -eq "$want" ]; then
		echo "ok - $name: exit status $rc"
	else
		echo "not ok - $name: exit status $rc, expected $want"
		tail -n 25 "$log.txt" | sed 's/^/# /'
	fi
	[ -z "$re" ] || expect "$name" "$re"
}

# expect NAME REGEX: the last log of case NAME matches REGEX.
expect() {
	if grep -Eq -- "$2" "logs/$1.log.txt"; then
		echo "ok - $1: console shows /$2/"
	else
		echo "not ok - $1: console lacks /$2/"
		tail -n 25 "logs/$1.log.txt" | sed 's/^/# /'
	fi
}

# expect_count NAME N REGEX: exactly N lines match.
expect_count() {
	got=$(grep -Ec -- "$3" "logs/$1.log.txt")
	if [ "$got" -eq "$2" ]; then
		echo "ok - $1: $2 lines match /$3/"
	else
		echo "not ok - $1: $got lines match /$3/, expected $2"
	fi
}

run_case hello 0 '^hello from rumpxen' -M 32 hello -- a b
expect hello '^argv\[2\] = "b"'

run_case platform 0 'platform tests done, 0 failed' -M 64 -T 300 platform -- basic
expect_count platform 400 '^burst [0-9]{3} abcdefghijklmnopqrstuvwxyz0123456789$'
run_case pagefault 126 'CRASH: page fault .*in thread main' -M 32 platform -- pagefault
expect_count pagefault 1 '^  #0 0x[0-9a-f]+ main\+'
# Under PVH the guest reports its own stack overflow: the double fault
# runs on its own stack.
# Memory beyond the boot mapping (1 GiB): mapped by the final tables.
run_case platform-1200m 0 'platform tests done, 0 failed' -M 1200 -T 600 platform -- basic
run_case overflow 126 'CRASH: stack overflow in thread deep at rip 0x[0-9a-f]+ deep[.a-z0-9]*\+0x[0-9a-f]+' \
	-M 32 platform -- overflow
run_case exit-return 7 '' -M 32 platform -- ret7
run_case exit-thread 3 '' -M 32 platform -- exit3
run_case plat-halt 5 '' -M 32 platform -- halt5
run_case config-xenstore 0 '' -M 32 -e greeting=hello_there -e name=cfgtest platform -- config
run_case tls 0 'tls tests done, 0 failed' -M 32 tls
run_case console-in 0 'console-in tests done, 0 failed' -M 32 --dom0 /root/console_in.sh console_in

run_case xenstore 0 '' -M 32 -T 240 xs_client
run_case gnttab-local 0 '' -M 32 gnttab_basic -- local
run_case gnttab-peer 0 '' -M 32 -T 180 --dom0 /root/gntpeer-dom0.sh gnttab_basic -- peer

dd if=/dev/zero of=rw.img bs=1024 count=2048 2>/dev/null
run_case blk-io 0 'blkfront: 51712: .* 1 bounced = 1024 bytes, 1 flushes' -M 32 -T 240 \
	--dom0 /root/vbd-stats-dom0.sh -b /root/rw.img -b /root/ro.img,ro blk_io -- io
if cmp -s rw.img expect_rw.img; then
	echo "ok - blk-io: dom0 finds the written pattern in the disk image"
else
	echo "not ok - blk-io: disk image differs from the written pattern"
fi

run_case net-errors 0 '' -M 16 -T 120 -n xenbr0 net_errors
NET_IP=10.0.0.61
export NET_IP
run_case pingable 0 'pingable: vif0 stats:' -M 16 -T 240 -n xenbr0,mac=00:16:3e:aa:bb:61 \
	--dom0 /root/dom0-ping.sh pingable -- "net.ip=$NET_IP/24"

# Bad input: an image without the PVH entry note. It still boots as PV
# (the note is all that differs); as PVH the toolstack refuses it with
# its own message, at once.
run_case nopvh-as-pv 0 '^hello from rumpxen' -t pv -M 32 hello-nopvh
run_case nopvh-as-pvh 125 'not capable of booting inside a HVM container' -M 32 -T 60 hello-nopvh
exit 0
