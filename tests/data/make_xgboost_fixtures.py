"""Reference predictions for the Train node's gradient-boosted trees, from the xgboost Python
package of the same version as Debian's libxgboost-dev (1.7.4).

Reads the train/test CSVs that make_pipeline_fixtures.py wrote, builds the features exactly as a
Keel Train node without a Feature transform does (numbers as they are, gaps filled with the
training mean; categories one-hot in sorted order), trains with xgboost.train and the parameters
named in CASES (XGBoost's own names), and writes tests/data/pipeline/xgboost.json with the
predictions on the test rows. Run by tests/make_fixtures.sh.
"""
import json
import os

import numpy as np
import pandas as pd
import xgboost as xgb

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pipeline")

CASES = {
    "breast_cancer": {"target": "diagnosis", "task": "classification",
                      "params": {"n_estimators": 40, "max_depth": 4, "learning_rate": 0.1}},
    "wine": {"target": "cultivar", "task": "classification",
             "params": {"n_estimators": 30, "max_depth": 3, "learning_rate": 0.2, "subsample": 0.8, "colsample_bytree": 0.7,
                        "seed": 3}},
    "diabetes": {"target": "progression", "task": "regression",
                 "params": {"n_estimators": 60, "max_depth": 3, "learning_rate": 0.05, "min_child_weight": 2, "reg_lambda": 2}},
}


def features(train, frame, target):
    """Keel's Bundle::fitTransforms(..., impute "mean", scale "none") and Bundle::features."""
    cols = []
    for name in train.columns:
        if name == target:
            continue
        if pd.api.types.is_numeric_dtype(train[name]):
            mean = train[name].mean()
            cols.append(frame[name].fillna(mean).to_numpy(dtype=np.float64))
        else:
            counts = train[name].value_counts()
            fill = sorted(counts[counts == counts.max()].index)[0]
            values = frame[name].fillna(fill)
            for category in sorted(train[name].dropna().unique()):
                cols.append((values == category).to_numpy(dtype=np.float64))
    return np.column_stack(cols).astype(np.float32)


out = {"xgboost": xgb.__version__, "cases": {}}
for name, case in CASES.items():
    train = pd.read_csv(os.path.join(HERE, name + "_train.csv"))
    test = pd.read_csv(os.path.join(HERE, name + "_test.csv"))
    target = case["target"]
    p = case["params"]
    params = {"max_depth": p["max_depth"], "eta": p["learning_rate"], "min_child_weight": p.get("min_child_weight", 1),
              "lambda": p.get("reg_lambda", 1), "subsample": p.get("subsample", 1), "colsample_bytree": p.get("colsample_bytree", 1),
              "tree_method": "hist", "seed": p.get("seed", 42), "verbosity": 0}
    if case["task"] == "regression":
        params["objective"] = "reg:squarederror"
        y = train[target].to_numpy(dtype=np.float32)
        classes = []
    else:
        classes = sorted(str(c) for c in train[target].unique())
        y = np.array([classes.index(str(c)) for c in train[target]], dtype=np.float32)
        if len(classes) == 2:
            params["objective"] = "binary:logistic"
        else:
            params["objective"] = "multi:softprob"
            params["num_class"] = len(classes)
    booster = xgb.train(params, xgb.DMatrix(features(train, train, target), label=y, missing=np.nan), num_boost_round=p["n_estimators"])
    pred = booster.predict(xgb.DMatrix(features(train, test, target), missing=np.nan))
    out["cases"][name] = {"target": target, "task": case["task"], "params": p, "classes": classes,
                          "predictions": pred.astype(np.float64).tolist()}

with open(os.path.join(HERE, "xgboost.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.join(HERE, "xgboost.json"))
