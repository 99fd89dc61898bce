#!/usr/bin/env python3
"""Prints the mount benchmarks' table from one run.sh results directory.

Usage: report.py RESULTS_DIR
Reads NAME.rN.json (JMH, round N) for NAME in holofs0, libfuse0, libfuse0-st, libfuse0-gen, holofs-cached, libfuse-cached,
tmpfs, and fingerprints.txt; compares against issue 3's targets. A score is the median of all
measurement iterations of all rounds (robust against a busy neighbour on a small machine), shown
with the range of those iterations.
"""
import glob
import json
import os
import statistics
import sys

BIG_MIB = 64
RT = "dev.holofs.benchmarks.mount.MountRoundTrips."
SEQ = "dev.holofs.benchmarks.mount.MountSequentialRead.read64m"

ROUND_TRIPS = [
    ("stat", "stat by path (LOOKUP+GETATTR)"),
    ("fstat", "fstat (GETATTR)"),
    ("openRead4k", "open + read 4 KiB + close"),
    ("readdirMany", "readdir many/ (1,000 entries)"),
]


def load(results, name):
    """Every round's measurement iterations of run NAME, per benchmark: {benchmark: metric}."""
    merged = {}
    for path in sorted(glob.glob(os.path.join(results, name + ".r*.json"))):
        with open(path) as f:
            for run in json.load(f):
                m = merged.setdefault(run["benchmark"], {"unit": run["primaryMetric"]["scoreUnit"],
                                                         "samples": []})
                for fork in run["primaryMetric"]["rawData"]:
                    m["samples"].extend(fork)
    for m in merged.values():
        m["score"] = statistics.median(m["samples"])
    return merged


def fmt_time(m):
    """The median iteration and the range of all iterations."""
    if m is None:
        return "-"
    unit = m["unit"].replace("us/op", "µs/op")
    return "%.2f %s [%.2f–%.2f]" % (m["score"], unit, min(m["samples"]), max(m["samples"]))


def mbps(m):
    if m is None:
        return None
    factor = {"ms/op": 1e-3, "us/op": 1e-6, "s/op": 1.0}[m["unit"]]
    return BIG_MIB * 1048576 / 1e6 / (m["score"] * factor)


def fmt_mbps(m):
    if m is None:
        return "-"
    slowest = mbps(dict(m, score=max(m["samples"])))
    fastest = mbps(dict(m, score=min(m["samples"])))
    return "%.0f MB/s [%.0f–%.0f]" % (mbps(m), slowest, fastest)


def main():
    results = sys.argv[1]
    runs = {n: load(results, n) for n in
            ("holofs0", "libfuse0", "libfuse0-st", "libfuse0-gen", "holofs-cached", "libfuse-cached", "tmpfs")}
    rows = []
    all_met = True

    def verdict(ok):
        nonlocal all_met
        if ok is None:
            all_met = False
            return "no data"
        all_met &= ok
        return "met" if ok else "NOT met"

    def row(workload, holofs, peer, ratio, target, ok, tmpfs="-"):
        rows.append((workload, holofs, peer, "-" if ratio is None else "%.2f" % ratio,
                     target, verdict(ok), tmpfs))

    for key, label in ROUND_TRIPS:
        h = runs["holofs0"].get(RT + key)
        p = runs["libfuse0"].get(RT + key)
        t = runs["tmpfs"].get(RT + key)
        ratio = h["score"] / p["score"] if h and p else None
        row(label + ", timeouts 0", fmt_time(h), fmt_time(p), ratio, "holofs/libfuse ≤ 1.10",
            None if ratio is None else ratio <= 1.10, fmt_time(t))

    h = runs["holofs0"].get(SEQ)
    p = runs["libfuse0"].get(SEQ)
    t = runs["tmpfs"].get(SEQ)
    ratio = mbps(h) / mbps(p) if h and p else None
    row("sequential read 64 MiB (1 MiB reads)", fmt_mbps(h), fmt_mbps(p), ratio,
        "MB/s holofs/libfuse ≥ 0.80", None if ratio is None else ratio >= 0.80, fmt_mbps(t))

    h = runs["holofs-cached"].get(RT + "stat")
    p = runs["libfuse-cached"].get(RT + "stat")
    t = runs["tmpfs"].get(RT + "stat")
    ratio = h["score"] / t["score"] if h and t else None
    row("repeated stat, default caching", fmt_time(h), fmt_time(p), ratio,
        "holofs/tmpfs ≤ 1.50", None if ratio is None else ratio <= 1.50, fmt_time(t))

    header = ("workload", "holofs", "libfuse (mt)", "ratio", "target", "", "tmpfs")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))

    gen = runs["libfuse0-gen"].get(SEQ)
    if gen:
        h = runs["holofs0"].get(SEQ)
        print("\nsequential read, libfuse computing each READ's bytes as DemoTree does (--generate): "
              "%s; holofs/that %s" % (fmt_mbps(gen), "%.2f" % (mbps(h) / mbps(gen)) if h else "-"))

    st = runs["libfuse0-st"]
    if st:
        print("\nlibfuse single-threaded loop (-s), timeouts 0:")
        for key, label in ROUND_TRIPS:
            print("  %-34s %s" % (label, fmt_time(st.get(RT + key))))
        print("  %-34s %s" % ("sequential read 64 MiB", fmt_mbps(st.get(SEQ))))

    probes = {}
    for name in ("holofs0", "libfuse0"):
        path = os.path.join(results, name + ".protocol.txt")
        if os.path.exists(path):
            with open(path) as f:
                probes[name] = {l.split()[0]: l.split()[2] for l in f if l.strip()}
    if probes:
        print("\nFUSE requests per operation, timeouts 0 (strace of the server):")
        keys = [k for k, _ in ROUND_TRIPS] + ["read64m"]
        print("  %-12s %10s %10s" % ("workload", "holofs", "libfuse"))
        for k in keys:
            print("  %-12s %10s %10s" % (k, probes.get("holofs0", {}).get(k, "-"),
                                          probes.get("libfuse0", {}).get(k, "-")))

    fingerprints = {}
    with open(os.path.join(results, "fingerprints.txt")) as f:
        for line_ in f:
            name, *sums = line_.split()
            fingerprints[name] = tuple(sums)
    same = len(set(fingerprints.values())) == 1
    print("\nbytes (sha256 of 4k.bin and of big/64m.bin[24 MiB, 32 MiB)): %s across %s" %
          ("identical" if same else "DIFFERENT", ", ".join(sorted(fingerprints))))
    if not same:
        for name, sums in sorted(fingerprints.items()):
            print("  %-16s %s" % (name, " ".join(sums)))
    print("targets: %s" % ("all met" if all_met else "not all met"))
    return 0 if same else 2


if __name__ == "__main__":
    sys.exit(main())
