#!/usr/bin/env python3
"""The summary scripts/bench.sh ends with: every figure issue 19 holds Keel to, beside its peer.

summary.py FIGURES.tsv OUT.json
FIGURES.tsv has one line per measurement, "ID<TAB>KEEL<TAB>PEER" (PEER may be empty), as
bench.sh's record() writes them; a figure measured twice keeps its last value. Prints a
Markdown table (Keel, peer, ratio, target, met or not) and writes it as JSON, with the date and
the CPU, so bench/results/latest.json shows progress commit by commit. Figures a run did not
measure (a section left out with KEEL_BENCH_ONLY, a peer that could not be installed) keep the
figure OUT.json already held, with the date it was measured ("measured"), so a partial run moves
only what it measured; a figure never measured says so.
"""
import datetime
import json
import platform
import sys

# id, workload, unit, peer, how Keel is compared, target.
#   "faster": Keel and peer are times, ratio = peer / Keel, met when ratio >= target
#   "higher": Keel and peer are rates, ratio = Keel / peer, met when ratio >= target
#   "at_most": Keel alone is held to an absolute bound (the peer is shown when there is one)
FIGURES = [
    ("decode_1", "SmolLM2-135M Q4_1, one stream, decoding tokens/s (prompt left out)", "tokens/s", "llama.cpp (llama-cpp-python), same GGUF", "higher", 1.0),
    ("decode_16", "same, 16 concurrent requests, aggregate tokens/s", "tokens/s", "llama.cpp, one stream", "higher", 3.0),
    ("decode_64", "same, 64 concurrent requests, aggregate tokens/s", "tokens/s", "Keel, 16 concurrent", "higher", 1.0),
    ("embed", "all-MiniLM-L6-v2, embeddings/s (batch 64, ~128 tokens)", "embeddings/s", "sentence-transformers on PyTorch", "higher", 1.5),
    ("drift_csv", "data drift, 1,000,000 rows x 50 columns from CSV", "s", "Evidently DataDriftPreset (pandas.read_csv included)", "faster", 20.0),
    ("drift_profile", "same, reference from a stored profile", "s", "Evidently", "faster", 100.0),
    ("drift_10m_memory", "data drift, 10,000,000 rows x 10 columns, peak memory", "MiB", "Evidently (KEEL_BENCH_FULL=1)", "at_most", 512.0),
    ("ingest", "ingest 1,000,000 metric points, batches of 1,000", "s", "MLflow client -> SQLite", "faster", 100.0),
    ("search", "search 10,000 runs, metric + param filter, whole runs", "s", "MLflow search_runs", "faster", 20.0),
    ("chart_first", "chart 100 runs x 100,000 points, first draw", "ms", "", "at_most", 150.0),
    ("startup_version", "keel --version, process start to exit (median)", "ms", "git --version", "at_most", 50.0),
    ("startup_alias", "keel registry alias ..., process start to exit (median)", "ms", "sqlite3 one query", "at_most", 50.0),
]


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def cpu():
    name, flags = platform.processor() or "unknown CPU", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and name in ("", "unknown CPU", "x86_64"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    kernels = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    if "avx512_vnni" in flags:
        kernels += " VNNI"
    return name, kernels


def main():
    measured = {}
    with open(sys.argv[1]) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                measured[parts[0]] = (number(parts[1]), number(parts[2]) if len(parts) > 2 else None)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    earlier = {}
    try:
        with open(sys.argv[2]) as f:
            before = json.load(f)
        for r in before.get("figures", []):
            if r.get("keel") is not None:
                earlier[r["id"]] = dict(r, measured=r.get("measured", before.get("date")))
    except (OSError, ValueError):
        pass
    rows = []
    for fid, workload, unit, peer, kind, target in FIGURES:
        if fid not in measured and fid in earlier:
            rows.append(earlier[fid])
            continue
        keel, other = measured.get(fid, (None, None))
        ratio = None
        if keel is not None and other is not None and keel > 0 and other > 0:
            ratio = other / keel if kind == "faster" else keel / other if kind == "higher" else None
        if keel is None:
            met = None
        elif kind == "at_most":
            met = keel <= target
        else:
            met = None if ratio is None else ratio >= target
        rows.append({"id": fid, "workload": workload, "unit": unit, "keel": keel, "peer_name": peer, "peer": other,
                     "ratio": ratio, "target": (f"<= {target:g} {unit}" if kind == "at_most" else f">= {target:g}x"), "met": met,
                     "measured": now if keel is not None else None})
    name, kernels = cpu()
    print(f"| workload | Keel | peer | ratio | target | met |")
    print(f"|---|---|---|---|---|---|")
    for r in rows:
        keel = "not run" if r["keel"] is None else f"{r['keel']:g} {r['unit']}"
        peer = r["peer_name"] + ("" if r["peer"] is None else f": {r['peer']:g} {r['unit']}") if r["peer_name"] else "-"
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        met = "not measured" if r["met"] is None else "yes" if r["met"] else "no"
        if r.get("measured") and r["measured"] != now:
            met += f" (carried from {r['measured'][:10]})"
        print(f"| {r['workload']} | {keel} | {peer} | {ratio} | {r['target']} | {met} |")
    print(f"({name}, {kernels} kernels)")
    with open(sys.argv[2], "w") as f:
        json.dump({"date": now, "cpu": name,
                   "kernels": kernels, "only": sys.argv[3] if len(sys.argv) > 3 else "", "figures": rows}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
