#!/bin/bash
# Boot every guest test case and write the suite's result file.
#
# usage: run-suite.sh BUILD_DIR CASES_FILE RESULT_FILE
#
# Boot method (RX_GUEST_BOOT=launcher|direct, default: launcher when
# tools/rumpxen is there): the launcher boots the emulated Xen host once
# and runs every case as a domU with rx-run; the direct method boots
# each guest as dom0 under QEMU (no toolstack: "domu" cases are skipped).
# Cases marked "direct" always boot directly. The direct
# boot needs a Xen hypervisor ELF: $RX_XEN_ELF, or /boot/xen-4.17-amd64.gz,
# or Debian's xen-hypervisor-4.17-amd64 package fetched into a cache
# directory outside the tree.
set -u
build=${1:?build dir}
cases=${2:?cases file}
result=${3:?result file}
logdir=$build/tests/guest/logs
mkdir -p "$logdir" "$(dirname "$result")"
: > "$result"

say() { echo "$*" >> "$result"; echo "$*"; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/rumpxen
find_xen() {
	if [ -n "${RX_XEN_ELF:-}" ] && [ -f "$RX_XEN_ELF" ]; then echo "$RX_XEN_ELF"; return; fi
	if [ -f "$cache/xen.elf" ]; then echo "$cache/xen.elf"; return; fi
	mkdir -p "$cache" || return 1
	local gz=/boot/xen-4.17-amd64.gz
	if [ ! -f $gz ]; then
		(cd "$cache" && rm -rf pkg && mkdir pkg && cd pkg &&
			apt-get download xen-hypervisor-4.17-amd64 >/dev/null 2>&1 &&
			dpkg -x xen-hypervisor-4.17-amd64_*.deb x) || return 1
		gz=$cache/pkg/x/boot/xen-4.17-amd64.gz
	fi
	zcat "$gz" > "$cache/xen.elf.tmp" && mv "$cache/xen.elf.tmp" "$cache/xen.elf" &&
		rm -rf "$cache/pkg" && echo "$cache/xen.elf"
}

# Direct boot as dom0: prints the console to stdout, returns the guest's
# exit status (the exit port gives (status << 1) | 1; 124 on timeout;
# 126 when Xen crashed the domain).
boot_direct() { # xen image mem args...
	local xen=$1 image=$2 mem=$3
	shift 3
	local qmem=$((mem + 96))
	timeout 120 qemu-system-x86_64 -accel tcg -cpu max,-smap,-smep -smp 1 -m $qmem \
		-display none -monitor none -serial stdio -no-reboot -net none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$xen" \
		-append "console=com1 com1=115200,8n1 dom0_mem=${mem}M,max:${mem}M loglvl=all guest_loglvl=all bootscrub=0" \
		-initrd "$image guest $*" </dev/null
	local rc=$?
	[ $rc -eq 124 ] && return 124
	# Xen crashed the domain itself (a crash the guest could not report):
	# it then reboots, which ends QEMU with status 0.
	[ $rc -eq 0 ] && return 126
	[ $((rc & 1)) -eq 1 ] && return $((rc >> 1))
	return 125
}


# One case's verdicts from its console log and exit status.
judge() { # name status-got status-want log want count
	local name=$1 rc=$2 status=$3 log=$4 want=$5 count=$6
	if [ "$rc" -eq "$status" ]; then
		say "ok - $name: exit status $rc"
	else
		say "not ok - $name: exit status $rc, expected $status (see $log)"
	fi
	# The guest's own verdicts (console lines may end in \r).
	tr -d '\r' < "$log" | grep -E '^(ok|not ok|skip) - ' | while IFS= read -r line; do
		case $line in
		"ok - "*) say "ok - $name: ${line#ok - }" ;;
		"not ok - "*) say "not ok - $name: ${line#not ok - }" ;;
		"skip - "*) say "skip - $name: ${line#skip - }" ;;
		esac
	done
	if [ -n "$want" ]; then
		if tr -d '\r' < "$log" | grep -Eq -- "$want"; then
			say "ok - $name: console shows /$want/"
		else
			say "not ok - $name: console lacks /$want/ (see $log)"
		fi
	fi
	if [ -n "$count" ]; then
		local n=${count%%:*} re=${count#*:} got
		got=$(tr -d '\r' < "$log" | grep -Ec -- "$re")
		if [ "$got" -eq "$n" ]; then
			say "ok - $name: $n lines match /$re/"
		else
			say "not ok - $name: $got lines match /$re/, expected $n"
		fi
	fi
}

# Boot method for cases that need no particular one.
launcher=tools/rumpxen
mode=${RX_GUEST_BOOT:-auto}
if [ "$mode" = auto ]; then
	mode=direct
	[ -x "$launcher" ] && [ -f tools/host/host_cmd.py ] && mode=launcher
fi

xen_elf=
have_direct=0
if command -v qemu-system-x86_64 >/dev/null && xen_elf=$(find_xen); then
	have_direct=1
fi

# Cases for the launcher go into one emulated-host boot (a few seconds
# of dom0 start-up shared by all of them); the rest boot directly.
batch=$logdir/batch.sh
files=()
: > "$batch"
declare -A seen
if [ "$mode" = launcher ]; then
	# dom0 halves of cases (their launcher options name them with
	# --dom0 /root/guest/dom0/NAME.sh).
	for f in "$(dirname "$cases")"/dom0/*.sh; do
		[ -f "$f" ] && files+=(--file "$f:/root/guest/dom0/$(basename "$f")")
	done
	while IFS='|' read -r name image status mem where args want count opts; do
		case $name in ''|'#'*) continue ;; esac
		[ "$where" = direct ] && continue
		[ -f "$build/tests/guest/$image" ] || continue
		if [ -z "${seen[$image]:-}" ]; then
			seen[$image]=1
			files+=(--file "$build/tests/guest/$image:/root/guest/$image")
			# Symbols for rx-run's report of crashes the guest cannot
			# report itself.
			if nm -n "$build/tests/guest/$image.dbg" > "$logdir/$image.map" 2>/dev/null; then
				files+=(--file "$logdir/$image.map:/root/guest/$image.map")
			fi
		fi
		sym=
		[ -s "$logdir/$image.map" ] && sym="--symbols /root/guest/$image.map"
		{
			echo "echo '@@rx-case $name begin'"
			echo "rx-run -M $mem -T 120 $sym $opts /root/guest/$image -- $args"
			echo "echo \"@@rx-case $name end rc=\$?\""
		} >> "$batch"
	done < "$cases"
	if [ -s "$batch" ]; then
		echo "# booting the emulated Xen host for $(grep -c '^rx-run' "$batch") guest(s)"
		"$launcher" host -T 1200 --log "$logdir/host.log" "${files[@]}" "$batch" \
			> "$logdir/batch.out" 2>&1
		hostrc=$?
		if [ $hostrc -ne 0 ] && ! grep -q '@@rx-case .* end rc=' "$logdir/batch.out"; then
			say "not ok - guest: emulated Xen host failed (status $hostrc, see $logdir/host.log)"
			mode=launcher-failed
		fi
	fi
fi

while IFS='|' read -r name image status mem where args want count opts; do
	case $name in ''|'#'*) continue ;; esac
	img=$build/tests/guest/$image
	log=$logdir/$name.log
	if [ ! -f "$img" ]; then
		say "not ok - $name: image $img missing"
		continue
	fi
	if [ "$mode" = launcher ] && [ "$where" != direct ]; then
		# This case's slice of the batch output.
		sed -n "/^@@rx-case $name begin/,/^@@rx-case $name end/p" "$logdir/batch.out" > "$log"
		rc=$(sed -n "s/^@@rx-case $name end rc=\([0-9]*\).*/\1/p" "$log" | tr -d '\r')
		if [ -z "$rc" ]; then
			say "not ok - $name: no result from the emulated host (see $logdir/batch.out)"
			continue
		fi
		judge "$name" "$rc" "$status" "$log" "$want" "$count"
		continue
	fi
	if [ "$where" = domu ]; then
		say "skip - $name # needs a domU under the toolstack (launcher not usable here)"
		continue
	fi
	if [ $have_direct -eq 0 ]; then
		say "not ok - $name: cannot boot directly (need qemu-system-x86_64 and a Xen hypervisor)"
		continue
	fi
	start=$(date +%s.%N)
	# Word splitting of args is intended: they are the guest's words.
	# shellcheck disable=SC2086
	boot_direct "$xen_elf" "$img" "$mem" $(echo " $opts" | sed 's/ -e / /g') $args > "$log" 2>&1
	rc=$?
	echo "# $name: exit $rc in $(echo "$(date +%s.%N) - $start" | bc)s (log $log)"
	judge "$name" "$rc" "$status" "$log" "$want" "$count"
done < "$cases"
exit 0
