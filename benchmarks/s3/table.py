#!/usr/bin/env python3
"""Summarises benchmarks/s3/run.sh's rounds.tsv: per workload and peer the median over the rounds
of the wall time, the S3 requests (LIST/GET/HEAD) of the median round, the CPU seconds of the
serving process and of S3Proxy; then the ratios of the medians peer/holofs (above 1: holofs is
faster).

Usage: table.py ROUNDS.TSV BIG_MIB PEER...
"""
import csv
import statistics
import sys

WORKLOADS = ["mount", "ls-l", "find", "read-small", "seq-read", "preads", "rss"]


def main():
    path, big_mib, peers = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    rows = {}
    with open(path) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows.setdefault((r["peer"], r["workload"]), []).append(r)
    print("median seconds [requests LIST/GET/HEAD, CPU s of the peer + of S3Proxy]; "
          "seq-read also MB/s; rss: peak RSS of the peer, MiB")
    width = 44
    print("%-11s" % "workload" + "".join("%-*s" % (width, p) for p in peers)
          + "".join("%-14s" % (p + "/holofs") for p in peers if p != "holofs"))
    for w in WORKLOADS:
        medians = {}
        line = "%-11s" % w
        for p in peers:
            rs = rows.get((p, w), [])
            if not rs:
                line += "%-*s" % (width, "-")
                continue
            rs = sorted(rs, key=lambda r: float(r["seconds"]))
            mid = rs[(len(rs) - 1) // 2]
            secs = statistics.median(float(r["seconds"]) for r in rs)
            medians[p] = secs
            if w == "rss":
                cell = "%.0f MiB" % max(float(r["seconds"]) for r in rs)
            else:
                cpu = statistics.median(float(r["peer_cpu"]) for r in rs)
                proxy = statistics.median(float(r["s3proxy_cpu"]) for r in rs)
                cell = "%.2f" % secs
                if w == "seq-read":
                    cell += " (%.0f MB/s)" % (big_mib * 1.048576 / secs)
                cell += " [%s, %.1f+%.1f]" % (mid["requests"], cpu, proxy)
            line += "%-*s" % (width, cell)
        for p in peers:
            if p != "holofs":
                ok = medians.get("holofs") and medians.get(p)
                line += "%-14s" % (("%.2fx" % (medians[p] / medians["holofs"])) if ok else "-")
        print(line)


main()
