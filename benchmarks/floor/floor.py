#!/usr/bin/env python3
"""benchmarks/floor: what a JVM costs before holofs runs, against native peers' own start.

Called by run.sh; see README.md. Argument: the WORK directory (classes/Floor.class, compiled by
run.sh; the launcher's command for each source kind is written there as cmd-KIND.txt).
Environment: ROUNDS, MEM_ROUNDS, SETTLE, HOLOFS, ARCHIVE, RESULTS (see run.sh). This file decides
what runs; processes.py runs one process and reads what it cost.
"""
import functools
import glob
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from processes import idle_floor, idle_mount, log, nmt, timed

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from mounts import drop_caches, loadavg, start_mount, stop_mount  # noqa: E402 (after its path)

WORK = sys.argv[1]
ROUNDS = int(os.environ.get("ROUNDS", "9"))
MEM_ROUNDS = int(os.environ.get("MEM_ROUNDS", "3"))
SETTLE = float(os.environ.get("SETTLE", "2"))
HOLOFS = os.environ["HOLOFS"]
JAR = os.path.join(os.path.dirname(HOLOFS), "cli", "target", "holofs.jar")
ARCHIVE = os.environ["ARCHIVE"]
CLASSES = os.path.join(WORK, "classes")
KINDS = ["zip", "s3", "vfs", "demo"]
# a source of each kind, for the launcher to choose its options by (none is opened but zip: and demo:)
SOURCES = {"zip": f"zip:{ARCHIVE}", "s3": "s3://bucket", "vfs": "vfs:sftp://localhost/srv",
           "demo": "demo:"}


# ---- the launcher's command for each source kind -------------------------------------------------

# JDK 17.0.15 maps a class-data archive at a random address by default and then relocates every
# pointer in it (each page written: private, anonymous memory, and time); mode 0 maps it where it
# was dumped. Measured as an alternative, not the launcher's.
NOT_RELOCATED = ["-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"]
CDS_PREFIXES = ("-XX:SharedArchiveFile=", "-Xlog:cds")


@functools.cache
def launcher_command(kind):
    """(environment, JVM options without class-data options, archive options or []) of the
    command `HOLOFS_PRINT_COMMAND=1 ./holofs mount SOURCE` printed for this kind; the archive
    options are [] too when the archive does not map with the Floor's class path. Cached: each
    check of the archive starts a JVM."""
    with open(os.path.join(WORK, f"cmd-{kind}.txt")) as f:
        words = f.read().split("\n")[:-1]
    env = dict(os.environ)
    i = 0
    while words[i] != "java":
        name, value = words[i].split("=", 1)
        env[name] = value
        i += 1
    options = words[i + 1:words.index("-jar")]
    jvm = [w for w in options if not w.startswith(CDS_PREFIXES)]
    cds = [w for w in options if w.startswith(CDS_PREFIXES)]
    archive = cds if any(w.startswith("-XX:SharedArchiveFile=") for w in cds) else []
    if archive and not maps(jvm, archive, env):
        log(f"{kind}'s class-data archive does not map with the Floor's class path: left out")
        archive = []
    return env, jvm, archive


def floor_argv(jvm, archive, *mode):
    return ["java", *jvm, *archive, "-cp", f"{JAR}:{CLASSES}", "Floor", *mode]


# ---- the cases -----------------------------------------------------------------------------------


class Case:
    """One thing to start: a label, how to run it once (returning its figures), its columns."""

    def __init__(self, label, run, columns):
        self.label, self.run, self.columns = label, run, columns


def exec_case(label, argv, env, marks, columns):
    return Case(label, lambda: dict(zip(columns, timed(argv, env, marks))), columns)


def mount_case(label, argv, env, mnt):
    def run():
        p, seconds = start_mount(argv, env, mnt)
        stop_mount(p, mnt)
        return {"listable": seconds}
    return Case(label, run, ["listable"])


def native_peers():
    peers = [("exec /bin/true", ["/bin/true"]), ("fuse-zip --version", ["fuse-zip", "--version"]),
             ("rclone version", ["rclone", "version"]), ("sshfs --version", ["sshfs", "--version"])]
    found = []
    for label, argv in peers:
        if shutil.which(argv[0]):
            found.append((label, argv))
        else:
            log(f"skipping {label}: {argv[0]} is not installed")
    return found


def maps(jvm, archive, env):
    """Whether the archive maps (-Xshare:on fails where the default, auto, would silently not)."""
    return subprocess.run(floor_argv(jvm, [*archive, "-Xshare:on"]), env=env, timeout=60,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def start_cases(mnt):
    cases = []
    for label, argv in native_peers():
        cases.append(Case(label, (lambda a: lambda: {"exit": timed(a, None, 0, True)[0]})(argv), ["exit"]))
    main_exit = ["main", "exit"]
    cases.append(exec_case("java, JDK defaults: Floor", floor_argv([], []), None, 1, main_exit))
    for kind in KINDS:
        env, jvm, archive = launcher_command(kind)
        cases.append(exec_case(f"java, {kind} flags: Floor", floor_argv(jvm, []), env, 1, main_exit))
        if archive:
            cases.append(exec_case(f"java, {kind} flags + archive: Floor", floor_argv(jvm, archive),
                                   env, 1, main_exit))
        tag = " + archive" if archive else ""
        cases.append(exec_case(f"java, {kind} flags{tag}: Floor jna", floor_argv(jvm, archive, "jna"),
                               env, 2, ["main", "libc", "exit"]))
        if archive:
            cases.append(exec_case(f"java, {kind} flags + archive not relocated: Floor jna",
                                   floor_argv(jvm + NOT_RELOCATED, archive, "jna"), env, 2,
                                   ["main", "libc", "exit"]))
    cases.append(exec_case("./holofs mount zip:ARCHIVE, launcher alone (HOLOFS_PRINT_COMMAND=1)",
                           [HOLOFS, "mount", SOURCES["zip"], mnt],
                           dict(os.environ, HOLOFS_PRINT_COMMAND="1"), 0, ["exit"]))
    cases.append(exec_case("./holofs --version", [HOLOFS, "--version"], None, 0, ["exit"]))
    if shutil.which("fuse-zip"):
        cases.append(mount_case("fuse-zip ARCHIVE: mount", ["fuse-zip", "-f", "-r", ARCHIVE, mnt],
                                None, mnt))
    cases.append(mount_case("./holofs mount zip:ARCHIVE", [HOLOFS, "mount", f"zip:{ARCHIVE}", mnt],
                            None, mnt))
    cases.append(mount_case("./holofs mount demo:", [HOLOFS, "mount", "demo:", mnt], None, mnt))
    for name, source in (("zip:ARCHIVE", f"zip:{ARCHIVE}"), ("demo:", "demo:")):
        cases.append(mount_case(f"./holofs mount {name}, archive not relocated",
                                [HOLOFS, "mount", source, mnt], not_relocated_env(), mnt))
    return cases


def not_relocated_env():
    return dict(os.environ, HOLOFS_JAVA_OPTS=" ".join(NOT_RELOCATED))


def memory_cases(mnt):
    rss = ["VmRSS", "VmHWM", "RssAnon", "RssFile"]
    cases = [Case("java, JDK defaults: Floor sleep",
                  lambda: idle_floor(floor_argv([], [], "sleep"), None, 2, SETTLE)[0], rss)]

    def floor_case(label, jvm, archive, env, *mode):
        marks = 3 if "jna" in mode else 2
        return Case(label, lambda: idle_floor(floor_argv(jvm, archive, *mode), env, marks, SETTLE)[0], rss)

    for kind in KINDS:
        env, jvm, archive = launcher_command(kind)
        tag = " + archive" if archive else ""
        if archive:
            cases.append(floor_case(f"java, {kind} flags: Floor sleep", jvm, [], env, "sleep"))
        cases.append(floor_case(f"java, {kind} flags{tag}: Floor sleep", jvm, archive, env, "sleep"))
        cases.append(floor_case(f"java, {kind} flags{tag}: Floor jna sleep", jvm, archive, env,
                                "jna", "sleep"))
        if archive:
            cases.append(floor_case(f"java, {kind} flags + archive not relocated: Floor jna sleep",
                                    jvm + NOT_RELOCATED, archive, env, "jna", "sleep"))
    if shutil.which("fuse-zip"):
        cases.append(Case("fuse-zip ARCHIVE, idle after ls", lambda: idle_mount(
            ["fuse-zip", "-f", "-r", ARCHIVE, mnt], None, mnt, SETTLE)[0], rss))
    cases.append(Case("./holofs mount zip:ARCHIVE, idle after ls", lambda: idle_mount(
        [HOLOFS, "mount", f"zip:{ARCHIVE}", mnt], None, mnt, SETTLE)[0], rss))
    cases.append(Case("./holofs mount demo:, idle after ls", lambda: idle_mount(
        [HOLOFS, "mount", "demo:", mnt], None, mnt, SETTLE)[0], rss))
    for name, source in (("zip:ARCHIVE", f"zip:{ARCHIVE}"), ("demo:", "demo:")):
        cases.append(Case(f"./holofs mount {name}, archive not relocated, idle after ls",
                          (lambda src: lambda: idle_mount([HOLOFS, "mount", src, mnt],
                                                          not_relocated_env(), mnt, SETTLE)[0])(source), rss))
    return cases


# ---- rounds and tables ---------------------------------------------------------------------------


def rounds(cases, count, cold):
    """Every case once per round (cold then warm, if cold), the order reversed every other round;
    {(label, 'cold'|'warm', column): [figures]}."""
    got = {}
    for r in range(count):
        order = cases if r % 2 == 0 else list(reversed(cases))
        log(f"round {r + 1} of {count} (load {loadavg()})")
        for case in order:
            for state in (("cold", "warm") if cold else ("warm",)):
                if state == "cold":
                    drop_caches()
                try:
                    figures = case.run()
                except (RuntimeError, OSError, subprocess.SubprocessError) as e:
                    log(f"{case.label} ({state}) failed: {e}")
                    continue
                for column, value in figures.items():
                    got.setdefault((case.label, state, column), []).append(value)
    return got


def cell(values, scale, digits):
    if not values:
        return "-"
    med = statistics.median_low(values) if len(values) % 2 == 0 else statistics.median(values)
    f = f"{{:.{digits}f}}"
    return f"{f.format(med * scale)} ({f.format(min(values) * scale)}–{f.format(max(values) * scale)})"


def table(cases, got, states, scale, digits, unit):
    order = ["main", "libc", "exit", "listable", "VmRSS", "VmHWM", "RssAnon", "RssFile"]
    columns = [c for c in order if any(c in case.columns for case in cases)]
    head = [f"{s} {c}" for s in states for c in columns]
    lines = [f"| case | {' | '.join(head)} |", "|---" * (len(head) + 1) + "|"]
    for case in cases:
        cells = [cell(got.get((case.label, s, c), []), scale, digits) if c in case.columns else ""
                 for s in states for c in columns]
        lines.append(f"| {case.label} | {' | '.join(cells)} |")
    return "\n".join(lines) + f"\n\n({unit}: median (min–max))\n"


# ---- the JVM's own accounting ----------------------------------------------------------------------


def breakdown(mnt):
    nmt_opt = "-XX:NativeMemoryTracking=summary"
    env, jvm, archive = launcher_command("zip")
    runs = []
    tag = " + archive" if archive else ""
    for label, mode, marks in ((f"zip flags{tag}: Floor sleep", ("sleep",), 2),
                               (f"zip flags{tag}: Floor jna sleep", ("jna", "sleep"), 3)):
        figures, (committed, files) = idle_floor(floor_argv([*jvm, nmt_opt], archive, *mode), env,
                                                 marks, SETTLE, after=nmt)
        runs.append((label, figures, committed, files))
    mount_env = dict(os.environ, HOLOFS_JAVA_OPTS=nmt_opt)
    for label, source in (("./holofs mount zip:ARCHIVE, idle after ls", f"zip:{ARCHIVE}"),
                          ("./holofs mount demo:, idle after ls", "demo:")):
        figures, (committed, files) = idle_mount([HOLOFS, "mount", source, mnt], mount_env, mnt, SETTLE,
                                                 after=nmt)
        runs.append((label, figures, committed, files))
    categories = []
    for _, _, committed, _ in runs:
        categories += [c for c in committed if c not in categories and c != "Total (NMT)"]
    categories.sort(key=lambda c: -max(r[2].get(c, 0) for r in runs))
    lines = ["| MiB | " + " | ".join(r[0] for r in runs) + " |", "|---" * (len(runs) + 1) + "|"]

    def row(name, values):
        lines.append(f"| {name} | " + " | ".join(f"{v:.1f}" if v is not None else "-" for v in values)
                     + " |")

    row("VmRSS", [r[1]["VmRSS"] for r in runs])
    row("RssAnon", [r[1]["RssAnon"] for r in runs])
    row("RssFile", [r[1]["RssFile"] for r in runs])
    for key in ("class-data archives (.jsa)", "libjvm.so", "other files", "anonymous"):
        row(f"resident: {key}", [r[3][key] for r in runs])
    row("NMT committed, total", [r[2].get("Total (NMT)") for r in runs])
    for c in categories:
        if max(r[2].get(c, 0) for r in runs) >= 0.1:
            row(f"NMT: {c}", [r[2].get(c, 0.0) for r in runs])
    return "\n".join(lines) + "\n"


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(mnt):
    """Two untimed mounts of each kind, so the launcher makes each kind's class-data archive (the
    first lists the classes it loads, the second dumps them), then the launcher's command for each.
    s3 and vfs mounts need servers: theirs are refused by a closed loopback port, after loading
    JNA, libc's binding, the FUSE adapter and part of the SDK: every class the Floor loads."""
    port = closed_port()
    refused = {"s3": ["--endpoint", f"http://127.0.0.1:{port}", "--no-sign-request"],
               "vfs": []}
    for kind in ("zip", "demo"):
        for _ in range(2):
            p, _ = start_mount([HOLOFS, "mount", SOURCES[kind], mnt], None, mnt)
            stop_mount(p, mnt)
    for kind, source in (("s3", "s3://bucket"), ("vfs", f"vfs:sftp://127.0.0.1:{port}/srv")):
        for _ in range(2):
            subprocess.run([HOLOFS, "mount", source, mnt, *refused[kind]], timeout=120,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # Unconditionally: a FUSE mount whose server died is no mount to os.path.ismount.
            subprocess.run(["umount", "-l", mnt], stderr=subprocess.DEVNULL)
    for kind in KINDS:
        env = dict(os.environ, HOLOFS_PRINT_COMMAND="1")
        out = subprocess.run([HOLOFS, "mount", SOURCES[kind], mnt], env=env, check=True,
                             capture_output=True, text=True).stdout
        with open(os.path.join(WORK, f"cmd-{kind}.txt"), "w") as f:
            f.write(out)
        log(f"{kind}: {' '.join(out.split())}")


def main():
    results = os.environ["RESULTS"]
    mnt = tempfile.mkdtemp(prefix="floor-mnt-", dir=WORK)
    report = []
    started = time.time()
    # prepare's refused s3/vfs mounts dump partial archives into the checkout, which real mounts
    # would then map until the jar is rebuilt: those this run made go at its end.
    made = [path for kind in ("s3", "vfs") for ext in ("jsa", "classlist")
            if not os.path.exists(path := f"{JAR[:-len('.jar')]}-{kind}.{ext}")]
    try:
        prepare(mnt)
        report.append("The launcher's commands (`HOLOFS_PRINT_COMMAND=1 ./holofs mount SOURCE MNT`):\n")
        for kind in KINDS:
            with open(os.path.join(WORK, f"cmd-{kind}.txt")) as f:
                report.append(f"- {kind}: `{' '.join(f.read().split())}`")
        report.append("\nThe class-data archives they map: " + ", ".join(
            f"{os.path.basename(a)} {os.path.getsize(a) / 1e6:.1f} MB"
            for a in sorted(glob.glob(os.path.join(os.path.dirname(JAR), "holofs-*.jsa")))))
        report.append(f"\nload average at the start: {loadavg()}")
        cases = start_cases(mnt)
        log(f"start floor: {len(cases)} cases, {ROUNDS} rounds, cold and warm")
        got = rounds(cases, ROUNDS, cold=True)
        report.append(f"\n## Start floor (load average after: {loadavg()})\n")
        report.append(table(cases, got, ("cold", "warm"), 1000, 0, "ms from exec"))
        cases = memory_cases(mnt)
        log(f"memory floor: {len(cases)} cases, {MEM_ROUNDS} rounds, warm")
        got = rounds(cases, MEM_ROUNDS, cold=False)
        report.append(f"\n## Memory floor, {SETTLE} s idle (load average after: {loadavg()})\n")
        report.append(table(cases, got, ("warm",), 1, 1, "MiB"))
        log("breakdown (NativeMemoryTracking=summary, one run each)")
        report.append("\n## Breakdown, one run each with -XX:NativeMemoryTracking=summary "
                      "(its own overhead included)\n")
        report.append(breakdown(mnt))
    finally:
        # Unconditionally: a FUSE mount whose server died is no mount to os.path.ismount (ENOTCONN).
        subprocess.run(["umount", "-l", mnt], stderr=subprocess.DEVNULL)
        os.rmdir(mnt)
        for path in made:
            if os.path.exists(path):
                os.remove(path)
    report.append(f"\nload average at the end: {loadavg()}; {time.time() - started:.0f} s in all")
    text = "\n".join(report)
    print(text)
    with open(os.path.join(results, "report.md"), "a") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
