#!/usr/bin/env python3
"""A small MLflow store for the run-search details that must follow MLflow exactly, written and
searched by MLflow's own client:
  - runs still running (no end time) beside finished ones, ordered by end_time (and the other
    attributes) ascending and descending: where MLflow puts the runs without a value;
  - tag values with quotes, searched with a doubled quote ('it''s') and with the other quote
    ("it's"): MLflow's parser keeps the text between the outer quotes as written;
  - a metric logged at a 64-bit step (a nanosecond counter) that a double cannot hold;
  - order-by on every attribute, a metric, a param and a tag that some runs lack, both ways.

    python3 tests/data/make_mlflow_search_fixtures.py   (writes mlflow-search/mlflow.db, expected.json)
"""
import json
import os
import shutil
import sqlite3
import warnings

warnings.filterwarnings("ignore")
os.environ["MLFLOW_ENABLE_ASYNC_LOGGING"] = "false"

import mlflow  # noqa: E402
from mlflow.entities import Metric, ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "mlflow-search")
BIG_STEP = 2**62 + 3

SEARCHES = [
    ("", ["attributes.end_time ASC"]),
    ("", ["attributes.end_time DESC"]),
    ("", ["attributes.run_name ASC"]),
    ("", ["attributes.status DESC", "attributes.end_time ASC"]),
    ("tags.note = 'it''s'", []),
    ("tags.note = \"it's\"", []),
    ("tags.note LIKE '%''%'", []),
    ("attributes.end_time > 0", ["attributes.end_time DESC"]),
    # Where every order-by key puts the runs without a value, ascending and descending.
    ("", ["attributes.start_time ASC"]),
    ("", ["attributes.start_time DESC"]),
    ("", ["attributes.run_name DESC"]),
    ("", ["attributes.status ASC"]),
    ("", ["metrics.acc ASC"]),
    ("", ["metrics.acc DESC"]),
    ("", ["params.p ASC"]),
    ("", ["params.p DESC"]),
    ("", ["tags.note ASC"]),
    ("", ["tags.note DESC"]),
    ("", ["metrics.acc DESC", "attributes.end_time ASC"]),
    ("", ["params.p ASC", "metrics.acc DESC"]),
]


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    db = os.path.join(OUT, "mlflow.db")
    uri = "sqlite:///" + db
    client = MlflowClient(uri)
    exp = client.create_experiment("search-details", artifact_location=os.path.join(OUT, "artifacts"))
    t0 = 1_700_000_000_000
    notes = ["it's", "it''s", "plain", None, "say \"hi\""]
    for i in range(8):
        run = client.create_run(exp, run_name=f"run-{(i * 5) % 8}", start_time=t0 + i * 1000)
        if notes[i % len(notes)] is not None:
            client.set_tag(run.info.run_id, "note", notes[i % len(notes)])
        client.log_batch(run.info.run_id, metrics=[Metric("loss", 1.0 / (i + 1), t0 + i, BIG_STEP + i)])
        if i % 4 != 1:  # some runs without the metric, some without the param
            client.log_metric(run.info.run_id, "acc", [0.5, 0.9, 0.7, 0.9][i % 4], timestamp=t0 + i, step=0)
        if i % 3 != 0:
            client.log_param(run.info.run_id, "p", ["b", "a", "c"][i % 3])
        if i % 3 != 2:  # every third run is still running: no end time
            client.set_terminated(run.info.run_id, status="FINISHED" if i % 2 else "FAILED", end_time=t0 + 100_000 - i * 7000)
    expected = {"generator": f"mlflow {mlflow.__version__}", "experiment_id": exp, "big_step": BIG_STEP, "searches": []}
    for filter_string, order_by in SEARCHES:
        runs = client.search_runs([exp], filter_string=filter_string, run_view_type=ViewType.ALL, order_by=order_by, max_results=1000)
        expected["searches"].append({"filter": filter_string, "order_by": order_by, "run_ids": [r.info.run_id for r in runs]})
    history = {}
    for r in client.search_runs([exp], run_view_type=ViewType.ALL):
        history[r.info.run_id] = [{"step": m.step, "timestamp": m.timestamp, "value": m.value} for m in client.get_metric_history(r.info.run_id, "loss")]
    expected["loss_history"] = history
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
