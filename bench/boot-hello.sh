#!/bin/sh
# make bench-boot-hello: the boot benchmark (bench/boot.sh: the hello
# guest side by side with a Linux PV guest, image size, smallest memory)
# with a scratch work directory.
# usage: boot-hello.sh HELLO_IMAGE [ROUNDS] [LAUNCHES]
set -u
image=${1:?hello image}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$(dirname "$0")/boot.sh" "$image" "$work" "${2:-5}" "${3:-100}"
