#!/usr/bin/env python3
"""Writes one of the zip benchmark's archives (deterministic, seeded):

  --shape many   (default) 100,000 small deflated files in 100 directories, a few large files
                 (stored and deflated) and one 256 MiB deflated text-like entry, big/big.log;
                 the text compresses about 3:1, like logs.
  --shape source the shape of a source-code archive: about 16,000 deflated text files averaging
                 about 13 KiB (a few of several hundred KiB) in a tree of nested directories,
                 about 50 MB archived; the text compresses about 4:1, like source code.

Usage: make_archive.py OUT.zip [--shape many|source] [--small N] [--big-mib M]
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


def source_lines(rng, count=12000):
    """Lines of code-like text: indentation, a small vocabulary, repeated keywords."""
    keywords = ["if", "return", "for", "int", "static", "const", "struct", "else", "while",
                "void", "unsigned", "case", "break", "#include", "#define", "/*", "*/", "{", "}"]
    idents = vocabulary(rng)[:250]
    lines = []
    for _ in range(count):
        indent = "\t" * rng.choice([0, 1, 1, 2, 2, 3])
        words = [rng.choice(keywords if rng.random() < 0.45 else idents)
                 for _ in range(rng.randint(1, 9))]
        lines.append((indent + " ".join(words) + rng.choice([";", "", " {", ",", ")"]) + "\n").encode())
    return lines


def source_text(rng, lines, size):
    """Runs of consecutive lines from the pool, as files share idioms, cut to size."""
    out, n = [], 0
    while n < size:
        start = rng.randrange(len(lines) - 64)
        for line in lines[start:start + rng.randint(4, 64)]:
            out.append(line)
            n += len(line)
    return b"".join(out)[:size]


def source_tree(rng, files=16000):
    """(path, size) of a nested source tree: about 1,000 directories, 2 to 5 levels deep."""
    syll = ["arch", "net", "fs", "drv", "core", "mm", "lib", "io", "usb", "sound", "crypto",
            "block", "kern", "util", "test", "doc", "tools", "ipc", "init", "sec"]
    dirs = set()
    while len(dirs) < 1000:
        depth = rng.randint(2, 5)
        parts = [rng.choice(syll[:8])] + ["%s%d" % (rng.choice(syll), rng.randint(0, 9))
                                          for _ in range(depth - 1)]
        dirs.add("/".join(parts))
    dirs = sorted(dirs)
    out = set()
    while len(out) < files:
        d = rng.choice(dirs)
        out.add("%s/%s_%d.%s" % (d, rng.choice(syll), rng.randint(0, 999), rng.choice("cchS")))
    out = sorted(out)
    sizes = [min(160 << 10, int(rng.lognormvariate(8.95, 1.0))) for _ in out]
    for k in rng.sample(range(len(out)), 12):  # a few of several hundred KiB
        sizes[k] = rng.randint(200 << 10, 900 << 10)
    return list(zip(out, sizes))


def write_source(out, rng):
    lines = source_lines(rng)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for path, size in source_tree(rng):
            z.writestr(entry(path), source_text(rng, lines, size))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--shape", choices=["many", "source"], default="many")
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--big-mib", type=int, default=256)
    a = ap.parse_args()
    rng = random.Random(20261128)
    tmp = a.out + ".part"
    if a.shape == "source":
        write_source(tmp, rng)
        os.replace(tmp, a.out)
        return
    words = vocabulary(rng)
    pool = paragraph_pool(rng, words)
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
