#!/usr/bin/env python3
"""An MLflow 3 file store (mlruns/) holding a logged model, written by MLflow's own client, and
what the client reads back (expected.json): the logged model's id, name, source run, params,
tags, metrics and artifact files.

    MLFLOW_ALLOW_FILE_STORE=true python3 tests/data/make_mlflow_filestore_logged.py
"""
import json
import os
import shutil
import warnings

warnings.filterwarnings("ignore")
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

import mlflow  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "mlflow-file-logged")


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    uri = "file://" + os.path.join(OUT, "mlruns")
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment("file-store-logged")
    X, y = load_iris(return_X_y=True)
    with mlflow.start_run():
        mlflow.log_param("C", 0.7)
        model = LogisticRegression(C=0.7, max_iter=300).fit(X, y)
        info = mlflow.sklearn.log_model(model, name="iris-model")
        mlflow.log_metric("train_accuracy", float(model.score(X, y)), model_id=info.model_id)
    client = MlflowClient(uri)
    lm = client.get_logged_model(info.model_id)
    files = sorted(f.path for f in client.list_logged_model_artifacts(lm.model_id))
    expected = {
        "generator": f"mlflow {mlflow.__version__}",
        "model_id": lm.model_id, "name": lm.name, "experiment_id": lm.experiment_id, "source_run_id": lm.source_run_id,
        "status": str(lm.status), "creation_timestamp": lm.creation_timestamp, "params": dict(lm.params or {}),
        "tags": dict(lm.tags or {}), "metrics": [{"key": m.key, "value": m.value, "step": m.step, "run_id": m.run_id} for m in lm.metrics or []],
        "artifacts": files,
    }
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
