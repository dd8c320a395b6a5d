#!/bin/bash
# Tests of rumpxen build (suite "build-tool"): bad input must fail with a
# clear message and the right status; a platform-only hello must link;
# a fake rump kernel must link whole, keep its link sets, and a missing
# hypercall must be named. With RUMP_PREFIX set, a real rump kernel app
# is built (and booted when the launcher is there).
#
# usage: run.sh RESULT_FILE WORK_DIR
set -u
result=${1:?result file}
work=${2:?work dir}
here=$(cd "$(dirname "$0")" && pwd)
tool=$here/../rumpxen-build
# Exit statuses from the launcher's one table (RX_EXIT_ERROR, ...).
eval "$(python3 "$here/../../host/exits.py" sh)" || exit 1
cc=${GUEST_CC:-gcc}
rm -rf "$work" && mkdir -p "$work" "$(dirname "$result")" || exit 1
: > "$result"
say() { echo "$*" >> "$result"; echo "$*"; }

# expect NAME STATUS REGEX -- command...: status and stderr must match
expect() {
	local name=$1 want=$2 re=$3
	shift 4
	"$@" > "$work/out" 2> "$work/err"
	local rc=$?
	if [ $rc -ne "$want" ]; then
		say "not ok - $name: status $rc, expected $want ($(head -c 200 "$work/err" | tr '\n' ' '))"
	elif ! grep -Eq -- "$re" "$work/err"; then
		say "not ok - $name: message lacks /$re/: $(head -c 200 "$work/err" | tr '\n' ' ')"
	else
		say "ok - $name"
	fi
}

cat > "$work/hello.c" <<'C'
#include <core/log.h>
int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	console_printf("hello from rumpxen build\n");
	return 0;
}
C
cat > "$work/rumpapp.c" <<'C'
#include <core/log.h>
int rump_init(void);
int main(void)
{
	int rc = rump_init();
	console_printf("rump_init returned %d\n", rc);
	return rc == 0 ? 0 : 1;
}
C

# --- usage and input errors ---
expect "no output image" "$RX_EXIT_ERROR" "no output image" -- "$tool" "$work/hello.c"
expect "no input files" "$RX_EXIT_ERROR" "no input files" -- "$tool" -o "$work/x"
expect "missing input file" "$RX_EXIT_ERROR" "nothere.c: no such file" -- "$tool" -o "$work/x" "$work/nothere.c"
expect "unknown input kind" "$RX_EXIT_ERROR" "not a .c, .o or .a" -- "$tool" -o "$work/x" "$work/hello.txt"
expect "component without a prefix" "$RX_EXIT_ERROR" "need a rump kernel" -- \
	env -u RUMP_PREFIX "$tool" -l fs_ffs -o "$work/x" "$work/hello.c"

# --- prefixes that are not rump kernel installations ---
mkdir -p "$work/empty"
expect "prefix without headers" "$RX_EXIT_ERROR" "include/rump/rump.h missing" -- \
	"$tool" --rump "$work/empty" -o "$work/x" "$work/hello.c"
expect "prefix that does not exist" "$RX_EXIT_ERROR" "no such directory" -- \
	"$tool" --rump "$work/nowhere" -o "$work/x" "$work/hello.c"
mkdir -p "$work/nolib/include/rump" "$work/nolib/lib"
: > "$work/nolib/include/rump/rump.h"
expect "prefix without librump.a" "$RX_EXIT_ERROR" 'component "rump" missing' -- \
	"$tool" --rump "$work/nolib" -o "$work/x" "$work/hello.c"
expect "RUMP_PREFIX works like --rump" "$RX_EXIT_ERROR" 'component "rump" missing' -- \
	env RUMP_PREFIX="$work/nolib" "$tool" -o "$work/x" "$work/hello.c"

# --- wrong architectures ---
mkdir -p "$work/i386/include/rump" "$work/i386/lib" "$work/data/include/rump" "$work/data/lib"
: > "$work/i386/include/rump/rump.h"
: > "$work/data/include/rump/rump.h"
echo 'int rumpns_f(void) { return 1; }' > "$work/f.c"
if "$cc" -m32 -c "$work/f.c" -o "$work/f32.o" 2>/dev/null; then
	ar rcs "$work/i386/lib/librump.a" "$work/f32.o"
	expect "i386 rump archive refused" "$RX_EXIT_ERROR" "librump.a: rump kernel archive is not elf64-x86-64.*elf32-i386" -- \
		"$tool" --rump "$work/i386" -o "$work/x" "$work/hello.c"
	expect "i386 application object refused" "$RX_EXIT_ERROR" "f32.o: object is not elf64-x86-64" -- \
		"$tool" -o "$work/x" "$work/f32.o"
else
	say "skip - i386 rump archive refused # compiler cannot build -m32 objects"
	say "skip - i386 application object refused # compiler cannot build -m32 objects"
fi
echo "not an object" > "$work/notes.o"
ar rcs "$work/data/lib/librump.a" "$work/notes.o"
expect "archive of a data file refused" "$RX_EXIT_ERROR" "librump.a: rump kernel archive is not elf64-x86-64.*not recognized" -- \
	"$tool" --rump "$work/data" -o "$work/x" "$work/hello.c"

# --- a fake rump kernel: links whole, keeps link sets, names missing hypercalls ---
fake=$work/fake
mkdir -p "$fake/include/rump" "$fake/lib"
: > "$fake/include/rump/rump.h"
cat > "$work/fake_rump.c" <<'C'
/* stands in for librump: one component in a link set, hypercalls used */
struct rumpuser_hyperup;
int rumpuser_init(int, const struct rumpuser_hyperup *);
int rumpuser_getparam(const char *, void *, unsigned long);
static const int component = 42;
__attribute__((used, section("link_set_rump_components")))
static const int *const component_ptr = &component;
/* the kernel walks its link sets between linker-made bounds */
extern const int *const __start_link_set_rump_components[];
extern const int *const __stop_link_set_rump_components[] __attribute__((weak));
extern const int *const __start_link_set_modules[];
extern const int *const __stop_link_set_modules[] __attribute__((weak));
extern int rumpns_ffs_ctor_ran;
int rump_init(void)
{
	char buf[8];
	if (!rumpns_ffs_ctor_ran)
		return 100; /* constructors must run before main */
	long n = (__stop_link_set_rump_components - __start_link_set_rump_components) +
		 (__stop_link_set_modules - __start_link_set_modules);
	return rumpuser_getparam("_RUMPUSER_NCPU", buf, sizeof(buf)) + (n == 2 ? 0 : 1);
}
C
cat > "$work/fake_ffs.c" <<'C'
/* a component nobody references by name: only --whole-archive keeps it */
int rumpns_ffs_ctor_ran;
__attribute__((constructor)) static void ffs_ctor(void) { rumpns_ffs_ctor_ran = 1; }
static const int ffs = 7;
__attribute__((used, section("link_set_modules")))
static const int *const ffs_ptr = &ffs;
C
"$cc" -O2 -fno-pic -fno-pie -mcmodel=small -ffreestanding -c "$work/fake_rump.c" -o "$work/fake_rump.o"
"$cc" -O2 -fno-pic -fno-pie -mcmodel=small -ffreestanding -c "$work/fake_ffs.c" -o "$work/fake_ffs.o"
ar rcs "$fake/lib/librump.a" "$work/fake_rump.o"
ar rcs "$fake/lib/librumpfs_ffs.a" "$work/fake_ffs.o"
expect "missing component named" "$RX_EXIT_ERROR" 'component "vfs" missing .*librumpvfs.a' -- \
	"$tool" --rump "$fake" -l vfs -o "$work/x" "$work/rumpapp.c"

if "$tool" --rump "$fake" -l fs_ffs -o "$work/fakeapp" "$work/rumpapp.c" > "$work/out" 2> "$work/err"; then
	syms=$(nm "$work/fakeapp.dbg")
	if grep -q ' __start_link_set_rump_components$' <<< "$syms" &&
		grep -q ' __start_link_set_modules$' <<< "$syms" &&
		[ "$(grep -c ' __st\(art\|op\)_link_set_\(modules\|rump_components\)$' <<< "$syms")" -eq 4 ] &&
		! grep -q ' [wv] __stop_link_set' <<< "$syms" &&
		grep -q ' T rumpuser_getparam$' <<< "$syms"; then
		say "ok - fake rump kernel links whole with link sets and hypercalls"
	else
		say "not ok - fake rump kernel links whole with link sets and hypercalls: link set or hypercall missing in the image"
	fi
else
	say "not ok - fake rump kernel links whole with link sets and hypercalls: $(head -c 300 "$work/err" | tr '\n' ' ')"
fi

# Boot it as the only domain on Xen under QEMU (no toolstack needed).
boot_direct() { # image -> console on stdout, guest exit status as ours
	local cache=${XDG_CACHE_HOME:-$HOME/.cache}/rumpxen xen=${RX_XEN_ELF:-}
	[ -n "$xen" ] || { [ -f "$cache/xen.elf" ] && xen=$cache/xen.elf; }
	# The emulated host (tools/setup assembles it) carries the same hypervisor.
	[ -n "$xen" ] || xen=$(ls "$cache"/hosts/*/xen.elf 2> /dev/null | head -n 1)
	[ -n "$xen" ] && command -v qemu-system-x86_64 > /dev/null || return 200
	timeout 120 qemu-system-x86_64 -accel tcg -cpu max,-smap,-smep -smp 1 -m 96 \
		-display none -monitor none -serial stdio -no-reboot -net none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$xen" \
		-append "console=com1 com1=115200,8n1 dom0_mem=32M,max:32M bootscrub=0" \
		-initrd "$1 app" < /dev/null | tr -d '\r'
	local rc=${PIPESTATUS[0]}
	[ $((rc & 1)) -eq 1 ] && return $((rc >> 1))
	return 201
}
if [ -f "$work/fakeapp" ]; then
	boot_direct "$work/fakeapp" > "$work/fakeapp.log" 2>&1
	rc=$?
	if [ $rc -eq 200 ]; then
		say "skip - fake rump kernel app boots: constructors, link sets, hypercalls # no Xen ELF or QEMU"
	elif [ $rc -eq 0 ] && grep -q 'rump_init returned 0' "$work/fakeapp.log"; then
		say "ok - fake rump kernel app boots: constructors, link sets, hypercalls"
	else
		say "not ok - fake rump kernel app boots: constructors, link sets, hypercalls: status $rc, $(grep 'rump_init returned' "$work/fakeapp.log")"
	fi
fi

cat > "$work/bad_rump.c" <<'C'
int rumpuser_frobnicate(int);
int rump_init(void) { return rumpuser_frobnicate(1); }
C
mkdir -p "$work/bad/include/rump" "$work/bad/lib"
: > "$work/bad/include/rump/rump.h"
"$cc" -O2 -fno-pic -fno-pie -ffreestanding -c "$work/bad_rump.c" -o "$work/bad_rump.o"
ar rcs "$work/bad/lib/librump.a" "$work/bad_rump.o"
expect "missing hypercall named" "$RX_EXIT_FAILED" "missing hypercall: rumpuser_frobnicate" -- \
	"$tool" --rump "$work/bad" -o "$work/x" "$work/rumpapp.c"
printf "int no_such_function(void);\nint main(void) { return no_such_function(); }\n" > "$work/undef.c"
expect "application's own undefined symbol named" "$RX_EXIT_FAILED" "undefined symbol: no_such_function" -- \
	"$tool" -o "$work/x" "$work/undef.c"

# --- a platform-only application ---
if "$tool" -o "$work/hello" "$work/hello.c" > "$work/out" 2> "$work/err" &&
	readelf -n "$work/hello" 2>/dev/null | grep -q 'Xen' &&
	readelf -h "$work/hello" | grep -q 'ELF64'; then
	say "ok - platform-only hello builds into a Xen ELF image ($(stat -c %s "$work/hello") bytes)"
else
	say "not ok - platform-only hello builds into a Xen ELF image: $(head -c 300 "$work/err" | tr '\n' ' ')"
fi

# --- a real rump kernel ---
if [ -z "${RUMP_PREFIX:-}" ]; then
	say "skip - rump_init() app built against a real rump kernel # no RUMP_PREFIX"
	say "skip - rump_init() app boots and returns 0 # no RUMP_PREFIX"
else
	# The kernel's own public headers, as applications use them (no
	# hand-written prototypes): they need BSD and POSIX types from libc.
	cat > "$work/rumphdr.c" <<'C'
#include <sys/types.h>
#include <stdio.h>
#include <rump/rump.h>
#include <rump/rumpdefs.h>
#include <rump/rump_syscalls.h>
int main(void)
{
	int rc = rump_init();
	printf("rump_init returned %d, pid %d\n", rc, (int)rump_sys_getpid());
	return rc;
}
C
	if "$tool" -o "$work/rumphdr" "$work/rumphdr.c" > "$work/out" 2> "$work/err"; then
		say "ok - app including rump.h and rump_syscalls.h builds"
	else
		say "not ok - app including rump.h and rump_syscalls.h builds: $(grep -m2 error "$work/err" | tr '\n' ' ')"
	fi
	if "$tool" -o "$work/rumpapp" "$work/rumpapp.c" > "$work/out" 2> "$work/err"; then
		say "ok - rump_init() app built against a real rump kernel"
		boot_direct "$work/rumpapp" > "$work/boot.log" 2>&1
		rc=$?
		if [ $rc -eq 200 ]; then
			say "skip - rump_init() app boots and returns 0 # no Xen ELF or QEMU"
		elif [ $rc -eq 0 ] && grep -q 'rump_init returned 0' "$work/boot.log"; then
			say "ok - rump_init() app boots and returns 0"
		else
			say "not ok - rump_init() app boots and returns 0: status $rc (see $work/boot.log)"
		fi
	else
		say "not ok - rump_init() app built against a real rump kernel: $(head -c 300 "$work/err" | tr '\n' ' ')"
		say "not ok - rump_init() app boots and returns 0: not built"
	fi
fi
exit 0
