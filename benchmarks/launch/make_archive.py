#!/usr/bin/env python3
"""Writes a zip of the shape of a source-code archive: 16,000 deflated text files averaging about
13 KiB (a few of several hundred KiB) in nested directories, about 60 MB. Deterministic.

  make_archive.py OUT.zip
"""
import random
import sys
import zipfile

rnd = random.Random(13)
WORDS = ["int", "return", "static", "final", "void", "class", "public", "private", "if", "else",
         "for", "while", "new", "this", "null", "true", "false", "import", "package", "throws",
         "try", "catch", "String", "List", "Map", "buffer", "offset", "length", "count", "index",
         "value", "result", "node", "path", "name", "size", "read", "write"]
WORDS += ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rnd.randint(3, 12)))
          for _ in range(100)]


def text(n):
    out, total = [], 0
    while total < n:
        line = "    " * rnd.randint(0, 4) + " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 12))) + ";\n"
        out.append(line)
        total += len(line)
    return "".join(out)[:n]


with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for i in range(16000):
        size = int(rnd.expovariate(1 / 11500)) + 200
        if i % 400 == 0:
            size = rnd.randint(200_000, 600_000)
        info = zipfile.ZipInfo(f"src/m{i % 40:02d}/p{(i // 40) % 20:02d}/q{(i // 800) % 5}/F{i:05d}.java",
                               date_time=(2024, 5, 1, 12, 0, 0))
        info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--, as zip(1) records it
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text(size))
