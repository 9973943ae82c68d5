#!/usr/bin/env python3
"""Writes drift_evidently.json: columns, and the test Evidently's legacy default rule picks for
each with its score and verdict, for tst_drift. Needs evidently with a pandas it imports with
(tests/make_fixtures.sh makes tests/.venv-evidently with evidently and pandas<2.2):

    python3 tests/data/make_evidently_fixtures.py
"""
import json
import os
import warnings

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import evidently  # noqa: E402
from evidently.legacy.calculations.stattests.registry import get_stattest  # noqa: E402
from evidently.legacy.core import ColumnType  # noqa: E402


def case(name, ref, cur, kind):
    ref_s, cur_s = pd.Series(ref), pd.Series(cur)
    column_type = ColumnType.Numerical if kind == "numerical" else ColumnType.Categorical
    test = get_stattest(ref_s, cur_s, column_type, None)
    result = test(ref_s, cur_s, column_type, None)
    values = [float(v) for v in ref] if kind == "numerical" else [str(v) for v in ref]
    current = [float(v) for v in cur] if kind == "numerical" else [str(v) for v in cur]
    return {"name": name, "kind": kind, "reference": values, "current": current, "test": test.name,
            "score": float(result.drift_score), "drifted": bool(result.drifted), "threshold": float(result.actual_threshold)}


def dataset():
    """Evidently's whole legacy DataDriftPreset over tests/data/drift/*.csv (make_drift_csv.py),
    with the identifier and the date in the column mapping, as a user would set it."""
    from evidently.legacy.metric_preset import DataDriftPreset
    from evidently.legacy.pipeline.column_mapping import ColumnMapping
    from evidently.legacy.report import Report

    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift")
    ref = pd.read_csv(os.path.join(here, "reference.csv"))
    cur = pd.read_csv(os.path.join(here, "current.csv"))
    for df in (ref, cur):
        df["applied_on"] = pd.to_datetime(df["applied_on"])
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=ref, current_data=cur,
               column_mapping=ColumnMapping(id="application_id", datetime="applied_on", target=None, prediction=None))
    for metric in report.as_dict()["metrics"]:
        result = metric["result"]
        if "drift_by_columns" in result:
            return {"reference": "drift/reference.csv", "current": "drift/current.csv", "exclude": ["application_id", "applied_on"],
                    "dataset_drift": bool(result["dataset_drift"]),
                    "number_of_drifted_columns": int(result["number_of_drifted_columns"]),
                    "columns": {name: {"test": c["stattest_name"], "score": float(c["drift_score"]), "drifted": bool(c["drift_detected"])}
                                for name, c in result["drift_by_columns"].items()}}
    raise RuntimeError("the report has no drift_by_columns")


def main():
    rng = np.random.default_rng(7)
    cases = [
        case("small numeric, shifted", rng.normal(0, 1, 500), rng.normal(0.4, 1, 400), "numerical"),
        case("small numeric, same", rng.normal(0, 1, 600), rng.normal(0, 1, 300), "numerical"),
        case("small numeric, 4 values", rng.integers(1, 5, 800), rng.integers(1, 5, 700), "numerical"),
        case("small numeric, binary", rng.integers(0, 2, 300), (rng.random(250) < 0.7).astype(int), "numerical"),
        case("small categorical", rng.choice(list("abcd"), 900, p=[0.4, 0.3, 0.2, 0.1]), rng.choice(list("abcd"), 500), "categorical"),
        case("small categorical, new value", rng.choice(list("abc"), 400), rng.choice(list("abcz"), 300), "categorical"),
        case("small categorical, binary", rng.choice(["yes", "no"], 700), rng.choice(["yes", "no"], 600, p=[0.6, 0.4]), "categorical"),
        case("large numeric, shifted", rng.normal(10, 2, 5000), rng.normal(10.5, 2, 4000), "numerical"),
        case("large numeric, same", rng.lognormal(0, 1, 3000), rng.lognormal(0, 1, 2500), "numerical"),
        case("large numeric, 3 values", rng.integers(0, 3, 4000), rng.integers(0, 3, 2000), "numerical"),
        case("large categorical", rng.choice(list("pqrstu"), 6000), rng.choice(list("pqrstu"), 5000, p=[0.3, 0.3, 0.1, 0.1, 0.1, 0.1]), "categorical"),
    ]
    out = {"generator": f"evidently {evidently.__version__} legacy stattests, pandas {pd.__version__}", "cases": cases, "dataset": dataset()}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift_evidently.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: " + ", ".join(f"{c['name']}: {c['test']} {c['score']:.4g} {'drift' if c['drifted'] else 'ok'}" for c in cases))


if __name__ == "__main__":
    main()
