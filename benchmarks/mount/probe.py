#!/usr/bin/env python3
"""Counts the FUSE requests each benchmark workload costs a server, whatever the server is.

Usage: probe.py MOUNTPOINT SERVER_PID
Attaches `strace -f -y` to the server while this process repeats each workload's syscalls, and
counts the server's successful read(2) calls on /dev/fuse (one per request; failed reads such as
EAGAIN are left out) and write/writev calls on it (one per reply; FORGETs get none). Calls on other
files (a JVM reads cgroup memory figures as it collects) are left out: they are no requests.
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
            ["strace", "-f", "-y", "-e", "trace=read,write,writev", "-p", str(pid), "-o", out.name],
            stderr=subprocess.DEVNULL)
        time.sleep(0.7)  # let strace attach to every thread
        for _ in range(n):
            fn()
        time.sleep(0.3)  # let asynchronous requests (RELEASE) arrive
        tracer.send_signal(signal.SIGINT)
        tracer.wait()
        calls = fuse_calls(out.read().splitlines())
    return calls["read"] / n, (calls["write"] + calls["writev"]) / n


def fuse_calls(lines):
    """Successful read/write/writev calls on /dev/fuse only (strace -y names each fd's file): a JVM
    also reads files of its own (its collector reads cgroup memory figures), which are no
    requests. A call another thread interrupts is split in two lines, matched by thread id."""
    calls = {"read": 0, "write": 0, "writev": 0}
    pending = {}  # thread -> the call it started on /dev/fuse
    for line in lines:
        parts = line.split(None, 1)
        if len(parts) < 2:
            continue
        thread, rest = parts
        if rest.startswith("<... "):
            name = pending.pop(thread, None)
        else:
            name = rest.split("(", 1)[0]
            if name not in calls or "</dev/fuse>" not in rest.split(",", 1)[0]:
                continue
            if rest.rstrip().endswith("<unfinished ...>"):
                pending[thread] = name
                continue
        if name in calls and "= -1" not in rest and "= ?" not in rest:
            calls[name] += 1
    return calls


def main():
    mount, pid = sys.argv[1], int(sys.argv[2])
    for name, fn, n in workloads(mount):
        fn()  # once untraced: first-time lookups are not the steady state
        requests, replies = count(pid, fn, n)
        print("%-12s requests/op %8.2f   replies/op %8.2f" % (name, requests, replies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
