#!/usr/bin/env python3
"""Prints the mount benchmarks' tables from one run.sh results directory.

Usage: report.py RESULTS_DIR
Reads SERVER-PLACEMENT-tN.rR.json (JMH: server holofs or libfuse, placement free or cpu0, N
client threads, round R), and holofs-cached, libfuse-cached, tmpfs (.rR.json) if present. A score
is the median of all measurement iterations of all rounds (robust against a busy neighbour on a
small machine). JMH's average time with N threads is the time per operation of each thread, so
throughput is N operations over it. Targets (issue 16, and issue 13 for uncached stat and a
missing name): holofs/libfuse latency at most 1.10 (so throughput at least 0.9 of libfuse's) on
every workload, at every thread count and placement; MB/s at least 0.90 of libfuse's. Beside
each ratio, the spread of the rounds: the ratio of each round's own medians, lowest to highest,
and how many rounds measured that cell.
"""
import glob
import json
import os
import re
import statistics
import sys

BIG_MIB = 64
RT = "dev.holofs.benchmarks.mount.MountRoundTrips."
SEQ = "dev.holofs.benchmarks.mount.MountSequentialRead.read64m"
WORKLOADS = [
    (RT + "fstat", "fstat (GETATTR)"),
    (RT + "stat", "stat, uncached (LOOKUP+GETATTR)"),
    (RT + "statMissing", "stat of a missing name (LOOKUP)"),
    (RT + "openRead4k", "open + read 4 KiB + close"),
    (RT + "readdirMany", "readdir of 1,000"),
    (SEQ, "sequential read 64 MiB"),
]
LIMIT = 1.10


def load(results, name, exact=False):
    """Every round's measurement iterations of run NAME (or of file NAME.json if EXACT), per
    benchmark: {benchmark: metric}."""
    merged = {}
    pattern = name + (".json" if exact else ".r*.json")
    for path in sorted(glob.glob(os.path.join(results, pattern))):
        with open(path) as f:
            for run in json.load(f):
                m = merged.setdefault(run["benchmark"], {"unit": run["primaryMetric"]["scoreUnit"],
                                                         "samples": [], "threads": run["threads"]})
                for fork in run["primaryMetric"]["rawData"]:
                    m["samples"].extend(fork)
    for m in merged.values():
        m["score"] = statistics.median(m["samples"])
    return merged


def round_ratios(results, placement, t, key, seq):
    """holofs/libfuse of each round's medians alone, for the rounds that measured KEY."""
    ratios = []
    for path in sorted(glob.glob(os.path.join(results, "holofs-%s-t%d.r*.json" % (placement, t)))):
        r = re.search(r"\.r(\d+)\.json$", path).group(1)
        h = load(results, "holofs-%s-t%d.r%s" % (placement, t, r), exact=True).get(key)
        p = load(results, "libfuse-%s-t%d.r%s" % (placement, t, r), exact=True).get(key)
        if h and p:
            ratios.append(mbps(h) / mbps(p) if seq else micros(h) / micros(p))
    return ratios


def spread(ratios):
    """The rounds' ratios as min-max (n rounds)."""
    if not ratios:
        return "-"
    return "%.2f-%.2f (%d)" % (min(ratios), max(ratios), len(ratios))


def micros(m):
    return m["score"] * {"ms/op": 1e3, "us/op": 1.0, "s/op": 1e6}[m["unit"]]


def mbps(m):
    return BIG_MIB * 1048576 / (micros(m) * 1e-6) / 1e6


def cell(m, seq):
    """Latency and throughput of one server's median, as printed."""
    if m is None:
        return "-"
    if seq:
        return "%.0f MB/s" % mbps(m)
    return "%.1f µs  %s/s" % (micros(m), human(m["threads"] * 1e6 / micros(m)))


def human(ops):
    return "%.1fk" % (ops / 1000) if ops >= 1000 else "%.0f" % ops


def table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def main():
    results = sys.argv[1]
    names = set()
    for path in glob.glob(os.path.join(results, "*-t*.r*.json")):
        m = re.match(r"(holofs|libfuse)-(free|cpu0)-t(\d+)\.r\d+\.json$", os.path.basename(path))
        if m:
            names.add((m.group(2), int(m.group(3))))
    met, missed = [], []
    for placement in ("free", "cpu0"):
        threads = sorted(t for p, t in names if p == placement)
        if not threads:
            continue
        print("\n%s: %s" % (placement, "server and client on every CPU" if placement == "free"
                              else "server and client pinned to CPU 0 (work per request)"))
        rows = []
        for key, label in WORKLOADS:
            seq = key == SEQ
            for t in threads:
                h = load(results, "holofs-%s-t%d" % (placement, t)).get(key)
                p = load(results, "libfuse-%s-t%d" % (placement, t)).get(key)
                if h is None and p is None:
                    continue  # not measured in this run (WORKLOADS)
                if h is None or p is None:
                    rows.append((label, t, cell(h, seq), cell(p, seq), "-", "-", "no data"))
                    missed.append("%s %s t%d (no data)" % (placement, label, t))
                    continue
                # latency ratio (time per op), or for MB/s the throughput ratio
                ratio = mbps(h) / mbps(p) if seq else micros(h) / micros(p)
                ok = ratio >= 1 / LIMIT if seq else ratio <= LIMIT
                (met if ok else missed).append("%s %s t%d" % (placement, label, t))
                rows.append((label, t, cell(h, seq), cell(p, seq),
                             ("%.2f" % ratio) + (" (MB/s)" if seq else ""),
                             spread(round_ratios(results, placement, t, key, seq)),
                             "met" if ok else "NOT met"))
        table(rows, ("workload", "threads", "holofs", "libfuse", "holofs/libfuse",
                     "rounds min-max (n)", "target"))
        gen = []
        for t in threads:
            h = load(results, "holofs-%s-t%d" % (placement, t)).get(SEQ)
            g = load(results, "libfusegen-%s-t%d" % (placement, t)).get(SEQ)
            if h and g:
                gen.append("%d thread(s) %s, holofs/that %.2f" % (t, cell(g, True), mbps(h) / mbps(g)))
        if gen:
            print("sequential read against libfuse computing each READ's bytes (--generate, "
                  "splitmix64 per word):\n  " + "\n  ".join(gen))

    cached = {n: load(results, n) for n in ("holofs-cached", "libfuse-cached", "tmpfs")}
    if any(cached.values()):
        print("\none thread, unpinned: tmpfs (the floor), and a repeated stat with default caching")
        rows = []
        for key, label in WORKLOADS:
            t = cached["tmpfs"].get(key)
            rows.append((label + ", tmpfs", cell(t, key == SEQ) if t else "-"))
        for n in ("holofs-cached", "libfuse-cached"):
            m = cached[n].get(RT + "stat")
            rows.append(("stat, %s (default caching)" % n.split("-")[0], cell(m, False) if m else "-"))
        table(rows, ("workload", "median"))

    probes = {}
    for name in ("holofs-free", "libfuse-free"):
        path = os.path.join(results, name + ".protocol.txt")
        if os.path.exists(path):
            with open(path) as f:
                probes[name] = {l.split()[0]: l.split()[2] for l in f if l.strip()}
    if probes:
        print("\nFUSE requests per operation, timeouts 0 (strace of the server, unpinned):")
        print("  %-12s %10s %10s" % ("workload", "holofs", "libfuse"))
        for k in ("fstat", "stat", "statMissing", "openRead4k", "readdirMany", "read64m"):
            print("  %-12s %10s %10s" % (k, probes.get("holofs-free", {}).get(k, "-"),
                                          probes.get("libfuse-free", {}).get(k, "-")))

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
    print("targets: %d of %d met%s" % (len(met), len(met) + len(missed),
                                        "" if not missed else "; not met: " + ", ".join(missed)))
    return 0 if same else 2


if __name__ == "__main__":
    sys.exit(main())
