#!/bin/bash
# Run the hypercall benchmark image as the only guest on Xen under QEMU
# (booted directly as dom0: no toolstack needed) and print its figures.
# usage: hypercall-guest.sh IMAGE [SCALE]
# Xen comes from $RX_XEN_ELF, the launcher's cache, or /boot.
set -u
image=${1:?image}
scale=${2:-20}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/rumpxen
xen=${RX_XEN_ELF:-}
[ -n "$xen" ] || { [ -f "$cache/xen.elf" ] && xen=$cache/xen.elf; }
if [ -z "$xen" ] && [ -f /boot/xen-4.17-amd64.gz ]; then
	xen=$(mktemp) && zcat /boot/xen-4.17-amd64.gz > "$xen"
fi
if [ -z "$xen" ] || ! command -v qemu-system-x86_64 > /dev/null; then
	echo "hypercall-bench (guest): skipped, no Xen ELF or QEMU"
	exit 0
fi
timeout 600 qemu-system-x86_64 -accel tcg -cpu max,-smap,-smep -smp 1 -m 160 \
	-display none -monitor none -serial stdio -no-reboot -net none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$xen" \
	-append "console=com1 com1=115200,8n1 dom0_mem=64M,max:64M bootscrub=0" \
	-initrd "$image bench $scale" < /dev/null 2>&1 | tr -d '\r' |
	grep '^hypercall-bench' | sed 's/^hypercall-bench:/hypercall-bench (guest, TCG-emulated):/'
exit 0
