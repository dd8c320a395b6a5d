#!/bin/bash
# launcher-args: argument handling and host-side pieces of the
# launcher, without booting anything (fast).
# usage: args.sh RESULTS_FILE WORKDIR
set -u
results=${1:?usage: args.sh RESULTS_FILE WORKDIR}
work=${2:?usage: args.sh RESULTS_FILE WORKDIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rumpxen=$top/tools/rumpxen
rxrun=$top/tools/dom0/rx-run
mkdir -p "$work" "$(dirname "$results")"
work=$(cd "$work" && pwd)
: >"$results"

ok() { echo "ok - $1" >>"$results"; }
bad() { echo "not ok - $1: $2" >>"$results"; }

# A tiny valid ELF (the host's own true) and a host directory without
# Xen, so nothing here can boot even when the input is accepted.
elf=$(type -P true)
fakehost=$work/fakehost
rm -rf "$fakehost"
mkdir -p "$fakehost"
export RUMPXEN_HOST_DIR=$fakehost
# Our own temporary directory: afterwards it must be empty.
export TMPDIR=$work/tmp
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
# rx-run's tables (exit statuses, the generated option parser), as the
# launcher puts them into dom0.
python3 "$top/tools/host/dom0_tables.py" >"$work/tables.sh"
export RX_TABLES=$work/tables.sh

# expect NAME STATUS PATTERN COMMAND...: COMMAND exits with STATUS and
# its stderr matches PATTERN (grep -E), within 20 seconds.
expect() {
	local name=$1 want=$2 pattern=$3
	shift 3
	local err=$work/stderr
	timeout 20 "$@" >/dev/null 2>"$err" </dev/null
	local rc=$?
	if [ $rc -ne "$want" ]; then
		bad "$name" "status $rc, want $want: $(head -n 2 "$err" | tr '\n' ' ')"
	elif ! grep -qE -- "$pattern" "$err"; then
		bad "$name" "stderr lacks /$pattern/: $(head -n 2 "$err" | tr '\n' ' ')"
	else
		ok "$name"
	fi
}

printf 'not an elf\n' >"$work/text.img"
dd if=/dev/zero of="$work/disk.img" bs=1k count=64 2>/dev/null
printf 'exit 0\n' >"$work/script.sh"

for tool in run rx-run; do
	if [ $tool = run ]; then cmd=("$rumpxen" run); else cmd=(sh "$rxrun"); fi
	expect "$tool: no image" 125 "no IMAGE" "${cmd[@]}"
	expect "$tool: missing image" 125 "not found" "${cmd[@]}" "$work/nope"
	expect "$tool: image that is not ELF" 125 "not an ELF" "${cmd[@]}" "$work/text.img"
	expect "$tool: memory not a number" 125 "bad memory size" "${cmd[@]}" -M lots "$elf"
	expect "$tool: memory zero" 125 "bad memory size" "${cmd[@]}" -M 0 "$elf"
	expect "$tool: memory negative" 125 "bad memory size|unknown option" "${cmd[@]}" -M -4 "$elf"
	expect "$tool: missing memory value" 125 "needs an argument" "${cmd[@]}" -M
	expect "$tool: bad timeout" 125 "bad timeout" "${cmd[@]}" -T 1.5 "$elf"
	expect "$tool: missing disk file" 125 "nope.img" "${cmd[@]}" -b "$work/nope.img" "$elf"
	expect "$tool: disk that is a directory" 125 "$work" "${cmd[@]}" -b "$work" "$elf"
	expect "$tool: bad MAC" 125 "bad MAC" "${cmd[@]}" -n xenbr0,mac=00:11:22 "$elf"
	expect "$tool: bad NIC option" 125 "bad NIC" "${cmd[@]}" -n xenbr0,speed=10 "$elf"
	expect "$tool: setting without =" 125 "bad setting" "${cmd[@]}" -e novalue "$elf"
	expect "$tool: bad key characters" 125 "bad (setting|key)" "${cmd[@]}" -e 'a/b=1' "$elf"
	expect "$tool: key too long" 125 "63" "${cmd[@]}" -e "$(printf 'k%.0s' $(seq 64))=1" "$elf"
	expect "$tool: value too long" 125 "255" "${cmd[@]}" -e "k=$(printf 'v%.0s' $(seq 256))" "$elf"
	expect "$tool: unknown option" 125 "unknown option" "${cmd[@]}" --frobnicate 1 "$elf"
	expect "$tool: missing dom0 script" 125 "dom0 script" "${cmd[@]}" --dom0 "$work/nope.sh" "$elf"
	expect "$tool: words after IMAGE without --" 125 "unexpected argument" "${cmd[@]}" "$elf" stray
done
expect "run: bad --host" 125 "bad --host" "$rumpxen" run --host cloud "$elf"
expect "run: --host xen without xl" 125 "xl not found" env PATH=/usr/bin:/bin "$rumpxen" run --host xen "$elf"
expect "rx-run: valid input but no Xen toolstack" 125 "xl create failed|not found" \
	env PATH=/usr/bin:/bin sh "$rxrun" -M 16 -b "$work/disk.img" -e k=v "$elf" -- a "b c"
# --host xen: the spec and tables go to rx-run on this machine; a fake
# xl keeps the config it is given and refuses it.
mkdir -p "$work/fakexl"
cat >"$work/fakexl/xl" <<EOF
#!/bin/sh
[ "\$1" = create ] && cp "\$3" "$work/xl-seen.cfg"
echo "fake xl: no hypervisor here" >&2
exit 1
EOF
chmod +x "$work/fakexl/xl"
rm -f "$work/xl-seen.cfg"
expect "run --host xen: rx-run runs the spec here (a fake xl refuses it)" 125 "xl create failed" \
	env PATH="$work/fakexl:/usr/bin:/bin" "$rumpxen" run --host xen -M 16 --cmdline 'a "b" \c $d' "$elf"
if grep -qxF 'extra = "a \"b\" \\c $d"' "$work/xl-seen.cfg" 2>/dev/null &&
	grep -qxF 'memory = 16' "$work/xl-seen.cfg"; then
	ok "run --host xen: xl gets the command line escaped for its config syntax"
else
	bad "run --host xen: xl gets the command line escaped for its config syntax" \
		"$(grep extra "$work/xl-seen.cfg" 2>&1)"
fi

# Host problems are reported before or instead of a boot.
expect "run: Xen hypervisor missing" 125 "Xen hypervisor missing" "$rumpxen" run "$elf"
: >"$fakehost/xen.elf"
: >"$fakehost/vmlinux"
: >"$fakehost/dom0-base.cpio"
expect "run: QEMU missing" 125 "QEMU not found" env RUMPXEN_QEMU="$work/no-qemu" "$rumpxen" run "$elf"
expect "host: missing script" 125 "not found" "$rumpxen" host "$work/nope.sh"
expect "host: missing --file" 125 "not found" "$rumpxen" host --file "$work/nope:x" "$work/script.sh"
expect "host: bad -T" 125 "-T" "$rumpxen" host -T 0 "$work/script.sh"
expect "host: unknown option" 125 "unrecognized|usage" "$rumpxen" host --frobnicate "$work/script.sh"
expect "rumpxen: unknown command" 125 "usage" "$rumpxen" frobnicate
if [ -x "$top/tools/build/rumpxen-build" ]; then
	# Dispatch: same output and status as calling the build tool itself.
	a=$(timeout 20 "$rumpxen" build --help 2>&1; echo "status $?")
	b=$(timeout 20 "$top/tools/build/rumpxen-build" --help 2>&1; echo "status $?")
	if [ "$a" = "$b" ]; then ok "rumpxen build dispatches to tools/build/rumpxen-build"; else
		bad "rumpxen build dispatches to tools/build/rumpxen-build" "output differs"; fi
else
	expect "rumpxen build without the build tool" 125 "not available" "$rumpxen" build
fi
if timeout 20 "$rumpxen" help 2>&1 | grep -q 'rumpxen run'; then ok "rumpxen help"; else bad "rumpxen help" "no usage"; fi
# The tables against the commands made from them (table.py).
python3 "$here/table.py" "$work" "$elf" >>"$results" 2>"$work/table.err" ||
	bad "table.py ran to its end" "$(tail -n 3 "$work/table.err" | tr '\n' ' ')"
left=$(ls -A "$TMPDIR")
if [ -z "$left" ]; then ok "bad input leaves no temporary files"; else bad "bad input leaves no temporary files" "$left"; fi

# extract-vmlinux on synthetic bzImages: a stub, then a compressed ELF.
python3 - "$work" <<'PY'
import gzip, lzma, os, sys
work = sys.argv[1]
payload = b"\x7fELF" + os.urandom(3000) + bytes(5000)
stub = b"MZ" + bytes(600) + b"\xfd7zXZ\x00 decoy" + bytes(100)  # a bad candidate first
open(os.path.join(work, "payload"), "wb").write(payload)
open(os.path.join(work, "bz-xz"), "wb").write(stub + lzma.compress(payload, format=lzma.FORMAT_XZ) + bytes(64))
open(os.path.join(work, "bz-gzip"), "wb").write(stub + gzip.compress(payload) + bytes(64))
open(os.path.join(work, "bz-none"), "wb").write(stub + lzma.compress(b"not a kernel") + bytes(64))
PY
x=$top/tools/emuhost/extract-vmlinux
for fmt in xz gzip; do
	rm -f "$work/out-$fmt"
	if "$x" "$work/bz-$fmt" "$work/out-$fmt" 2>/dev/null && cmp -s "$work/out-$fmt" "$work/payload"; then
		ok "extract-vmlinux finds a $fmt-compressed ELF"
	else
		bad "extract-vmlinux finds a $fmt-compressed ELF" "output differs or tool failed"
	fi
done
expect "extract-vmlinux rejects an image without a kernel" 1 "no compressed ELF" "$x" "$work/bz-none" "$work/out-none"
expect "extract-vmlinux reports a missing input" 1 "No such file" "$x" "$work/nope" "$work/out-none"

# The per-run cpio writer: what cpio(1) extracts equals what went in.
python3 - "$top/tools/host" "$work" <<'PY'
import os, sys
sys.path.insert(0, sys.argv[1])
from newc import NewcWriter
work = sys.argv[2]
src = os.path.join(work, "blob")
open(src, "wb").write(os.urandom(70001))
with open(os.path.join(work, "t.cpio"), "wb") as f:
    w = NewcWriter(f)
    w.add_bytes("etc/deep/dir/conf", b"hello\n")
    w.add_file("root/blob", src, mode=0o755)
    w.add_bytes("odd", b"x" * 3)
    w.finish()
PY
rm -rf "$work/x" && mkdir -p "$work/x"
if (cd "$work/x" && cpio -idm --quiet <"$work/t.cpio") &&
	cmp -s "$work/x/root/blob" "$work/blob" && [ "$(cat "$work/x/etc/deep/dir/conf")" = hello ] &&
	[ "$(cat "$work/x/odd")" = xxx ] && [ -x "$work/x/root/blob" ] && [ ! -x "$work/x/odd" ]; then
	ok "per-run cpio round-trips through cpio(1)"
else
	bad "per-run cpio round-trips through cpio(1)" "contents or modes differ"
fi
exit 0
