"""Writes tests/data/drift/quality_{reference,current}.csv and quality_sklearn.json: model quality
per day (concept drift) with the expected metrics computed by scikit-learn itself.

Three models over the same rows: a binary classifier with probabilities (target, score), a
three-class one with labels (animal, animal_pred) and a regression (price, price_pred). The
current data's last days degrade. Run by tests/make_fixtures.sh (numpy, pandas, scikit-learn)."""
import json
import os

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error, mean_squared_error, roc_auc_score

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift")
rng = np.random.default_rng(7)
animals = np.array(["bird", "cat", "dog"])


def make(n, days, start_day, noise_by_day):
    rows = []
    for i in range(n):
        day = start_day + i * days // n
        noise = noise_by_day(day - start_day)
        target = int(rng.random() < 0.4)
        # A score that separates the classes less as noise grows; 3 decimals make ties.
        score = float(np.clip(rng.normal(0.65 if target else 0.35, 0.15 + noise), 0, 1).round(3))
        animal = animals[rng.integers(0, 3)]
        animal_pred = animal if rng.random() > 0.15 + noise else animals[rng.integers(0, 3)]
        price = round(float(rng.gamma(3, 50)), 2)
        price_pred = round(price + float(rng.normal(0, 10 + 80 * noise)), 2)
        rows.append((f"2026-10-{day:02d}", target, score, animal, animal_pred, price, price_pred))
    return rows


def write(path, rows):
    with open(path, "w") as f:
        f.write("ts,target,score,animal,animal_pred,price,price_pred\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")


def quality(rows):
    t = np.array([r[1] for r in rows])
    s = np.array([r[2] for r in rows])
    a = np.array([r[3] for r in rows])
    ap = np.array([r[4] for r in rows])
    y = np.array([r[5] for r in rows])
    yp = np.array([r[6] for r in rows])
    predicted = (s >= 0.5).astype(int)
    return {
        "rows": len(rows),
        "binary": {"accuracy": accuracy_score(t, predicted), "f1": f1_score(t, predicted), "roc_auc": roc_auc_score(t, s)},
        "multiclass": {"accuracy": accuracy_score(a, ap), "f1": f1_score(a, ap, average="macro")},
        "regression": {"mae": mean_absolute_error(y, yp), "rmse": float(np.sqrt(mean_squared_error(y, yp)))},
    }


reference = make(1000, 10, 1, lambda d: 0.0)
current = make(600, 6, 11, lambda d: 0.0 if d < 3 else 0.25 * (d - 2))
write(os.path.join(here, "quality_reference.csv"), reference)
write(os.path.join(here, "quality_current.csv"), current)

chunks = [quality([reference[i] for i in idx]) for idx in np.array_split(np.arange(len(reference)), 10)]


def band(group, metric):
    values = np.array([c[group][metric] for c in chunks])
    return {"mean": float(values.mean()), "std": float(values.std())}  # NannyML: population std


days = sorted({r[0] for r in current})
expected = {
    "reference": quality(reference),
    "band": {
        "binary": {m: band("binary", m) for m in ("accuracy", "f1", "roc_auc")},
        "multiclass": {m: band("multiclass", m) for m in ("accuracy", "f1")},
        "regression": {m: band("regression", m) for m in ("mae", "rmse")},
    },
    "windows": [dict(start=d, **quality([r for r in current if r[0] == d])) for d in days],
}
with open(os.path.join(here, "quality_sklearn.json"), "w") as f:
    json.dump(expected, f, indent=1)
