#!/usr/bin/env python3
"""MLflow's side of bench_tracking, through MLflow's own Python client on a SQLite store.

  tracking_peer.py ingest N            log N metric points (10 keys, batches of 1,000, MLflow's limit)
  tracking_peer.py make-store PATH R   an MLflow store with R runs: MLflow creates the schema and the
                                       experiment; the rows are bulk-inserted in MLflow's own tables
  tracking_peer.py search PATH         search_runs with a metric and a param filter, best of 10
Each prints one line: <what> <count> <seconds>.
"""
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
import warnings

warnings.filterwarnings("ignore")
os.environ["MLFLOW_ENABLE_ASYNC_LOGGING"] = "false"

import logging  # noqa: E402

logging.disable(logging.WARNING)
from mlflow.entities import Metric  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

FILTER = "metrics.acc > 0.9 and params.lr = '0.01'"
ORDER = ["metrics.acc DESC"]


def client_for(path):
    return MlflowClient("sqlite:///" + os.path.abspath(path))


def ingest(n):
    d = tempfile.mkdtemp()
    c = client_for(os.path.join(d, "mlflow.db"))
    run = c.create_run(c.create_experiment("ingest"))
    ts = int(time.time() * 1000)
    points = [Metric(f"metric_{i % 10}", random.random(), ts + i, i // 10) for i in range(n)]
    t = time.perf_counter()
    for i in range(0, n, 1000):
        c.log_batch(run.info.run_id, metrics=points[i:i + 1000])
    print(f"mlflow_ingest {n} {time.perf_counter() - t:.3f}")


def make_store(path, runs):
    if os.path.exists(path):
        os.remove(path)
    c = client_for(path)
    exp = c.create_experiment("search-bench")
    rng = random.Random(7)
    now = int(time.time() * 1000)
    con = sqlite3.connect(path)
    run_rows, params, metrics, latest, tags = [], [], [], [], []
    for i in range(runs):
        rid = uuid.uuid4().hex
        start = now - i * 1000
        run_rows.append((rid, f"run-{i}", "LOCAL", "bench", "", "bench", "FINISHED", start, start + 500, "",
                         "active", f"/tmp/artifacts/{rid}", exp))
        lr = rng.choice(["0.1", "0.03", "0.01", "0.003", "0.001"])
        params += [("lr", lr, rid), ("batch", str(rng.choice([32, 64, 128])), rid)]
        tags.append(("mlflow.runName", f"run-{i}", rid))
        for key in ("acc", "loss"):
            v = rng.random()
            metrics.append((key, v, start, rid, 0, 0))
            latest.append((key, v, start, 0, 0, rid))
    con.executemany("INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, "
                    "start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", run_rows)
    con.executemany("INSERT INTO params (key, value, run_uuid) VALUES (?,?,?)", params)
    con.executemany("INSERT INTO tags (key, value, run_uuid) VALUES (?,?,?)", tags)
    con.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?,?,?,?,?,?)", metrics)
    con.executemany("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)", latest)
    con.commit()
    con.close()
    print(f"mlflow_store {runs} {path}")


def search(path):
    c = client_for(path)
    exp = c.get_experiment_by_name("search-bench").experiment_id
    best, count = float("inf"), 0
    for _ in range(10):  # best of 10, as bench_tracking
        t = time.perf_counter()
        runs = c.search_runs([exp], filter_string=FILTER, order_by=ORDER, max_results=1000)
        best = min(best, time.perf_counter() - t)
        count = len(runs)
    print(f"mlflow_search {count} {best:.4f}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "ingest":
        ingest(int(sys.argv[2]))
    elif cmd == "make-store":
        make_store(sys.argv[2], int(sys.argv[3]))
    elif cmd == "search":
        search(sys.argv[2])
