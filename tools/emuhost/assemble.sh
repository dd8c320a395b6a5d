#!/bin/bash
# Assemble the emulated Xen host from Debian packages and print the
# directory that holds it (last line of stdout):
#   xen.elf        the hypervisor, uncompressed (QEMU boots it directly)
#   vmlinux        the Linux kernel as an uncompressed ELF (dom0 and the
#                  Linux PV test guests)
#   dom0-base.cpio dom0's userland: busybox, Xen toolstack + libraries,
#                  a module subset with real depmod data
#   kernel-release, versions
# The result is cached under $RUMPXEN_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/rumpxen), keyed on the exact package
# versions: when apt offers other versions, a new host is assembled.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${RUMPXEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rumpxen}
# Bump when the layout of the assembled host changes.
recipe=3

say() { echo "rumpxen: $*" >&2; }
die() { say "error: $*"; exit 1; }

"$here/setup.sh" || die "host set-up failed"

mkdir -p "$cache/debs" "$cache/hosts"
exec 9>"$cache/.lock"
flock 9

# Asking apt for candidate versions takes ~2 s. They change only when
# apt's package lists do, so remember the answer per state of the lists.
lists_state=$( (ls -l --full-time /var/lib/apt/lists/ /etc/apt/sources.list* 2>/dev/null; echo "recipe $recipe") |
	sha256sum | cut -c1-16)
if [ -f "$cache/hosts/lists-$lists_state" ]; then
	known=$cache/hosts/$(cat "$cache/hosts/lists-$lists_state")
	if [ -f "$known/ready" ]; then
		echo "$known"
		exit 0
	fi
fi

kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
if [ -z "$kpkg" ]; then
	say "apt knows no linux-image-amd64; running apt-get update"
	apt-get update >&2 || die "apt-get update failed"
	kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	[ -n "$kpkg" ] || die "cannot resolve linux-image-amd64"
fi

packages=(
	xen-hypervisor-4.17-amd64 "$kpkg"
	xen-utils-4.17 xen-utils-common xenstore-utils
	libxenmisc4.17 libxenstore4 libxencall1 libxenevtchn1 libxenforeignmemory1
	libxengnttab1 libxendevicemodel1 libxenhypfs1 libxentoolcore1 libxentoollog1
	libyajl2 libc6 libgcc-s1 zlib1g liblzma5 libzstd1 libuuid1 libncurses6 libtinfo6
	libbz2-1.0 liblzo2-2 libnl-3-200 libnl-route-3-200 libsystemd0 liblz4-1
	libcap2 libgcrypt20 libgpg-error0 libffi8
	busybox-static
)

# Exact candidate versions: the cache key.
versions=$(apt-cache policy "${packages[@]}" | awk '
	/^[^ ].*:$/ { pkg = substr($1, 1, length($1) - 1) }
	/Candidate:/ { print pkg "=" $2 }' | sort)
n=$(printf '%s\n' "$versions" | grep -vc '=(none)$' || true)
[ "$n" -eq "${#packages[@]}" ] || die "apt cannot offer all packages:
$(printf '%s\n' "$versions" | grep '=(none)$' || true)"
key=$(printf 'recipe %s\n%s\n' "$recipe" "$versions" | sha256sum | cut -c1-16)
out="$cache/hosts/$key"
if [ -f "$out/ready" ]; then
	echo "$key" >"$cache/hosts/lists-$lists_state"
	echo "$out"
	exit 0
fi

start=$(date +%s)
say "assembling the emulated Xen host (first time, ~80 MB of packages) into $out"
work="$cache/hosts/.work-$key"
rm -rf "$work"
mkdir -p "$work/root"

say "downloading ${#packages[@]} packages"
need=()
while IFS== read -r pkg ver; do
	# apt names files with ':' in versions encoded as %3a.
	if ! ls "$cache/debs/${pkg}_${ver//:/%3a}_"*.deb >/dev/null 2>&1; then
		need+=("$pkg=$ver")
	fi
done <<<"$versions"
if [ ${#need[@]} -gt 0 ]; then
	(cd "$cache/debs" && apt-get -o APT::Sandbox::User=root download "${need[@]}" >&2) || die "apt-get download failed"
fi

say "unpacking"
while IFS== read -r pkg ver; do
	deb=$(ls "$cache/debs/${pkg}_${ver//:/%3a}_"*.deb | head -n1)
	dpkg-deb -x "$deb" "$work/root" || die "cannot unpack $deb"
done <<<"$versions"

root=$work/root
krel=$(ls "$root/lib/modules" | head -n1)
[ -n "$krel" ] || die "kernel package has no modules"

say "extracting vmlinux from the $krel bzImage"
"$here/extract-vmlinux" "$root/boot/vmlinuz-$krel" "$work/vmlinux" || die "vmlinux extraction failed"
say "uncompressing the hypervisor"
zcat "$root"/boot/xen-4.17-amd64.gz >"$work/xen.elf" || die "cannot uncompress the hypervisor"

say "running depmod over the full module tree"
depmod -b "$root" "$krel" || die "depmod failed"
# Modules dom0 loads (init), plus those the Linux test guests need and
# ufs for reading FFS images from dom0.
modules="xen-evtchn xen-privcmd xen-gntdev xen-gntalloc xenfs xen-blkback xen-netback
	bridge loop virtio_pci virtio_blk virtio_console xen-blkfront xen-netfront ufs"
keep=$(for m in $modules; do
	modprobe -d "$root" -S "$krel" --show-depends "$m" || die "no module $m"
done | awk '$1 == "insmod" {print $2}' | sort -u)

say "building the dom0 tree"
tree=$work/tree
mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,root,var/lib/xen,var/log/xen,var/run/xen}
# Shared libraries and the toolstack; the rest of the packages (docs,
# firmware, python, hvmloader, the full module tree) stays out.
cp -a "$root/lib64" "$tree/"
mkdir -p "$tree/lib/x86_64-linux-gnu" "$tree/usr/lib/x86_64-linux-gnu"
cp -a "$root/lib/x86_64-linux-gnu/." "$tree/lib/x86_64-linux-gnu/"
cp -a "$root/usr/lib/x86_64-linux-gnu/." "$tree/usr/lib/x86_64-linux-gnu/"
rm -rf "$tree/usr/lib/x86_64-linux-gnu/gconv" "$tree/usr/lib/x86_64-linux-gnu/audit"
mkdir -p "$tree/usr/lib/xen-4.17"
cp -a "$root/usr/lib/xen-4.17/bin" "$root/usr/lib/xen-4.17/lib" "$tree/usr/lib/xen-4.17/" 2>/dev/null ||
	cp -a "$root/usr/lib/xen-4.17/bin" "$tree/usr/lib/xen-4.17/"
cp -a "$root"/usr/bin/xenstore* "$tree/usr/bin/"
cp -a "$root/etc/xen" "$tree/etc/" 2>/dev/null || true
mkdir -p "$tree/etc/xen/scripts"
cp "$root/bin/busybox" "$tree/bin/busybox"
for applet in $("$tree/bin/busybox" --list-full); do
	[ -e "$tree/$applet" ] || ln -s /bin/busybox "$tree/$applet"
done
for m in $keep; do
	rel=${m#"$root"/}
	mkdir -p "$tree/$(dirname "$rel")"
	cp "$m" "$tree/$rel"
done
cp "$root/lib/modules/$krel"/modules.* "$tree/lib/modules/$krel/"
# Real depmod over the subset (it holds every dependency of what it has).
depmod -b "$tree" "$krel" || die "depmod over the dom0 module subset failed"

say "checking shared-library dependencies"
missing=$(
	find "$tree/usr/lib/xen-4.17/bin" "$tree/usr/bin" -type f | while read -r f; do
		readelf -d "$f" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'
	done | sort -u | while read -r lib; do
		[ -e "$tree/lib/x86_64-linux-gnu/$lib" ] || [ -e "$tree/usr/lib/x86_64-linux-gnu/$lib" ] ||
			[ -e "$tree/usr/lib/xen-4.17/lib/$lib" ] || echo "$lib"
	done
)
[ -z "$missing" ] || die "libraries missing from the dom0 tree:" $missing

say "writing the base cpio"
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) >"$work/dom0-base.cpio" ||
	die "cpio failed"

echo "$krel" >"$work/kernel-release"
printf '%s\n' "$versions" >"$work/versions"
cp -a "$tree" "$work/dom0-tree"
rm -rf "$root" "$tree"
touch "$work/ready"
rm -rf "$out"
mv "$work" "$out"
# Older hosts and packages are of no further use.
for d in "$cache"/hosts/*/; do
	[ "${d%/}" = "$out" ] || rm -rf "${d%/}"
done
rm -f "$cache"/hosts/lists-*
echo "$key" >"$cache/hosts/lists-$lists_state"
keep_debs=$(while IFS== read -r pkg ver; do echo "${pkg}_${ver//:/%3a}_"; done <<<"$versions")
for deb in "$cache"/debs/*.deb; do
	grep -qF "$(basename "$deb" | sed 's/[^_]*$//')" <<<"$keep_debs" || rm -f "$deb"
done
say "emulated Xen host ready in $(( $(date +%s) - start )) s ($(du -sh "$out/dom0-base.cpio" | cut -f1) base cpio)"
echo "$out"
