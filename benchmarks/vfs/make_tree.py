#!/usr/bin/env python3
"""Writes the benchmark tree: flat/ (N_FILES small files), dirs/ (N_DIRS folders, one file each),
big.bin (BIG_MB MiB). Contents are seeded pseudo-random bytes, so every run serves the same tree."""
import os
import random
import sys

root, n_files, n_dirs, big_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(20261204)
os.makedirs(os.path.join(root, "flat"), exist_ok=True)
for i in range(n_files):
    with open(os.path.join(root, "flat", "f%05d.txt" % i), "wb") as f:
        f.write(rng.randbytes(rng.randint(100, 4096)))
for i in range(n_dirs):
    d = os.path.join(root, "dirs", "d%04d" % i)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "readme.txt"), "wb") as f:
        f.write(rng.randbytes(rng.randint(100, 2048)))
with open(os.path.join(root, "big.bin"), "wb") as f:
    block = rng.randbytes(1 << 20)
    for i in range(big_mb):
        f.write(block[i % 251:] + block[:i % 251])
