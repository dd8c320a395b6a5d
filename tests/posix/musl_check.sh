#!/bin/bash
# Checks of the built musl (suite musl).
# Usage: musl_check.sh MUSL_DIR GEN_DIR PACKAGE=VERSION RESULTS
#   MUSL_DIR  what posix/musl.mk built (lib/, include/, obj/)
#   GEN_DIR   the layer's generated numbering (posix/linux_sysnr.h)
set -uo pipefail

musl=$1 gen=$2 request=$3 results=$4
lib=$musl/lib/libc.a
work=$musl/check
rm -rf "$work" && mkdir -p "$work"

pass() { echo "ok - musl: $1" >>"$results"; }
fail() { echo "not ok - musl: $1: $2" >>"$results"; echo "FAIL musl: $1: $2" >&2; }
check() { # NAME CONDITION-COMMAND... (why on failure comes from $why)
	local name=$1
	shift
	why=
	if "$@"; then pass "$name"; else fail "$name" "${why:-failed}"; fi
}

# Writes below %rsp (the red zone): an event upcall on the same stack
# may overwrite them. Prints the offending lines.
red_zone_uses() {
	objdump -d "$1" | grep -E -- '-0x[0-9a-f]+\(%rsp\)'
}

members_calling() { # archive symbol: the members with an undefined reference
	nm -A "$1" 2>/dev/null | awk -v s="$2" '$(NF-1) == "U" && $NF == s { split($1, p, ":"); print p[2] }' | sort -u
}

guard_clean() {
	why=$(tools/check-no-syscall "$lib" "$musl"/lib/*crt*.o 2>&1) && return 0
	why=$(head -3 <<<"$why" | tr '\n' ' ')
	return 1
}
check "no system-call instruction in libc.a or the crt objects" guard_clean

pristine=$(tools/debsrc "$request" 2>/dev/null) || pristine=
guard_catches_musl() {
	[ -n "$pristine" ] || { why="tools/debsrc $request failed"; return 1; }
	gcc -c "$pristine/src/thread/x86_64/clone.s" -o "$work/clone-musl.o" || { why="cannot assemble"; return 1; }
	local out
	out=$(tools/check-no-syscall "$work/clone-musl.o" 2>&1)
	[ $? -eq 1 ] && grep -q 'syscall in __clone' <<<"$out" && return 0
	why="guard passed musl's own clone.s: $out"
	return 1
}
check "the guard fails on musl's own clone.s" guard_catches_musl

overlay_routed() {
	local m missing=
	for m in __set_thread_area.o clone.o syscall_cp.o __unmapself.o restore.o vfork.o; do
		members_calling "$lib" __rx_syscall | grep -qx "$m" || missing="$missing $m"
	done
	[ -z "$missing" ] && return 0
	why="no call to __rx_syscall in:$missing"
	return 1
}
check "each replaced assembly file calls __rx_syscall" overlay_routed

c_routed() {
	local n
	n=$(members_calling "$lib" __rx_syscall | wc -l)
	# write.o, writev.o and getrandom.o reach it through __syscall_cp; these call
	# it directly.
	for m in getpid.o uname.o clock_gettime.o getuid.o arch_prctl.o; do
		members_calling "$lib" __rx_syscall | grep -qx "$m" || { why="$m does not call __rx_syscall"; return 1; }
	done
	[ "$n" -gt 200 ] || { why="only $n members call __rx_syscall"; return 1; }
}
check "musl's C system calls go to __rx_syscall (syscall_arch.h)" c_routed

no_vdso() {
	local m
	m=$(members_calling "$lib" __vdsosym | tr '\n' ' ')
	[ -z "$m" ] && return 0
	why="vDSO lookups remain in: $m"
	return 1
}
check "no vDSO lookup (clock_gettime calls the layer)" no_vdso

no_red_zone() {
	local uses
	uses=$(red_zone_uses "$lib")
	[ -z "$uses" ] && return 0
	why="$(wc -l <<<"$uses") writes below %rsp: $(head -2 <<<"$uses" | tr '\n' ' ')"
	return 1
}
check "no code in libc.a uses the red zone" no_red_zone

red_zone_check_works() {
	[ -n "$pristine" ] || { why="tools/debsrc $request failed"; return 1; }
	gcc -c "$pristine/src/fenv/x86_64/fenv.s" -o "$work/fenv-musl.o" || { why="cannot assemble"; return 1; }
	[ -n "$(red_zone_uses "$work/fenv-musl.o")" ] && return 0
	why="the red-zone scan found nothing in musl's own fenv.s"
	return 1
}
check "the red-zone scan finds musl's own fenv.s" red_zone_check_works

same_numbers() {
	local ours=$gen/posix/linux_sysnr.h theirs=$musl/include/bits/syscall.h bad
	bad=$(awk 'FNR == NR { if ($1 == "#define") nr[$2] = $3; next }
		$1 == "#define" && $2 ~ /^__NR_/ {
			name = substr($2, 6); n++
			if (nr["LX_SYS_" name] != $3) print name ": musl " $3 ", layer " nr["LX_SYS_" name]
		}
		END { if (n < 300) print "only " n " numbers in musl" }' "$ours" "$theirs")
	[ -z "$bad" ] && return 0
	why=$(head -3 <<<"$bad" | tr '\n' ' ')
	return 1
}
check "musl's system-call numbers are the layer's" same_numbers

outputs() {
	local f
	for f in lib/libc.a lib/crt1.o lib/crti.o lib/crtn.o include/stdio.h include/pthread.h \
		include/bits/alltypes.h include/bits/syscall.h; do
		[ -s "$musl/$f" ] || { why="missing $f"; return 1; }
	done
}
check "libc.a, crt objects and headers are in place" outputs
