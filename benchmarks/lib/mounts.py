"""What the benchmarks share to start a mount, see it listable, stop it and read what it cost.

Imported with a path (benchmarks are scripts, not a package):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    from mounts import drop_caches, start_mount, stop_mount, ...
Root only where it mounts or drops caches.
"""
import os
import signal
import subprocess
import tempfile
import time


def drop_caches():
    """Writes back dirty pages, then drops the page cache, dentries and inodes: a cold start."""
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def listable(mnt):
    """Whether mnt is a mount whose root lists something."""
    try:
        return os.path.ismount(mnt) and len(os.listdir(mnt)) > 0
    except OSError:
        return False


def start_mount(argv, env, mnt, timeout=60.0):
    """Starts a mount's serving process, which stays in the foreground; (process, seconds from
    just before the exec until its root lists something). If it exits first or is not listable
    within timeout s, raises with the end of what it wrote to stderr (kept in a file: a pipe
    nobody reads could fill and stall it)."""
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=err)
    listed = False
    try:
        while not listable(mnt):
            if p.poll() is not None:
                raise RuntimeError(f"{' '.join(argv)} exited with {p.returncode} before {mnt}"
                                   f" listed: {tail(err)}")
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"{' '.join(argv)}: {mnt} not listable after {timeout} s:"
                                   f" {tail(err)}")
            time.sleep(0.001)
        listed = True
        return p, time.perf_counter() - t0
    finally:
        err.close()
        if not listed:  # failed, or interrupted (Ctrl-C): nothing left mounted or running
            stop_mount(p, mnt)


def tail(f, size=500):
    f.seek(0, os.SEEK_END)
    f.seek(max(0, f.tell() - size))
    text = f.read().decode(errors="replace").strip()
    # It may hold an archive's entry names: no control characters reach the terminal raw.
    return "".join(c if c.isprintable() or c == "\n" else repr(c)[1:-1] for c in text)


def stop_mount(p, mnt):
    """Unmounts mnt and ends p, whatever state either is in."""
    if os.path.ismount(mnt):
        try:
            subprocess.run(["fusermount3", "-u", mnt], stderr=subprocess.DEVNULL)
        except OSError:
            pass  # no fusermount3: SIGTERM and umount -l below still end it
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)  # holofs and fuse-zip unmount on SIGTERM
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    # Unconditionally: a FUSE mount whose server died is no mount to os.path.ismount (ENOTCONN).
    subprocess.run(["umount", "-l", mnt], stderr=subprocess.DEVNULL)


def status(pid):
    """VmRSS, VmHWM, RssAnon, RssFile, RssShmem of a process, MiB."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(rest.split()[0]) / 1024
    return out
