#!/usr/bin/env python3
"""Start-up and memory of a zip mount, against peers in the same run (see README.md).

  measure.py startup ARCHIVE ROUNDS NAME=COMMAND...   time from command to a listable root, cold
  measure.py rss ARCHIVE ROUNDS NAME=COMMAND...       peak RSS through a cold read of every file
  measure.py warm ARCHIVE ROUNDS NAME=COMMAND...      a warm `find` and read of every file, 2 s
                                                      after a first read (past 1 s cache timeouts)

A COMMAND of dir:PATH is no mount but a directory already there (the archive extracted to disk).

COMMAND is a shell command with {archive} and {mnt}; it must end in exec-ing the serving process
(./holofs does, `fuse-zip -f` is one), which must stay in the foreground. Peers run in turn, round
after round; the page cache is dropped before each mount. Prints one line per round and figure,
then the medians. Root only (mounts, drop_caches).
"""
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from mounts import drop_caches, start_mount, status, stop_mount  # noqa: E402 (after its path)

TIMEOUT = 120


def start(command, archive, mnt):
    """Starts a peer; returns (process, seconds until its root listed something)."""
    line = command.format(archive=shlex.quote(archive), mnt=shlex.quote(mnt))
    return start_mount(["bash", "-c", "exec " + line], None, mnt, TIMEOUT)


def timed(command):
    begin = time.monotonic()
    subprocess.run(command, shell=True, check=True, capture_output=True, timeout=600)
    return (time.monotonic() - begin) * 1000


def read_all(mnt):
    out = subprocess.run(f"find {shlex.quote(mnt)} -type f -print0 | xargs -0 cat | wc -c",
                         shell=True, check=True, capture_output=True, text=True, timeout=600)
    return int(out.stdout)


def main():
    mode, archive, rounds = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3])
    peers = [arg.split("=", 1) for arg in sys.argv[4:]]
    figures = {}
    work = tempfile.mkdtemp(prefix="holofs-launch-")
    for r in range(rounds):
        for name, command in peers:
            if mode == "warm":
                for metric, value in warm(command, archive, os.path.join(work, name)).items():
                    figures.setdefault(f"{name} {metric}", []).append(value)
                    print(f"round {r + 1} {name} {metric}: {value:.1f} ms", flush=True)
                continue
            mnt = os.path.join(work, name)
            os.makedirs(mnt, exist_ok=True)
            drop_caches()
            p, seconds = start(command, archive, mnt)
            try:
                if mode == "startup":
                    value = seconds * 1000
                    unit = "ms"
                else:
                    total = read_all(mnt)
                    memory = status(p.pid)
                    value = memory["VmHWM"]
                    unit = "MiB"
                    print(f"round {r + 1} {name}: read {total} bytes; VmRSS "
                          f"{memory['VmRSS']:.1f} MiB", flush=True)
            finally:
                stop_mount(p, mnt)
            figures.setdefault(name, []).append(value)
            print(f"round {r + 1} {name}: {value:.1f} {unit}", flush=True)
    metrics = ["find", "read-all"] if mode == "warm" else [""]
    for metric in metrics:
        key = lambda name: f"{name} {metric}" if metric else name
        base = statistics.median(figures[key(peers[-1][0])])
        print(f"median of {rounds} rounds ({key(mode)}; ratio vs {peers[-1][0]}):")
        for name, _ in peers:
            m = statistics.median(figures[key(name)])
            print(f"  {name:24s} {m:9.1f}   x{m / base:.2f}   all: "
                  + " ".join(f"{v:.1f}" for v in figures[key(name)]))
    # After the figures, so a mount point left busy costs no run. rmdir, not rmtree: one could
    # still be attached.
    try:
        for name, _ in peers:
            if os.path.isdir(os.path.join(work, name)):
                os.rmdir(os.path.join(work, name))
        os.rmdir(work)
    except OSError:
        pass


def warm(command, archive, mnt):
    """A first read of everything, then, 2 s later, a timed `find` and read of everything."""
    directory = command[len("dir:"):] if command.startswith("dir:") else None
    p = None
    if directory is None:
        os.makedirs(mnt, exist_ok=True)
        p, _ = start(command, archive, mnt)
        directory = mnt
    try:
        read_all(directory)
        time.sleep(2)
        quoted = shlex.quote(directory)
        return {"find": timed(f"find {quoted} | wc -l"),
                "read-all": timed(f"find {quoted} -type f -print0 | xargs -0 cat | wc -c")}
    finally:
        if p is not None:
            stop_mount(p, mnt)


if __name__ == "__main__":
    main()
