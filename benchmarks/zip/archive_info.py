#!/usr/bin/env python3
"""Facts about a zip archive the zip benchmark needs, from its central directory:

  archive_info.py ARCHIVE summary          entries, files, total file bytes, archive bytes
  archive_info.py ARCHIVE largest N        the N largest files, one path a line
  archive_info.py ARCHIVE seq-entry        the largest deflated file: path, size, crc32
  archive_info.py ARCHIVE paths            the number of distinct paths `find` should print
"""
import os
import sys
import zipfile


def files(z):
    return [i for i in z.infolist() if not i.is_dir()]


def main():
    archive, what = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(archive) as z:
        fs = files(z)
        if what == "summary":
            print(len(z.infolist()), len(fs), sum(i.file_size for i in fs), os.path.getsize(archive))
        elif what == "largest":
            n = int(sys.argv[3])
            for i in sorted(fs, key=lambda i: (-i.file_size, i.filename))[:n]:
                print(i.filename)
        elif what == "seq-entry":
            deflated = [i for i in fs if i.compress_type == zipfile.ZIP_DEFLATED]
            i = max(deflated or fs, key=lambda i: i.file_size)
            print(i.filename, i.file_size, "%08x" % i.CRC)
        elif what == "paths":
            paths = set()
            for i in z.infolist():
                parts = [p for p in i.filename.split("/") if p]
                for k in range(1, len(parts) + 1):
                    paths.add("/".join(parts[:k]))
            print(len(paths) + 1)  # find also prints the root
        else:
            sys.exit("unknown question: " + what)


if __name__ == "__main__":
    main()
