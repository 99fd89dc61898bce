#!/usr/bin/env python3
"""Writes the zip benchmark's archive: 100,000 small deflated files in 100 directories, a few
large files (stored and deflated) and one 256 MiB deflated text-like entry, big/big.log.

Usage: make_archive.py OUT.zip [--small N] [--big-mib M]
Deterministic (seeded); the text compresses about 3:1, like logs or source code.
"""
import argparse
import os
import random
import zipfile


def vocabulary(rng):
    syll = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu", "pra", "ster", "ion",
            "data", "node", "read", "write", "cache", "error", "value", "user", "time"]
    words = set()
    while len(words) < 4000:
        words.add("".join(rng.choice(syll) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def paragraph_pool(rng, words, count=64, size=1 << 20):
    pool = []
    for _ in range(count):
        parts, n = [], 0
        while n < size:
            line = " ".join(rng.choice(words) for _ in range(rng.randint(4, 16)))
            line = "%06d %s\n" % (rng.randint(0, 999999), line)
            parts.append(line)
            n += len(line)
        pool.append("".join(parts).encode()[:size])
    return pool


def text(rng, pool, size):
    out, n = [], 0
    while n < size:
        block = rng.choice(pool)
        start = rng.randrange(0, len(block) - 65536)
        piece = block[start:start + min(size - n, rng.randint(4096, 65536))]
        out.append(piece)
        n += len(piece)
    return b"".join(out)


def entry(name):
    """A regular file, mode 0644, from Unix, deflated, with a fixed time."""
    info = zipfile.ZipInfo(name, date_time=(2026, 11, 28, 0, 0, 0))
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--big-mib", type=int, default=256)
    a = ap.parse_args()
    rng = random.Random(20261128)
    words = vocabulary(rng)
    pool = paragraph_pool(rng, words)
    tmp = a.out + ".part"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6,
                         allowZip64=True) as z:
        for i in range(a.small):
            d = "d%03d/s%02d" % (i % 100, (i // 100) % 10)
            size = rng.choice([0, 1, 50, 200, 700, 1500, 3000, 6000, 12000])
            z.writestr(entry("%s/f%06d.txt" % (d, i)), text(rng, pool, size) if size else b"")
        for j in range(8):
            size = (4 + 2 * j) << 20
            kind = zipfile.ZIP_STORED if j % 2 else zipfile.ZIP_DEFLATED
            data = text(rng, pool, size) if kind == zipfile.ZIP_DEFLATED \
                else random.Random(j).randbytes(size)
            info = entry("large/file%d.%s" % (j, "bin" if j % 2 else "txt"))
            info.compress_type = kind
            z.writestr(info, data)
        info = entry("big/big.log")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            left = a.big_mib << 20
            while left > 0:
                chunk = text(rng, pool, min(left, 4 << 20))
                f.write(chunk)
                left -= len(chunk)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
