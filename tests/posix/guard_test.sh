#!/bin/bash
# Tests of tools/check-no-syscall on objects made here: it must fail on
# each system-call instruction (naming file, member, function, address),
# pass clean code and the hypercall page, and refuse what it cannot read.
# Usage: guard_test.sh WORKDIR RESULTS
set -uo pipefail

work=$1 results=$2
guard=tools/check-no-syscall
rm -rf "$work" && mkdir -p "$work"

pass() { echo "ok - guard: $1" >>"$results"; }
fail() { echo "not ok - guard: $1: $2" >>"$results"; echo "FAIL guard: $1: $2" >&2; }

# asm NAME BODY: assemble a .S into $work/NAME.o
asm() {
	printf '%s\n' "$2" >"$work/$1.S"
	gcc -c "$work/$1.S" -o "$work/$1.o" || { echo "cannot assemble $1" >&2; exit 1; }
}

# expect NAME STATUS PATTERN FILE...: run the guard, check status and that
# its stderr matches PATTERN (an extended regex; empty: anything).
expect() {
	local name=$1 want=$2 pattern=$3
	shift 3
	local err rc
	err=$("$guard" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$name" "exit status $rc, expected $want; said: $(head -2 <<<"$err" | tr '\n' ' ')"
	elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$err"; then
		fail "$name" "output lacks /$pattern/: $(head -2 <<<"$err" | tr '\n' ' ')"
	else
		pass "$name"
	fi
}

asm clean '	.text
	.globl tidy
tidy:	mov $1,%eax
	ret'
asm leaky '	.text
	.globl tidy2
tidy2:	ret
	.globl leaky
leaky:	nop
	nop
	syscall
	ret'
asm enter '	.text
	.globl viaenter
viaenter: sysenter
	.globl viaint
viaint:	int $0x80
	ret'
asm hcall '	.text
	.globl hypercall_page
	.balign 4096
hypercall_page:
	.fill 32, 1, 0xcc
	syscall			/* inside the page: exempt */
	.fill 4096 - 34, 1, 0xcc
	syscall			/* just past the page, same symbol */
	ret'
asm hcallok '	.text
	.globl hypercall_page
hypercall_page:
	mov $1,%eax
	syscall
	ret'

expect "clean object passes" 0 "" "$work/clean.o"
# Where the instruction is, by objdump's own account.
addr=$(objdump -d "$work/leaky.o" | awk '/\tsyscall/ { sub(/:$/, "", $1); print $1 }')
expect "syscall instruction fails, naming function and address" 1 \
	"leaky\.o: syscall in leaky at 0x0*$addr\$" "$work/leaky.o"
expect "sysenter fails too" 1 "sysenter in viaenter.*" "$work/enter.o"
expect "int \$0x80 is named" 1 'int +\$0x80 in viaint' "$work/enter.o"

rm -f "$work/lib.a" && ar rcs "$work/lib.a" "$work/clean.o" "$work/leaky.o"
expect "archive: the member is named" 1 'lib\.a\(leaky\.o\): syscall in leaky' "$work/lib.a"
expect "several files: one bad one fails the run" 1 "leaky" "$work/clean.o" "$work/leaky.o"

ld -o "$work/image" -e leaky "$work/clean.o" "$work/leaky.o" 2>/dev/null ||
	{ fail "linked image" "cannot link"; }
[ -f "$work/image" ] && expect "linked image fails, naming function" 1 "image: syscall in leaky at 0x" "$work/image"

expect "hypercall page is exempt" 0 "" "$work/hcallok.o"
expect "past the 4096-byte hypercall page is not" 1 "syscall in hypercall_page at 0x0*1000\$" "$work/hcall.o"

printf 'not an object\n' >"$work/text.o"
expect "unreadable input is an error, not a pass" 2 "not an object|objdump failed" "$work/text.o"
expect "missing file is an error" 2 "no such file" "$work/none.o"
expect "no arguments is a usage error" 2 "usage" 
