#!/usr/bin/env python3
"""One MLflow store's registry at three moments, written by MLflow's own client, for the tests
that import a store again and again (File → Follow MLflow Store does):

  state1  "classic": v1 from a run's folder (runs:/ source), v2 an MLflow 3 logged model
          (mlflow.sklearn.log_model(name=..., registered_model_name=...): a models:/m-... source
          that lives in the logged models); model and version tags and descriptions; aliases,
          one of them on an archived version (MLflow allows it).
  state2  the same store later: v2 deleted (MLflow keeps it as a Deleted_Internal row), v3 and
          v4 logged, descriptions and tags changed, a tag deleted, an alias removed and one moved.
  state3  later still: v3 deleted too, after Keel has imported it.

Each state's mlflow.db is copied out as stateN.db (the artifacts are shared, under artifacts/),
with expectedN.json: what MlflowClient reads back then (search_registered_models,
search_model_versions, get_model_version of each, the logged models).

    python3 tests/data/make_mlflow_states.py      (tests/make_fixtures.sh makes the virtualenv)
"""
import json
import os
import shutil
import sqlite3
import warnings

warnings.filterwarnings("ignore")
os.environ["MLFLOW_ENABLE_ASYNC_LOGGING"] = "false"

import mlflow  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "mlflow-states")


def dump(client):
    models = []
    for m in sorted(client.search_registered_models(), key=lambda m: m.name):
        versions = []
        for v in sorted(client.search_model_versions(f"name='{m.name}'"), key=lambda v: int(v.version)):
            versions.append({"version": int(v.version), "source": v.source, "run_id": v.run_id, "status": v.status,
                             "current_stage": v.current_stage, "description": v.description or "", "tags": dict(v.tags),
                             "aliases": sorted(v.aliases), "creation_timestamp": v.creation_timestamp,
                             "model_id": getattr(v, "model_id", None)})
        models.append({"name": m.name, "description": m.description or "", "tags": dict(m.tags),
                       "aliases": {a: int(v) for a, v in m.aliases.items()} if isinstance(m.aliases, dict)
                       else {a.alias: int(a.version) for a in m.aliases},
                       "creation_timestamp": m.creation_timestamp, "versions": versions})
    logged = []
    for e in client.search_experiments():
        for lm in client.search_logged_models(experiment_ids=[e.experiment_id]):
            logged.append({"model_id": lm.model_id, "name": lm.name, "artifact_location": lm.artifact_location,
                           "source_run_id": lm.source_run_id, "params": dict(lm.params or {}), "tags": dict(lm.tags or {}),
                           "status": str(lm.status), "creation_timestamp": lm.creation_timestamp,
                           "metrics": sorted([{"key": x.key, "value": x.value, "step": x.step, "run_id": x.run_id} for x in (lm.metrics or [])],
                                             key=lambda x: x["key"])})
    return {"generator": f"mlflow {mlflow.__version__}", "registered_models": models, "logged_models": sorted(logged, key=lambda x: x["model_id"])}


def snapshot(db, n, client):
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copy(db, os.path.join(OUT, f"state{n}.db"))
    with open(os.path.join(OUT, f"expected{n}.json"), "w", encoding="utf-8") as f:
        json.dump(dump(client), f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def logged_version(X, y, c):
    with mlflow.start_run():
        mlflow.log_param("C", c)
        model = LogisticRegression(C=c, max_iter=500).fit(X, y)
        info = mlflow.sklearn.log_model(model, name="model", registered_model_name="classic")
        # A metric of the logged model itself (MLflow 3 links it to the model's id).
        mlflow.log_metric("train_accuracy", float(model.score(X, y)), model_id=info.model_id)
    return info


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    work = os.path.join(OUT, "work")
    os.makedirs(work)
    db = os.path.join(work, "mlflow.db")
    uri = "sqlite:///" + db
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(uri)
    exp = client.create_experiment("registry-states", artifact_location=os.path.join(OUT, "artifacts"))
    mlflow.set_experiment(experiment_id=exp)
    X, y = load_iris(return_X_y=True)

    # State 1.
    with mlflow.start_run() as run:
        folder = os.path.join(work, "plain-model")
        os.makedirs(folder)
        with open(os.path.join(folder, "weights.txt"), "w") as f:
            f.write("a model saved as a plain folder\n")
        mlflow.log_artifacts(folder, artifact_path="model")
        classic_run = run.info.run_id
    client.create_registered_model("classic", tags={"team": "vision", "tier": "gold"}, description="Iris, the **classic** way.")
    client.create_model_version("classic", f"runs:/{classic_run}/model", run_id=classic_run, description="a folder logged to a run",
                                tags={"reviewed": "no"})
    logged_version(X, y, 1.0)  # version 2, an MLflow 3 logged model
    client.update_model_version("classic", "2", description="logged the MLflow 3 way")
    client.set_model_version_tag("classic", "2", "framework", "sklearn")
    client.transition_model_version_stage("classic", "1", "Archived")
    client.set_registered_model_alias("classic", "legacy", "1")  # an alias on an archived version
    client.set_registered_model_alias("classic", "champion", "2")
    client.set_registered_model_alias("classic", "old-champion", "1")
    snapshot(db, 1, client)

    # State 2.
    logged_version(X, y, 0.5)  # version 3
    logged_version(X, y, 0.1)  # version 4
    client.delete_model_version("classic", "2")  # takes the champion alias with it
    client.set_registered_model_alias("classic", "champion", "4")
    client.delete_registered_model_alias("classic", "old-champion")
    client.update_registered_model("classic", description="Iris, now with *four* versions.")
    client.set_registered_model_tag("classic", "tier", "silver")
    client.delete_registered_model_tag("classic", "team")
    client.update_model_version("classic", "1", description="the first, kept for reference")
    client.set_model_version_tag("classic", "1", "reviewed", "yes")
    client.delete_model_version_tag("classic", "4", "framework") if "framework" in client.get_model_version("classic", "4").tags else None
    snapshot(db, 2, client)

    # State 3.
    client.delete_model_version("classic", "3")
    snapshot(db, 3, client)
    shutil.rmtree(work)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
