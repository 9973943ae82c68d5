#!/usr/bin/env python3
"""Writes MLflow stores for Keel's import tests, through MLflow's own Python client.

    python3 tests/data/make_mlflow_fixtures.py      (tests/make_fixtures.sh makes the virtualenv)

Output:
  tests/data/mlflow/mlflow.db        an MLflow SQLite backend store (the default since MLflow 3.7)
  tests/data/mlflow/expected.json    what MLflow's client reads back from it (search_experiments,
                                     search_runs, get_metric_history, the registry): the values
                                     Keel must reproduce exactly
  tests/data/mlflow-file/mlruns/     the same kind of content written to an MLflow file store
  tests/data/mlflow-file/expected.json

The runs are genuine: scikit-learn models trained on its bundled datasets, a hyper-parameter
grid with nested runs, per-epoch loss and accuracy, a 10,000-step SGD series, plus what real
stores contain: NaN and infinite metrics, unicode names, a long param value, a deleted run and
a deleted experiment, dataset inputs, and registered models with versions, stages and aliases.
"""
import json
import math
import os
import shutil
import tempfile
import warnings

import numpy as np

warnings.filterwarnings("ignore")
os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
os.environ["MLFLOW_ENABLE_ASYNC_LOGGING"] = "false"

import mlflow  # noqa: E402
from mlflow.entities import Metric, Param, RunTag, ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from sklearn.datasets import load_diabetes, load_iris, load_wine  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import SGDClassifier, SGDRegressor  # noqa: E402
from sklearn.metrics import accuracy_score, log_loss  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ARTIFACTS = None  # the store being written keeps its runs' artifacts next to it
OUT = os.path.join(HERE, "mlflow")


def num(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def grid_experiment(client):
    """Iris, SGD logistic regression: a grid over alpha x penalty as nested runs, per-epoch metrics."""
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    mlflow.set_experiment("iris-sgd-grid")
    client.set_experiment_tag(mlflow.get_experiment_by_name("iris-sgd-grid").experiment_id, "team", "vision-nlp")
    import pandas as pd
    frame = pd.DataFrame(X, columns=["sepal_length", "sepal_width", "petal_length", "petal_width"]).assign(target=y)
    dataset = mlflow.data.from_pandas(frame, name="iris", targets="target")
    with mlflow.start_run(run_name="grid") as parent:
        mlflow.set_tag("team", "nlp-research")
        for alpha in (1e-4, 1e-3, 1e-2):
            for penalty in ("l2", "l1"):
                with mlflow.start_run(run_name=f"alpha={alpha} {penalty}", nested=True):
                    mlflow.log_params({"alpha": alpha, "penalty": penalty, "loss": "log_loss", "epochs": 30})
                    mlflow.set_tag("team", "nlp" if penalty == "l2" else "vision")
                    mlflow.log_input(dataset, context="training")
                    model = SGDClassifier(loss="log_loss", alpha=alpha, penalty=penalty, random_state=0)
                    classes = np.unique(y)
                    for epoch in range(30):
                        model.partial_fit(Xtr, ytr, classes=classes)
                        proba = model.predict_proba(Xte)
                        mlflow.log_metrics({"loss": log_loss(yte, proba, labels=classes),
                                            "accuracy": accuracy_score(yte, model.predict(Xte))}, step=epoch)
                    mlflow.log_dict({"alpha": alpha, "penalty": penalty, "coef": model.coef_.round(6).tolist(),
                                     "intercept": model.intercept_.round(6).tolist()}, "model/coefficients.json")
        mlflow.log_metric("best_accuracy", 1.0)
    return parent.info.run_id


def boosting_experiment(client):
    """Wine, gradient boosting: per-stage train/test deviance, plus a FAILED run."""
    X, y = load_wine(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=1, stratify=y)
    mlflow.set_experiment("wine-boosting")
    run_ids = []
    for depth in (1, 2, 3):
        with mlflow.start_run(run_name=f"depth {depth}") as run:
            mlflow.log_params({"max_depth": depth, "n_estimators": 150, "learning_rate": 0.1})
            model = GradientBoostingClassifier(max_depth=depth, n_estimators=150, learning_rate=0.1, random_state=0)
            model.fit(Xtr, ytr)
            metrics = []
            import time
            ts = int(time.time() * 1000)
            for stage, proba in enumerate(model.staged_predict_proba(Xte)):
                metrics.append(Metric("test_log_loss", float(log_loss(yte, proba, labels=model.classes_)), ts + stage, stage))
                metrics.append(Metric("train_deviance", float(model.train_score_[stage]), ts + stage, stage))
            for i in range(0, len(metrics), 1000):
                client.log_batch(run.info.run_id, metrics=metrics[i:i + 1000])
            mlflow.log_metric("accuracy", accuracy_score(yte, model.predict(Xte)))
            from sklearn.metrics import classification_report
            mlflow.log_text(classification_report(yte, model.predict(Xte), digits=4), "reports/classification.txt")
            # The registered versions point at this folder: the model as data (its
            # hyper-parameters and what it learnt about the features).
            mlflow.log_dict({"estimator": "sklearn.ensemble.GradientBoostingClassifier",
                             "params": {"max_depth": depth, "n_estimators": 150, "learning_rate": 0.1},
                             "feature_importances": model.feature_importances_.round(8).tolist(),
                             "classes": model.classes_.tolist()}, "model/model.json")
            run_ids.append(run.info.run_id)
    # A run whose latest accuracy is NaN: searches and orderings must place it as MLflow does.
    with mlflow.start_run(run_name="depth 8, no validation data"):
        mlflow.log_params({"max_depth": 8, "n_estimators": 150, "learning_rate": 0.1})
        mlflow.log_metric("accuracy", 0.5, step=0)
        mlflow.log_metric("accuracy", float("nan"), step=1)
    run = client.create_run(mlflow.get_experiment_by_name("wine-boosting").experiment_id, run_name="diverged")
    client.log_param(run.info.run_id, "learning_rate", "10.0")
    client.log_metric(run.info.run_id, "test_log_loss", float("nan"), step=0)
    client.log_metric(run.info.run_id, "test_log_loss", float("inf"), step=1)
    client.log_metric(run.info.run_id, "grad_norm", float("-inf"), step=1)
    client.set_terminated(run.info.run_id, status="FAILED")
    return run_ids


def long_series_experiment(client):
    """Diabetes, SGD regression one sample at a time: a 10,000-step squared-error series."""
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    y = (y - y.mean()) / y.std()
    rng = np.random.default_rng(0)
    mlflow.set_experiment("diabetes-sgd-long")
    with mlflow.start_run(run_name="10k steps") as run:
        mlflow.log_params({"eta0": 0.001, "samples": 10000})
        model = SGDRegressor(eta0=0.001, learning_rate="constant", random_state=0)
        import time
        ts = int(time.time() * 1000)
        batch = []
        for step in range(10000):
            i = int(rng.integers(0, len(y)))
            model.partial_fit(X[i:i + 1], y[i:i + 1])
            err = float((model.predict(X[i:i + 1])[0] - y[i]) ** 2)
            batch.append(Metric("squared_error", err, ts + step, step))
            if len(batch) == 1000:
                client.log_batch(run.info.run_id, metrics=batch)
                batch = []
        return run.info.run_id


def odd_experiment(client):
    """Unicode names, a long param, a deleted run and a deleted experiment."""
    exp_id = client.create_experiment("Ünïcödé 実験 🚀", tags={"beschreibung": "Größen & Maße"},
                                      artifact_location=os.path.join(ARTIFACTS, "unicode"))
    run = client.create_run(exp_id, run_name="ラン α/β", tags={"mlflow.source.git.commit": "0123456789abcdef0123456789abcdef01234567"})
    client.log_batch(run.info.run_id,
                     params=[Param("学习率", "0.01"), Param("long_value", "x" * 5000 + "🚀" + "y" * 900),
                             Param("empty", "")],
                     tags=[RunTag("emoji", "✅ passed"), RunTag("quote", "it's \"quoted\"")],
                     metrics=[Metric("größe", 1.5e-300, 1000, 0), Metric("big", 1.7976931348623157e308, 1000, 0),
                              Metric("neg", -0.0, 1000, 0), Metric("repeat", 1.0, 1000, 5), Metric("repeat", 2.0, 1001, 5),
                              Metric("repeat", 0.5, 1002, 3)])
    client.set_terminated(run.info.run_id)
    gone = client.create_run(exp_id, run_name="deleted run")
    client.log_metric(gone.info.run_id, "loss", 0.5)
    client.set_terminated(gone.info.run_id)
    client.delete_run(gone.info.run_id)
    dead = client.create_experiment("abandoned", artifact_location=os.path.join(ARTIFACTS, "abandoned"))
    r = client.create_run(dead, run_name="in a deleted experiment")
    client.log_param(r.info.run_id, "x", "1")
    client.set_terminated(r.info.run_id, status="KILLED")
    client.delete_experiment(dead)
    return run.info.run_id


def registry(client, run_ids):
    client.create_registered_model("wine-classifier", tags={"domain": "food"}, description="Gradient boosting on **wine**.")
    for i, run_id in enumerate(run_ids):
        run = client.get_run(run_id)
        client.create_model_version("wine-classifier", f"{run.info.artifact_uri}/model", run_id=run_id,
                                    description=f"depth {i + 1}")
    client.transition_model_version_stage("wine-classifier", "2", "Staging")
    client.transition_model_version_stage("wine-classifier", "3", "Production", archive_existing_versions=True)
    client.set_registered_model_alias("wine-classifier", "champion", "3")
    client.set_registered_model_alias("wine-classifier", "challenger", "2")
    client.set_model_version_tag("wine-classifier", "3", "validated", "true")


SEARCHES = [
    ("metrics.accuracy > 0.9", []),
    ("params.penalty = 'l2' and metrics.loss < 0.5", ["metrics.loss ASC"]),
    ("tags.team LIKE '%nlp%'", []),
    ("tags.team LIKE '%NLP%'", []),
    ("tags.team ILIKE '%NLP%'", ["attributes.run_name DESC"]),
    ("attributes.status = 'FAILED'", []),
    ("metrics.test_log_loss != 0", []),
    ("metrics.test_log_loss >= 0", ["metrics.test_log_loss DESC"]),
    ("params.alpha IS NULL", []),
    ("params.alpha IS NOT NULL and metrics.accuracy >= 0.8", ["params.alpha ASC", "metrics.loss DESC"]),
    ("attributes.run_name LIKE 'alpha=%'", ["metrics.accuracy DESC"]),
    ("datasets.context = 'training'", []),
    ("attributes.start_time > 0", ["metrics.accuracy ASC"]),
    ("", ["metrics.test_log_loss ASC"]),
    ("", ["tags.team ASC"]),
    ("", []),
]


def searches(client, experiment_ids):
    out = []
    for filter_string, order_by in SEARCHES:
        for view, name in ((ViewType.ACTIVE_ONLY, "active"), (ViewType.ALL, "all")):
            runs = client.search_runs(experiment_ids, filter_string=filter_string, run_view_type=view,
                                      order_by=order_by, max_results=1000)
            out.append({"filter": filter_string, "order_by": order_by, "view": name,
                        "run_ids": [r.info.run_id for r in runs]})
    return out


def artifact_hashes(uri):
    """SHA-256 of every file under a run's (local) artifact folder, by path relative to it."""
    import hashlib
    root = uri[len("file://"):] if uri.startswith("file://") else uri
    out = {}
    if os.path.isdir(root):
        for folder, _, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    out[os.path.relpath(path, root).replace(os.sep, "/")] = hashlib.sha256(f.read()).hexdigest()
    return out


def dump(client):
    out = {"mlflow_version": mlflow.__version__, "experiments": [], "runs": [], "registered_models": []}
    for e in client.search_experiments(view_type=ViewType.ALL, max_results=1000):
        out["experiments"].append({"experiment_id": e.experiment_id, "name": e.name,
                                   "artifact_location": e.artifact_location, "lifecycle_stage": e.lifecycle_stage,
                                   "creation_time": e.creation_time, "last_update_time": e.last_update_time,
                                   "tags": dict(e.tags)})
    exp_ids = [e["experiment_id"] for e in out["experiments"]]
    out["searches"] = searches(client, exp_ids)
    for r in client.search_runs(exp_ids, run_view_type=ViewType.ALL, max_results=50000):
        history = {}
        for key in r.data.metrics:
            history[key] = [[m.step, m.timestamp, num(m.value)]
                            for m in client.get_metric_history(r.info.run_id, key)]
        out["runs"].append({
            "run_id": r.info.run_id, "experiment_id": r.info.experiment_id, "run_name": r.info.run_name,
            "status": r.info.status, "start_time": r.info.start_time, "end_time": r.info.end_time,
            "user_id": r.info.user_id, "lifecycle_stage": r.info.lifecycle_stage, "artifact_uri": r.info.artifact_uri,
            "params": dict(r.data.params), "tags": dict(r.data.tags),
            "metrics": {k: num(v) for k, v in r.data.metrics.items()},
            "history": history,
            "artifacts": artifact_hashes(r.info.artifact_uri),
            "datasets": [{"name": d.dataset.name, "digest": d.dataset.digest, "source_type": d.dataset.source_type,
                          "context": next((t.value for t in d.tags if t.key == "mlflow.data.context"), "")}
                         for d in (r.inputs.dataset_inputs if r.inputs else [])],
        })
    for m in client.search_registered_models(max_results=1000):
        versions = client.search_model_versions(f"name='{m.name}'")
        out["registered_models"].append({
            "name": m.name, "description": m.description, "tags": dict(m.tags), "aliases": dict(m.aliases),
            "versions": sorted([{"version": v.version, "run_id": v.run_id, "source": v.source,
                                 "current_stage": v.current_stage, "description": v.description,
                                 "tags": dict(v.tags)} for v in versions], key=lambda v: int(v["version"])),
        })
    return out


def write_store(kind):
    out = OUT if kind == "sqlite" else os.path.join(HERE, "mlflow-file")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    global ARTIFACTS
    artifacts = ARTIFACTS = os.path.join(out, "artifacts")
    db = os.path.join(out, "mlflow.db")
    uri = "sqlite:///" + db if kind == "sqlite" else "file://" + os.path.join(out, "mlruns")
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(uri)
    # Runs' artifacts would go next to the store; nothing is logged there, so point them away.
    for name in ("iris-sgd-grid", "wine-boosting", "diabetes-sgd-long"):
        client.create_experiment(name, artifact_location=os.path.join(artifacts, name))
    grid_experiment(client)
    boosting_runs = boosting_experiment(client)
    long_series_experiment(client)
    odd_experiment(client)
    registry(client, boosting_runs)
    expected = dump(client)
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    if kind == "sqlite":
        # Leave one self-contained file: fold the WAL into the database.
        import sqlite3
        con = sqlite3.connect(db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        con.close()
    print(f"wrote {kind} store in {out}: {len(expected['experiments'])} experiments, {len(expected['runs'])} runs, "
          f"mlflow {mlflow.__version__}")


def main():
    write_store("sqlite")
    write_store("file")


if __name__ == "__main__":
    main()
