#!/bin/sh
# Runs in the emulated host's dom0 (rumpxen host): several Linux PV
# guests through rx-run, one after another. Prints one result line per
# check ("ok - NAME" / "not ok - NAME: WHY"); guest consoles go to
# /root/logs and are shown (prefixed "# ") when a check fails.
# Files: vmlinux, guest.cpio (the test guest), dom0-net.sh.
mkdir -p /root/logs
K=/root/vmlinux
R=/root/guest.cpio

ok() { echo "ok - $1"; }
bad() {
	echo "not ok - $1: $2"
	[ -f "/root/logs/$3" ] && sed 's/^/# /' "/root/logs/$3" | tail -n 25
}
# check NAME LOG WHY COMMAND...: ok when COMMAND succeeds.
check() {
	name=$1 log=$2 why=$3
	shift 3
	if "$@"; then ok "$name"; else bad "$name" "$why" "$log"; fi
}
has() { grep -q -- "$2" "/root/logs/$1"; }
up() { cut -d' ' -f1 /proc/uptime; }
# Per-guest wall time, as a comment line for the results file.
t_start() { t0=$(up); }
t_end() { echo "# time $1: $(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }') s"; }
domains_left() { [ "$(xl list | wc -l)" -eq 2 ]; }

# 1. Everything a normal run does: disks, config, args, network, a dom0
#    script, exit status.
dd if=/dev/zero of=/root/a.img bs=1M count=4 2>/dev/null
printf 'MARKER-FROM-DOM0' | dd of=/root/a.img conv=notrunc 2>/dev/null
dd if=/dev/zero of=/root/b.img bs=1M count=4 2>/dev/null
t_start
rx-run -M 128 -b /root/a.img,ro -b /root/b.img -n xenbr0 -e greeting="hi there" -T 240 \
	--dom0 /root/dom0-net.sh --ramdisk $R $K -- quiet \
	'rxt=args,config.greeting,read.xvda,write.xvdb.WRITTEN-BY-GUEST,net,serve.7000,exit.42' \
	-- "one two" three >/root/logs/full 2>&1
rc=$?
t_end "guest with disks, net and dom0 script"
check "exit status 42 propagates through rx-run" full "status $rc" [ $rc -eq 42 ]
check "guest reads its -e setting from xenstore" full "no config line" has full "rxt: config greeting=hi there"
check "guest arguments reach the guest" full "no args line" has full "rxt: args: \[one two\]\[three\]"
check "guest reads a read-only disk written in dom0" full "no marker" has full "rxt: read xvda: MARKER-FROM-DOM0"
check "dom0 sees what the guest wrote to its disk" full "b.img: $(head -c 16 /root/b.img | tr -d '\000')" \
	[ "$(head -c 16 /root/b.img)" = WRITTEN-BY-GUEST ]
check "guest gets its DHCP address 10.0.0.x" full "no ip line" has full "rxt: ip 10.0.0."
check "dom0 pings the guest" full "no ping" has full "dom0-net: ping ok"
check "TCP exchange between dom0 and the guest" full "no pong" has full "dom0-net: got pong hello-guest"
check "dom0 script sees RX_DOMID and RX_GUEST_IP" full "env missing" has full "dom0-net: domid [0-9]* ip 10.0.0."

# 2. A crash: status 126, the crash report first, then our line.
rx-run -M 128 -T 240 --ramdisk $R $K -- quiet panic=-1 'rxt=print.about-to-crash,crash' >/root/logs/crash 2>&1
rc=$?
check "guest crash gives status 126" crash "status $rc" [ $rc -eq 126 ]
check "crash report then 'guest crashed'" crash "order wrong" \
	sh -c "grep -n -e 'Kernel panic' -e 'guest crashed' /root/logs/crash | cut -d: -f1 | tr '\n' ' ' |
		awk '{ exit !(NF == 2 && \$1 < \$2) }'"

# 3. A guest that never finishes: status 124 after -T, domain gone.
start=$(date +%s)
rx-run -M 128 -T 12 --ramdisk $R $K -- quiet 'rxt=print.hanging,hang' >/root/logs/hang 2>&1
rc=$?
took=$(($(date +%s) - start))
check "timeout gives status 124" hang "status $rc" [ $rc -eq 124 ]
check "timeout is honoured (12 s)" hang "took $took s" [ $took -ge 12 ] && [ $took -le 40 ]
check "no domain left after a timeout" hang "$(xl list | tail -n +3)" domains_left

# 4. Power off without an exit status: 0, said on stderr.
t_start
rx-run -M 128 -T 240 --ramdisk $R $K -- quiet 'rxt=off' >/root/logs/off 2>&1
rc=$?
t_end "minimal guest (boot, power off)"
check "poweroff without a status gives 0" off "status $rc" [ $rc -eq 0 ]
check "poweroff without a status is reported" off "no message" has off "without an exit status"

# 5. A failing --dom0 script fails the run (125) and stops the guest.
printf 'echo "dom0 script failing"\nexit 3\n' >/root/fail.sh
rx-run -M 128 -T 240 --dom0 /root/fail.sh --ramdisk $R $K -- quiet 'rxt=hang' >/root/logs/dom0fail 2>&1
rc=$?
check "failing dom0 script gives 125" dom0fail "status $rc" [ $rc -eq 125 ]
check "failing dom0 script is named" dom0fail "no message" has dom0fail "failed with status 3"
check "no domain left after a dom0 script failure" dom0fail "$(xl list | tail -n +3)" domains_left

# 6. Bad input inside dom0: clear message, 125, nothing created.
rx-run -M 128 /bin/busybox >/root/logs/notpv 2>&1
rc=$?
check "ELF that is not a PV kernel gives 125" notpv "status $rc" [ $rc -eq 125 ]
check "xl create failure is reported" notpv "no message" has notpv "xl create failed"
rx-run -M lots $K >/root/logs/badmem 2>&1
rc=$?
check "bad memory size in rx-run gives 125" badmem "status $rc" [ $rc -eq 125 ]
rx-run -b /root/missing.img $K >/root/logs/nodisk 2>&1
rc=$?
check "missing disk in rx-run gives 125" nodisk "status $rc" [ $rc -eq 125 ] && has nodisk "missing.img"

# 7. --cmdline through rx-run's own option parser: the kernel's command
#    line byte for byte, quotes, backslashes, blanks and dollars included.
line=$(cat <<'LINE'
quiet rxt=cmdline,exit.0 cfg={"name": "rx test", "path": "C:\dir\x", "cost": "$5 and $HOME", "q": 'it s'}
LINE
)
rx-run -M 128 -T 240 --ramdisk $R --cmdline "$line" $K >/root/logs/cmdline 2>&1
rc=$?
check "--cmdline guest exits 0" cmdline "status $rc" [ $rc -eq 0 ]
check "--cmdline reaches the guest verbatim (rx-run)" cmdline "no verbatim cmdline line" \
	grep -qF "rxt: cmdline: [$line]" /root/logs/cmdline
check "no domain left after the batch" notpv "$(xl list | tail -n +3)" domains_left
