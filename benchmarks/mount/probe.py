#!/usr/bin/env python3
"""Counts the FUSE requests each benchmark workload costs a server, whatever the server is.

Usage: probe.py MOUNTPOINT SERVER_PID
Attaches `strace -f -c` to the server while this process repeats each workload's syscalls, and
counts the server's successful read(2) calls (one per request taken from /dev/fuse; failed reads
such as EAGAIN are left out) and write/writev calls (one per reply; FORGETs get none). A JVM server does a few other reads and writes of its own, so
the figures are per operation, rounded; they show whether two servers did the same protocol work.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time


def workloads(mount):
    four_k = os.path.join(mount, "4k.bin")
    many = os.path.join(mount, "many")
    big = os.path.join(mount, "big", "64m.bin")
    held = os.open(four_k, os.O_RDONLY)

    def stat():
        os.stat(four_k)

    def stat_missing():
        try:
            os.stat(os.path.join(mount, "missing.bin"))
        except FileNotFoundError:
            return
        raise AssertionError("missing.bin exists")

    def fstat():
        os.fstat(held)

    def open_read_4k():
        fd = os.open(four_k, os.O_RDONLY)
        try:
            os.read(fd, 4096)
        finally:
            os.close(fd)

    def readdir():
        with os.scandir(many) as entries:
            for _ in entries:
                pass

    def read_64m():
        fd = os.open(big, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            while os.read(fd, 1 << 20):
                pass
        finally:
            os.close(fd)

    return [("stat", stat, 200), ("statMissing", stat_missing, 200), ("fstat", fstat, 200), ("openRead4k", open_read_4k, 200),
            ("readdirMany", readdir, 20), ("read64m", read_64m, 2)]


def count(pid, fn, n):
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as out:
        tracer = subprocess.Popen(
            ["strace", "-f", "-c", "-e", "trace=read,write,writev", "-p", str(pid), "-o", out.name],
            stderr=subprocess.DEVNULL)
        time.sleep(0.7)  # let strace attach to every thread
        for _ in range(n):
            fn()
        time.sleep(0.3)  # let asynchronous requests (RELEASE) arrive
        tracer.send_signal(signal.SIGINT)
        tracer.wait()
        calls = {}
        for line in out.read().splitlines():
            parts = line.split()
            if parts and parts[-1] in ("read", "write", "writev"):
                errors = int(parts[4]) if len(parts) == 6 else 0  # EAGAIN of idle readers
                calls[parts[-1]] = int(parts[3]) - errors
    return calls.get("read", 0) / n, (calls.get("write", 0) + calls.get("writev", 0)) / n


def main():
    mount, pid = sys.argv[1], int(sys.argv[2])
    for name, fn, n in workloads(mount):
        fn()  # once untraced: first-time lookups are not the steady state
        requests, replies = count(pid, fn, n)
        print("%-12s requests/op %8.2f   replies/op %8.2f" % (name, requests, replies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
