#!/bin/bash
# Build the Linux PV test guest's initramfs from the emulated host's
# dom0 tree: busybox, xenstore-read/-write with their libraries, the
# blkfront/netfront modules and our init.
# usage: make-initrd.sh HOSTDIR OUTPUT
set -euo pipefail
host=${1:?usage: make-initrd.sh HOSTDIR OUTPUT}
out=${2:?usage: make-initrd.sh HOSTDIR OUTPUT}
here=$(cd "$(dirname "$0")" && pwd)
src=$host/dom0-tree
krel=$(cat "$host/kernel-release")

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{bin,lib,lib64,dev,proc,sys,tmp}
cp "$src/bin/busybox" "$tree/bin/"
for applet in sh mount sleep cat echo printf dd sync head tr ip awk udhcpc nc insmod poweroff; do
	ln -s busybox "$tree/bin/$applet"
done
cp "$src/usr/bin/xenstore" "$tree/bin/xenstore-read"
ln "$tree/bin/xenstore-read" "$tree/bin/xenstore-write"
for lib in libxenstore.so.4 libxentoolcore.so.1 libc.so.6; do
	found=
	for dir in usr/lib/x86_64-linux-gnu lib/x86_64-linux-gnu; do
		[ -e "$src/$dir/$lib" ] && found=$src/$dir/$lib
	done
	[ -n "$found" ] || { echo "make-initrd: $lib missing" >&2; exit 1; }
	cp -L "$found" "$tree/lib/$lib"
done
cp -L "$src/lib64/ld-linux-x86-64.so.2" "$tree/lib64/"
for m in xen-blkfront xen-netfront; do
	ko=$(find "$src/lib/modules/$krel" -name "$m.ko*" | head -n1)
	[ -n "$ko" ] || { echo "make-initrd: module $m missing" >&2; exit 1; }
	cp "$ko" "$tree/lib/$m.ko"
done
install -m 755 "$here/init" "$tree/init"
install -m 755 "$here/rxt-dhcp" "$here/rxt-echo" "$tree/bin/"
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
