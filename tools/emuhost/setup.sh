#!/bin/bash
# Install, with apt, the host programs the emulated Xen host needs.
# Prints what it installs; does nothing when everything is present.
set -euo pipefail

# command -> Debian package providing it
needs=(
	"qemu-system-x86_64 qemu-system-x86"
	"cpio cpio"
	"depmod kmod"
	"xz xz-utils"
	"readelf binutils"
	"python3 python3"
	"apt-get apt"
	"dpkg-deb dpkg"
)

missing=()
for pair in "${needs[@]}"; do
	cmd=${pair% *}
	pkg=${pair#* }
	# depmod lives in /sbin, which a plain user's PATH may lack.
	if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/sbin/$cmd" ] && [ ! -x "/usr/sbin/$cmd" ]; then
		missing+=("$pkg")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "rumpxen: installing host packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "rumpxen: need root to install ${missing[*]} (or install them yourself)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
	apt-get update >&2
	apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi
