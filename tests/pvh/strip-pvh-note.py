#!/usr/bin/env python3
"""Copy a guest image with its PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY)
turned into a note type Xen does not know, so the copy is a PV-only
image: the test of booting such an image as PVH.

usage: strip-pvh-note.py IN OUT
"""
import struct
import sys

XEN_ELFNOTE_PHYS32_ENTRY = 18
UNKNOWN_TYPE = 0x7F  # ignored by Xen's ELF loader


def main():
    src, dst = sys.argv[1], sys.argv[2]
    data = bytearray(open(src, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2:
        sys.exit(f"{src}: not a 64-bit ELF file")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    changed = 0
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize)
        if p_type != 4:  # PT_NOTE
            continue
        off, end = p_offset, p_offset + p_filesz
        while off + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", data, off)
            name = bytes(data[off + 12:off + 12 + namesz]).rstrip(b"\0")
            if name == b"Xen" and ntype == XEN_ELFNOTE_PHYS32_ENTRY:
                struct.pack_into("<I", data, off + 8, UNKNOWN_TYPE)
                changed += 1
            off += 12 + (namesz + 3) // 4 * 4 + (descsz + 3) // 4 * 4
    if changed != 1:
        sys.exit(f"{src}: expected one PVH entry note, found {changed}")
    open(dst, "wb").write(data)


if __name__ == "__main__":
    main()
