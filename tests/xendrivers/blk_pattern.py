#!/usr/bin/env python3
"""Write a disk image filled with the blkfront test pattern.

usage: blk_pattern.py OUT SECTORS SEED

Byte j of 512-byte sector i: for j < 8, byte j of (i XOR SEED) as a
little-endian 64-bit number; otherwise (i * 7 + j + SEED) mod 256. The
guest test tests/guest/blk_io.c computes the same.
"""
import sys


def sector(i, seed):
    head = ((i ^ seed) & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "little")
    tail = bytes((i * 7 + j + seed) & 0xFF for j in range(8, 512))
    return head + tail


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out, sectors, seed = argv[1], int(argv[2]), int(argv[3], 0)
    with open(out, "wb") as f:
        for i in range(sectors):
            f.write(sector(i, seed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
