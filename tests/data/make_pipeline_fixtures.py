"""Reference answers for the pipelines' Train and Evaluate nodes, from scikit-learn itself.

Writes tests/data/pipeline/: train/test CSVs of three real datasets that scikit-learn ships
(Wisconsin breast cancer, wine, diabetes; UCI, CC BY 4.0), and expected.json with what
scikit-learn's own Pipeline(SimpleImputer, StandardScaler, OneHotEncoder) + LogisticRegression /
LinearRegression predicts on the test rows, and its metrics (accuracy_score, f1_score,
roc_auc_score, log_loss, mean_absolute_error, root mean squared error, r2_score).

The breast-cancer copy gets a few empty cells and a categorical "clinic" column (seeded), so
imputation and one-hot encoding are held to scikit-learn's too. Run by tests/make_fixtures.sh.
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (accuracy_score, f1_score, log_loss, mean_absolute_error, mean_squared_error, r2_score,
                             roc_auc_score)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pipeline")
os.makedirs(HERE, exist_ok=True)
rng = np.random.default_rng(20261201)


def clean(name):
    return name.replace(" ", "_").replace("/", "_").replace("(", "").replace(")", "")


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            cells = []
            for v in row:
                if v is None or (isinstance(v, float) and np.isnan(v)):
                    cells.append("")
                elif isinstance(v, str):
                    cells.append(v)
                else:
                    cells.append(repr(float(v)))
            f.write(",".join(cells) + "\n")


def split(n, test_share):
    order = rng.permutation(n)
    test = int(np.ceil(test_share * n))
    return np.sort(order[test:]), np.sort(order[:test])


cases = {}

# Binary: breast cancer, with gaps and a categorical column.
data = load_breast_cancer()
features = [clean(f) for f in data.feature_names]
X = data.data.copy()
for j in (0, 3, 7):
    X[rng.random(len(X)) < 0.03, j] = np.nan
clinic = rng.choice(["north", "south", "east"], size=len(X), p=[0.5, 0.3, 0.2])
labels = np.where(data.target == 1, "benign", "malignant")
train, test = split(len(X), 0.25)
header = features + ["clinic", "diagnosis"]
rows = lambda idx: [list(X[i]) + [clinic[i], labels[i]] for i in idx]
write_csv(os.path.join(HERE, "breast_cancer_train.csv"), header, rows(train))
write_csv(os.path.join(HERE, "breast_cancer_test.csv"), header, rows(test))
frame = lambda idx: pd.DataFrame([r[:-1] for r in rows(idx)], columns=header[:-1])
pre = ColumnTransformer([
    ("num", Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())]), features),
    ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                      ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False))]), ["clinic"]),
])
model = Pipeline([("pre", pre), ("lr", LogisticRegression(C=0.5, tol=1e-12, max_iter=100000))])
model.fit(frame(train), labels[train])
proba = model.predict_proba(frame(test))
pred = model.predict(frame(test))
y = labels[test]
cases["breast_cancer"] = {
    "train": "breast_cancer_train.csv", "test": "breast_cancer_test.csv", "target": "diagnosis",
    "model": "logistic-regression", "C": 0.5, "scale": "standard", "impute": "mean",
    "classes": model.classes_.tolist(), "probabilities": proba.tolist(), "predictions": pred.tolist(),
    "metrics": {"accuracy": accuracy_score(y, pred), "f1": f1_score(y, pred, pos_label="malignant"),
                "roc_auc": roc_auc_score(y == "malignant", proba[:, list(model.classes_).index("malignant")]),
                "log_loss": log_loss(y, proba, labels=model.classes_)},
}

# Multinomial: wine, three classes.
data = load_wine()
features = [clean(f) for f in data.feature_names]
X = data.data
labels = np.array(["class_%d" % t for t in data.target])
train, test = split(len(X), 0.3)
header = features + ["cultivar"]
write_csv(os.path.join(HERE, "wine_train.csv"), header, [list(X[i]) + [labels[i]] for i in train])
write_csv(os.path.join(HERE, "wine_test.csv"), header, [list(X[i]) + [labels[i]] for i in test])
model = Pipeline([("scale", StandardScaler()), ("lr", LogisticRegression(C=1.0, tol=1e-12, max_iter=100000))])
model.fit(X[train], labels[train])
proba = model.predict_proba(X[test])
pred = model.predict(X[test])
y = labels[test]
cases["wine"] = {
    "train": "wine_train.csv", "test": "wine_test.csv", "target": "cultivar",
    "model": "logistic-regression", "C": 1.0, "scale": "standard", "impute": "mean",
    "classes": model.classes_.tolist(), "probabilities": proba.tolist(), "predictions": pred.tolist(),
    "metrics": {"accuracy": accuracy_score(y, pred), "f1": f1_score(y, pred, average="macro"),
                "log_loss": log_loss(y, proba, labels=model.classes_)},
}

# Regression: diabetes, min-max scaled.
data = load_diabetes()
features = [clean(f) for f in data.feature_names]
X, target = data.data, data.target
train, test = split(len(X), 0.2)
header = features + ["progression"]
write_csv(os.path.join(HERE, "diabetes_train.csv"), header, [list(X[i]) + [target[i]] for i in train])
write_csv(os.path.join(HERE, "diabetes_test.csv"), header, [list(X[i]) + [target[i]] for i in test])
from sklearn.preprocessing import MinMaxScaler  # noqa: E402
model = Pipeline([("scale", MinMaxScaler()), ("ols", LinearRegression())])
model.fit(X[train], target[train])
pred = model.predict(X[test])
y = target[test]
cases["diabetes"] = {
    "train": "diabetes_train.csv", "test": "diabetes_test.csv", "target": "progression",
    "model": "linear-regression", "scale": "minmax", "impute": "mean",
    "predictions": pred.tolist(),
    "metrics": {"mae": mean_absolute_error(y, pred), "rmse": float(np.sqrt(mean_squared_error(y, pred))), "r2": r2_score(y, pred)},
}

# MLPs: the same default shape as Keel's (100 ReLU units, Adam, alpha 1e-4), on the same splits and
# transforms; their weights differ by initialisation, so tests hold Keel to the accuracy.
from sklearn.neural_network import MLPClassifier  # noqa: E402
mlp = {}
for name, pre_steps in (("breast_cancer", None), ("wine", None)):
    c = cases[name]
    train = pd.read_csv(os.path.join(HERE, c["train"]))
    test = pd.read_csv(os.path.join(HERE, c["test"]))
    num = [col for col in train.columns if col not in (c["target"], "clinic")]
    cat = ["clinic"] if "clinic" in train.columns else []
    steps = [("num", Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())]), num)]
    if cat:
        steps.append(("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                                       ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False))]), cat))
    model = Pipeline([("pre", ColumnTransformer(steps)), ("mlp", MLPClassifier(random_state=42, max_iter=200))])
    model.fit(train.drop(columns=[c["target"]]), train[c["target"]])
    mlp[name] = accuracy_score(test[c["target"]], model.predict(test.drop(columns=[c["target"]])))

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases, "mlp_accuracy": mlp}, f, indent=1)
print("wrote", HERE)
