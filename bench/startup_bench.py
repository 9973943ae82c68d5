#!/usr/bin/env python3
"""Process start to exit, median of N runs: `keel` commands beside git and sqlite3.

startup_bench.py KEEL [N]
Prints one line per command: its median and fastest wall time in milliseconds, and the
shared libraries the dynamic loader initialised (LD_DEBUG=libs), which is what the time is
mostly made of. A workspace with one registered model is made in a temporary folder first.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(args, n, env=None):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append((time.perf_counter() - start) * 1000.0)
        if done.returncode != 0:
            sys.exit(f"{' '.join(args)} exited {done.returncode}")
    return statistics.median(times), min(times)


def libraries(args):
    env = dict(os.environ, LD_DEBUG="libs")
    err = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env).stderr.decode(errors="replace")
    return sum(1 for line in err.splitlines() if "calling init:" in line)


def main():
    keel = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    with tempfile.TemporaryDirectory() as tmp:
        ws = os.path.join(tmp, "ws")
        model = os.path.join(tmp, "model.bin")
        with open(model, "wb") as f:
            f.write(b"weights")
        for args in (["workspace", "init", ws], ["registry", "register", "churn", model, "--workspace", ws]):
            subprocess.run([keel] + args, check=True, stdout=subprocess.DEVNULL)
        db = os.path.join(ws, "workspace.db")
        app = os.path.join(os.path.dirname(os.path.abspath(keel)), "keel-app")
        cases = [
            ("keel --version", [keel, "--version"]),
            ("keel registry alias churn champion 1", [keel, "registry", "alias", "churn", "champion", "1", "--workspace", ws]),
            ("keel registry list --json", [keel, "registry", "list", "--json", "--workspace", ws]),
            ("keel runs list", [keel, "runs", "list", "--workspace", ws]),
            ("keel-app --version (the whole app)", [app, "--version"]),
            ("peer: git --version", ["git", "--version"]),
        ]
        if shutil.which("sqlite3"):
            cases.append(("peer: sqlite3 workspace.db 'select count(*) ...'", ["sqlite3", db, "select count(*) from registered_models"]))
        print(f"{'command':<52} {'median ms':>10} {'fastest':>8} {'libraries':>10}")
        medians = {}
        for name, args in cases:
            median, fastest = timed(args, n)
            medians[name] = median
            print(f"{name:<52} {median:>10.1f} {fastest:>8.1f} {libraries(args):>10}")
        # With KEEL_BENCH_SUMMARY set (scripts/bench.sh), the figures of its summary table.
        summary = os.environ.get("KEEL_BENCH_SUMMARY")
        if summary:
            sqlite = next((v for k, v in medians.items() if k.startswith("peer: sqlite3")), None)
            with open(summary, "a") as f:
                f.write(f"startup_version\t{medians['keel --version']:.2f}\t{medians['peer: git --version']:.2f}\n")
                f.write(f"startup_alias\t{medians['keel registry alias churn champion 1']:.2f}\t{'' if sqlite is None else f'{sqlite:.2f}'}\n")


if __name__ == "__main__":
    main()
