"""How benchmarks/floor runs a process once and reads what it cost (times, memory, the JVM's own
accounting); floor.py decides what to run. Mounts are started and stopped as every benchmark
does it (../lib/mounts.py)."""
import os
import re
import select
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from mounts import start_mount, status, stop_mount  # noqa: E402 (after its path)

STALL_TIMEOUT = 60  # a child that neither writes nor exits for this long is killed
NMT_LINE = re.compile(r"^-\s+(.+?) \(reserved=(\d+)KB, committed=(\d+)KB\)")


def log(msg):
    print(f"[floor {time.strftime('%H:%M:%S', time.gmtime())}] {msg}", file=sys.stderr, flush=True)


def read_mark(p):
    """One byte of p's stdout (b"" at its end); kills p and raises if none comes in time (the
    benchmark runs as root: a stalled child must not hang it)."""
    if not select.select([p.stdout], [], [], STALL_TIMEOUT)[0]:
        p.kill()
        p.wait()
        raise RuntimeError(f"pid {p.pid} wrote nothing for {STALL_TIMEOUT} s")
    return os.read(p.stdout.fileno(), 1)


def reap(p):
    """p's exit status; kills p and raises if it does not exit in time."""
    try:
        return p.wait(STALL_TIMEOUT)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        raise RuntimeError(f"pid {p.pid} did not exit within {STALL_TIMEOUT} s")


def timed(argv, env, marks, any_status=False):
    """Runs argv; seconds from just before the exec to each of `marks` bytes on its stdout, then
    to its exit (the last figure)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE if marks else subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    times = []
    for _ in range(marks):
        if not read_mark(p):
            break
        times.append(time.perf_counter() - t0)
    rc = reap(p)
    times.append(time.perf_counter() - t0)
    if p.stdout:
        p.stdout.close()
    if (rc != 0 and not any_status) or len(times) != marks + 1:
        raise RuntimeError(f"{argv[0]} exited with {rc} after {len(times) - 1} of {marks} marks")
    return times


def idle_floor(argv, env, marks, settle, after=None):
    """RSS of a Floor that idles after `marks` bytes, `settle` seconds after the last; and what
    `after(pid)` returns, run before it ends."""
    p = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    try:
        for _ in range(marks):
            if not read_mark(p):
                raise RuntimeError(f"Floor exited early ({' '.join(argv[-2:])})")
        time.sleep(settle)
        return status(p.pid), (after(p.pid) if after else None)
    finally:
        p.stdin.close()
        try:
            reap(p)
        finally:
            p.stdout.close()


def idle_mount(argv, env, mnt, settle, after=None):
    """RSS of a mount `settle` seconds after `ls` of its root; `after(pid)` runs before it stops."""
    p, _ = start_mount(argv, env, mnt)
    try:
        subprocess.run(["ls", mnt], stdout=subprocess.DEVNULL, check=True)
        time.sleep(settle)
        figures = status(p.pid)
        extra = after(p.pid) if after else None
        return figures, extra
    finally:
        stop_mount(p, mnt)


def nmt(pid):
    """The JVM's native memory summary (committed MiB by category), and the resident memory of
    the class-data archive, libjvm and other files (MiB, from smaps)."""
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True,
                         text=True, timeout=60).stdout
    committed = {}
    for line in out.splitlines():
        m = NMT_LINE.match(line.strip())
        if m:
            committed[m.group(1)] = int(m.group(3)) / 1024
        elif line.startswith("Total:"):
            committed["Total (NMT)"] = int(re.search(r"committed=(\d+)KB", line).group(1)) / 1024
    files = {"class-data archives (.jsa)": 0.0, "libjvm.so": 0.0, "other files": 0.0,
             "anonymous": 0.0}
    name = ""
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                parts = line.split(None, 5)
                name = parts[5].strip() if len(parts) > 5 else ""
            elif line.startswith("Rss:"):
                kib = int(line.split()[1])
                if name.endswith(".jsa"):
                    key = "class-data archives (.jsa)"
                elif name.endswith("libjvm.so"):
                    key = "libjvm.so"
                elif name.startswith("/"):
                    key = "other files"
                else:
                    key = "anonymous"
                files[key] += kib / 1024
    return committed, files
