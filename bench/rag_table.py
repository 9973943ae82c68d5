#!/usr/bin/env python3
"""Formats the outputs of bench_rag ann and rag_peer.py (given as LABEL=FILE) as one table:
recall@10 and QPS of every setting, implementation by implementation, and the build times."""
import sys

columns = []
for arg in sys.argv[1:]:
    label, path = arg.split("=", 1)
    results, builds, version = {}, {}, ""
    try:
        for line in open(path):
            p = line.split()
            if p[:1] == ["search"] and len(p) == 5:
                results[(p[1], p[2])] = (float(p[3]), float(p[4]))
            elif p[:1] == ["build"] and len(p) == 3:
                builds[p[1]] = float(p[2])
            elif p[:1] == ["version"]:
                version = p[2]
    except OSError:
        pass
    columns.append((label + (" " + version if version else ""), results, builds))

settings = []
for _, results, _ in columns:
    for key in results:
        if key not in settings:
            settings.append(key)
header = "| setting                  | " + " | ".join("%-26s" % c[0] for c in columns) + " |"
print(header)
print("|" + "-" * 26 + "|" + "|".join("-" * 28 for _ in columns) + "|")
for key in settings:
    cells = []
    for _, results, _ in columns:
        if key in results:
            r, q = results[key]
            cells.append("%-26s" % ("recall %.3f, %7.0f QPS" % (r, q)))
        else:
            cells.append("%-26s" % "-")
    print("| %-24s | %s |" % (key[0] + " " + key[1], " | ".join(cells)))
for kind in ("hnsw", "ivf"):
    cells = ["%-26s" % (("%.1f s" % c[2][kind]) if kind in c[2] else "-") for c in columns]
    print("| %-24s | %s |" % ("build " + kind, " | ".join(cells)))
