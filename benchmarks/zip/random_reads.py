#!/usr/bin/env python3
"""COUNT random 4 KiB preads spread over FILES (paths under ROOT), from a fixed seed so every
peer reads the same offsets; prints how many bytes came back and a CRC-32 over them, so the
peers' answers can be compared.

Usage: random_reads.py ROOT COUNT SEED FILE...
"""
import os
import random
import sys
import zlib


def main():
    root, count, seed, names = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    rng = random.Random(seed)
    fds = [os.open(os.path.join(root, n), os.O_RDONLY) for n in names]
    sizes = [os.fstat(fd).st_size for fd in fds]
    crc, total = 0, 0
    for _ in range(count):
        k = rng.randrange(len(fds))
        off = rng.randrange(max(1, sizes[k] - 4096))
        b = os.pread(fds[k], 4096, off)
        crc = zlib.crc32(b, crc)
        total += len(b)
    for fd in fds:
        os.close(fd)
    print(total, "%08x" % crc)


if __name__ == "__main__":
    main()
