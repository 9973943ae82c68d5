"""Drift benchmark, Keel beside Evidently on the same files.

    drift_peer.py make DIR ROWS COLS     writes DIR/reference.csv and DIR/current.csv: mixed
                                         columns (numeric, few-valued numeric, categorical,
                                         boolean), a third of them shifted in the current data
    drift_peer.py keel KEEL DIR          times `keel drift` on them: "keel SECONDS PEAK_MIB DRIFTED/COLS"
    drift_peer.py keel-profile KEEL DIR  the same with the reference kept as a profile first (not
                                         timed): "keel_profile SECONDS PEAK_MIB DRIFTED/COLS"
    drift_peer.py evidently DIR          times Evidently's legacy DataDriftPreset (pandas.read_csv
                                         included, as Keel's time includes reading): same line
Peak memory is the process's maximum resident set size (getrusage)."""
import json
import os
import resource
import subprocess
import sys
import time


def make(folder, rows, cols):
    import numpy as np
    rng = np.random.default_rng(5)
    os.makedirs(folder, exist_ok=True)
    for name, shifted in (("reference.csv", False), ("current.csv", True)):
        data = {}
        for c in range(cols):
            kind = c % 4
            moved = shifted and c % 3 == 0
            if kind == 0:
                data[f"num_{c}"] = np.round(rng.normal(0.3 if moved else 0.0, 1.0, rows), 5)
            elif kind == 1:
                data[f"small_{c}"] = rng.integers(0, 4 if not moved else 5, rows)
            elif kind == 2:
                p = [0.4, 0.3, 0.2, 0.1] if not moved else [0.25, 0.25, 0.25, 0.25]
                data[f"cat_{c}"] = rng.choice(["alpha", "beta", "gamma", "delta"], rows, p=p)
            else:
                data[f"flag_{c}"] = np.where(rng.random(rows) < (0.5 if moved else 0.3), "true", "false")
        names = list(data)
        with open(os.path.join(folder, name), "w") as f:
            f.write(",".join(names) + "\n")
            columns = [data[n].astype(str) for n in names]
            for r in range(rows):
                f.write(",".join(col[r] for col in columns) + "\n")


def keel(binary, folder):
    start = time.perf_counter()
    out = subprocess.run([binary, "drift", os.path.join(folder, "reference.csv"), os.path.join(folder, "current.csv"), "--json"],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode not in (0, 1):
        raise SystemExit(out.stderr)
    report = json.loads(out.stdout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"keel {seconds:.2f} {peak:.0f} {report['number_of_drifted_columns']}/{report['number_of_columns']}")


def keel_profile(binary, folder):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        ws = os.path.join(tmp, "ws")
        subprocess.run([binary, "workspace", "init", ws], check=True, capture_output=True)
        subprocess.run([binary, "drift", "profile", os.path.join(folder, "reference.csv"), "--name", "reference", "--workspace", ws],
                       check=True, capture_output=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        out = subprocess.run([binary, "drift", "profile:reference", os.path.join(folder, "current.csv"), "--json", "--workspace", ws],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if out.returncode not in (0, 1):
            raise SystemExit(out.stderr)
        report = json.loads(out.stdout)
        # The largest child so far: the profile's build may have been the larger one.
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        print(f"keel_profile {seconds:.2f} {peak:.0f} {report['number_of_drifted_columns']}/{report['number_of_columns']}")


def evidently(folder):
    import warnings
    warnings.filterwarnings("ignore")
    import pandas as pd
    from evidently.legacy.metric_preset import DataDriftPreset
    from evidently.legacy.pipeline.column_mapping import ColumnMapping
    from evidently.legacy.report import Report
    start = time.perf_counter()
    ref = pd.read_csv(os.path.join(folder, "reference.csv"))
    cur = pd.read_csv(os.path.join(folder, "current.csv"))
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=ref, current_data=cur, column_mapping=ColumnMapping(target=None, prediction=None))
    result = next(m["result"] for m in report.as_dict()["metrics"] if "drift_by_columns" in m["result"])
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"evidently {seconds:.2f} {peak:.0f} {result['number_of_drifted_columns']}/{result['number_of_columns']}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "keel":
        keel(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "keel-profile":
        keel_profile(sys.argv[2], sys.argv[3])
    else:
        evidently(sys.argv[2])
