#!/usr/bin/env bash
# Regenerates the committed test data that comes from real peers, in a virtualenv of its own
# (tests/.venv, not committed). Run it when a generator changes; commit what it writes.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q numpy scipy
.venv/bin/pip install -q mlflow scikit-learn
.venv/bin/python data/make_histogram_fixtures.py
.venv/bin/python data/make_drift_fixtures.py
.venv/bin/python data/make_ks_fixtures.py
.venv/bin/python data/make_quality_fixtures.py
.venv/bin/pip install -q pandas
.venv/bin/python data/make_multivariate_fixtures.py
.venv/bin/python data/make_pipeline_fixtures.py
# The xgboost wheel of the same version as Debian's libxgboost-dev.
.venv/bin/pip install -q xgboost==1.7.4 && .venv/bin/python data/make_xgboost_fixtures.py
.venv/bin/pip install -q gguf safetensors
.venv/bin/python data/make_gguf_fixtures.py
bash ../scripts/fetch-models.sh && .venv/bin/python data/make_model_fixtures.py
.venv/bin/pip install -q tokenizers && .venv/bin/python data/make_tokenizer_fixtures.py
.venv/bin/pip install -q sentencepiece && .venv/bin/python data/make_spm_fixtures.py
.venv/bin/python data/make_tiny_llama.py
.venv/bin/python fuzz/make_corpus.py
.venv/bin/pip install -q jinja2 && .venv/bin/python data/make_chat_fixtures.py
.venv/bin/python reference/minilm_forward.py
.venv/bin/python reference/llama_forward.py
.venv/bin/python data/make_mlflow_fixtures.py
.venv/bin/python data/make_mlflow_states.py
.venv/bin/python data/make_mlflow_search_fixtures.py
# Evidently's legacy drift code imports only with an older pandas: a virtualenv of its own.
python3 -m venv .venv-evidently
.venv-evidently/bin/pip install -q evidently "pandas<2.2"
python3 data/make_drift_csv.py
.venv-evidently/bin/python data/make_evidently_fixtures.py
