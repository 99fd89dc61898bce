#!/usr/bin/env python3
"""COUNT random 4 KiB preads of FILE at seeded offsets; prints preads per second and a CRC-32 of
the bytes, which must be the same for every peer."""
import os
import random
import sys
import time
import zlib

path, count = sys.argv[1], int(sys.argv[2])
size = os.path.getsize(path)
rng = random.Random(4096)
offsets = [rng.randrange(0, max(1, size - 4096)) & ~4095 for _ in range(count)]
fd = os.open(path, os.O_RDONLY)
crc = 0
start = time.monotonic()
for off in offsets:
    crc = zlib.crc32(os.pread(fd, 4096, off), crc)
elapsed = time.monotonic() - start
os.close(fd)
print("%.1f %08x" % (count / elapsed, crc))
