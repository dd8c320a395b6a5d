#!/bin/sh
# pvh-run.sh: boot one guest image with xl in a Xen dom0, as PVH (or as
# PV with -t pv, for comparison), stream its console to stdout and exit
# with its status. The same protocols as the launcher's rx-run
# (docs/launcher.md): created paused, -e keys written to
# rumpxen/config/ in xenstore, console attached, unpaused; the guest
# writes data/exit-status and powers off; on_poweroff/on_crash preserve
# the domain so its state and status can be read, then it is destroyed.
#
# usage: pvh-run.sh [-t pvh|pv] [-M MiB] [-T SECONDS] [-b FILE[,ro]]...
#                   [-n BRIDGE[,mac=MAC]]... [-e KEY=VALUE]... [--dom0 SCRIPT]
#                   [--main REGEX] IMAGE [-- WORDS...]
# Exit: the guest's status; 124 timeout; 125 bad input or xl failure
# (xl's own message is shown); 126 crash.
# --main REGEX: report on stderr "pvh-run: timing: create->main S,
# create->end S", where main is the first console line matching REGEX
# and end is the domain's shutdown (seconds from before xl create).
# A --dom0 SCRIPT runs after the unpause with RX_DOMID, RX_CONSOLE_IN
# (the console pty) and RX_CONSOLE_LOG set; its failure fails the run.

type=pvh
mem=32
timeout=120
dom0script=
mainre=
watch_pid=
image=
domid=
console_pid=
script_pid=
name=pvh-$$
work=$(mktemp -d /tmp/pvh-run.XXXXXX) || exit 125
: > "$work/disks"
: > "$work/nics"
: > "$work/keys"

say() { echo "pvh-run: $*" >&2; }
cleanup() {
	[ -n "$script_pid" ] && kill "$script_pid" 2>/dev/null
	[ -n "$domid" ] && xl destroy "$domid" >/dev/null 2>&1
	domid=
	if [ -n "$console_pid" ]; then
		n=0
		while kill -0 "$console_pid" 2>/dev/null && [ $n -lt 20 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		kill "$console_pid" 2>/dev/null
		console_pid=
	fi
	rm -rf "$work"
}
fail() {
	say "$*"
	cleanup
	exit 125
}
trap 'cleanup; exit 130' INT TERM HUP

now() { cut -d' ' -f1 /proc/uptime; }

while [ $# -gt 0 ]; do
	case $1 in
	-t) type=$2; shift 2 ;;
	-M) mem=$2; shift 2 ;;
	-T) timeout=$2; shift 2 ;;
	-b) echo "$2" >> "$work/disks"; shift 2 ;;
	-n) echo "$2" >> "$work/nics"; shift 2 ;;
	-e) echo "$2" >> "$work/keys"; shift 2 ;;
	--dom0) dom0script=$2; shift 2 ;;
	--main) mainre=$2; shift 2 ;;
	--) shift; break ;;
	-*) fail "unknown option '$1'" ;;
	*) image=$1; shift ;;
	esac
done
case $type in pvh | pv) ;; *) fail "bad type '$type' (pvh or pv)" ;; esac
[ -n "$image" ] && [ -f "$image" ] || fail "image '$image' not found"

{
	echo "name = \"$name\""
	echo "type = \"$type\""
	echo "kernel = \"$image\""
	echo "memory = $mem"
	echo "vcpus = 1"
	# Under QEMU's TCG, Xen traps TSC reads of HVM-container guests
	# and RDTSCP would fault: let the guest read the TSC itself.
	[ "$type" = pvh ] && echo 'tsc_mode = "native"'
	echo "extra = \"$*\""
	echo 'on_poweroff = "preserve"'
	echo 'on_reboot = "preserve"'
	echo 'on_crash = "preserve"'
	printf 'disk = [ '
	i=0
	while read -r d; do
		file=${d%,ro}
		access=rw
		[ "$file" != "$d" ] && access=ro
		l=$(echo abcdefghijklmnopqrstuvwxyz | cut -c$((i + 1)))
		printf "'format=raw, vdev=xvd%s, access=%s, backendtype=phy, script=block, target=%s', " "$l" "$access" "$file"
		i=$((i + 1))
	done < "$work/disks"
	echo ']'
	printf 'vif = [ '
	while read -r b; do
		case $b in
		*,mac=*) printf "'bridge=%s, mac=%s', " "${b%%,*}" "${b#*,mac=}" ;;
		*) printf "'bridge=%s', " "$b" ;;
		esac
	done < "$work/nics"
	echo ']'
} > "$work/domain.cfg"

t0=$(now)
if ! xl create -p "$work/domain.cfg" > "$work/create.log" 2>&1; then
	cat "$work/create.log" >&2
	fail "xl create failed for '$image'"
fi
domid=$(xl domid "$name" 2>/dev/null)
[ -n "$domid" ] || fail "cannot find the new domain"
# The toolstack's own record of what it built.
xl list -l "$domid" 2>/dev/null | grep -q "\"type\": \"$type\"" ||
	fail "xl does not list domain $domid as type $type"
dompath=/local/domain/$domid
while IFS= read -r kv; do
	xenstore-write "$dompath/rumpxen/config/${kv%%=*}" "${kv#*=}" || fail "xenstore-write failed"
done < "$work/keys"
[ -s "$work/keys" ] && { xenstore-chmod -r "$dompath/rumpxen" n0 "r$domid" || fail "xenstore-chmod failed"; }

mkfifo "$work/console-in" || fail "mkfifo failed"
exec 3<>"$work/console-in"
xl console "$domid" <&3 | tee "$work/console.log" &
console_pid=$!
xl unpause "$domid" || fail "xl unpause failed"
if [ -n "$mainre" ]; then
	# Polled apart from the slow state loop below.
	(
		while ! grep -Eq -- "$mainre" "$work/console.log" 2>/dev/null; do
			[ -d "$work" ] || exit 0
			sleep 0.02
		done
		now > "$work/tmain"
	) &
	watch_pid=$!
fi
if [ -n "$dom0script" ]; then
	RX_DOMID=$domid RX_CONSOLE_IN=$(xenstore-read "$dompath/console/tty" 2>/dev/null) \
		RX_CONSOLE_LOG=$work/console.log sh "$dom0script" >&2 &
	script_pid=$!
fi

deadline=$(($(date +%s) + timeout))
result=
while :; do
	st=$(xl list "$domid" 2>/dev/null | awk 'NR == 2 {print $5}')
	case $st in
	"") fail "domain $domid vanished" ;;
	*c*) result=crash ;;
	*s*) result=shutdown ;;
	esac
	[ -n "$result" ] && break
	if [ "$(date +%s)" -ge "$deadline" ]; then
		cleanup
		say "timeout: guest still running after $timeout s; destroyed"
		exit 124
	fi
	# Wake on any domain's shutdown, or after a second at most.
	timeout 1 xenstore-watch -n 2 @releaseDomain > /dev/null 2>&1
done
tend=$(now)
tmain=
if [ -n "$mainre" ]; then
	# The console may lag the shutdown a little.
	n=0
	while [ ! -s "$work/tmain" ] && [ $n -lt 20 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill "$watch_pid" 2>/dev/null
	tmain=$(cat "$work/tmain" 2>/dev/null)
fi
status=$(xenstore-read "$dompath/data/exit-status" 2>/dev/null)
have_status=$?
if [ -n "$script_pid" ]; then
	wait "$script_pid"
	rc=$?
	script_pid=
	[ $rc -eq 0 ] || fail "dom0 script '$dom0script' failed with status $rc"
fi
if [ "$result" = crash ]; then
	# Xen's own words about the domain, without its save/restore chatter.
	xl dmesg 2>/dev/null | grep -E "d${domid}v|\(d${domid}\)" | grep -Ev " (save|restore): " |
		tail -n 8 | sed 's/^/pvh-run: xen: /' >&2
fi
cleanup
if [ -n "$mainre" ]; then
	if [ -n "$tmain" ]; then
		say "timing: create->main $(echo "$tmain $t0" | awk '{printf "%.2f", $1 - $2}') s, create->end $(echo "$tend $t0" | awk '{printf "%.2f", $1 - $2}') s"
	else
		say "timing: main line /$mainre/ never seen"
	fi
fi
if [ "$result" = crash ]; then
	say "guest crashed"
	exit 126
fi
if [ $have_status -ne 0 ]; then
	say "guest powered off without an exit status"
	exit 0
fi
exit $((status + 0))
