"""Writes tests/data/nn/tiny_llama.gguf: a Llama-architecture model with random weights, small
enough to commit (2 layers, width 64, 4 query and 2 key/value heads, a byte-level BPE
vocabulary of ~100 tokens), with matrices in Q8_0, Q4_1 and F16 and norms in F32, written by
gguf-py (llama.cpp's own writer and quantiser). bench/nn_check runs it on every device it finds
(the CPU paths against each other here, CUDA against the CPU on a GPU machine, where the real
models cannot be fetched). Needs numpy and gguf (build/bench-venv)."""
import os

import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q
from gguf import quants

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn")
rng = np.random.default_rng(5)

byte_chars = [chr(c) for c in range(ord("!"), ord("~") + 1)] + ["Ġ", "Ċ"]
tokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] + byte_chars + ["He", "ll", "llo", "Hello", "Ġw", "or", "ld", "Ġworld", "Ġt", "he", "Ġthe"]
merges = ["H e", "l l", "ll o", "He llo", "Ġ w", "o r", "l d", "Ġw orld", "Ġ t", "h e", "Ġt he"]
vocab, dim, layers, heads, kv_heads, ffn = len(tokens), 64, 2, 4, 2, 128
hd = dim // heads

w = gguf.GGUFWriter(os.path.join(here, "tiny_llama.gguf"), "llama")
w.add_name("tiny random llama")
w.add_context_length(256)
w.add_embedding_length(dim)
w.add_block_count(layers)
w.add_feed_forward_length(ffn)
w.add_head_count(heads)
w.add_head_count_kv(kv_heads)
w.add_rope_freq_base(10000.0)
w.add_layer_norm_rms_eps(1e-5)
w.add_rope_dimension_count(hd)
w.add_string("tokenizer.ggml.model", "gpt2")
w.add_string("tokenizer.ggml.pre", "smollm")
w.add_token_list(tokens)
w.add_token_types([3, 3, 3] + [1] * (vocab - 3))
w.add_token_merges(merges)
w.add_bos_token_id(1)
w.add_eos_token_id(2)


def matrix(name, rows, cols, qtype):
    values = rng.normal(0, 0.3, size=(rows, cols)).astype(np.float32)
    if qtype == Q.F16:
        w.add_tensor(name, values.astype(np.float16))
    else:
        w.add_tensor(name, quants.quantize(values, qtype), raw_dtype=qtype)


matrix("token_embd.weight", vocab, dim, Q.Q8_0)
w.add_tensor("output_norm.weight", (1 + rng.normal(0, 0.1, dim)).astype(np.float32))
for i in range(layers):
    p = f"blk.{i}."
    w.add_tensor(p + "attn_norm.weight", (1 + rng.normal(0, 0.1, dim)).astype(np.float32))
    w.add_tensor(p + "ffn_norm.weight", (1 + rng.normal(0, 0.1, dim)).astype(np.float32))
    matrix(p + "attn_q.weight", dim, dim, Q.Q4_1)
    matrix(p + "attn_k.weight", hd * kv_heads, dim, Q.Q4_1)
    matrix(p + "attn_v.weight", hd * kv_heads, dim, Q.Q8_0)
    matrix(p + "attn_output.weight", dim, dim, Q.F16)
    matrix(p + "ffn_gate.weight", ffn, dim, Q.Q4_1)
    matrix(p + "ffn_up.weight", ffn, dim, Q.Q8_0)
    matrix(p + "ffn_down.weight", dim, ffn, Q.Q4_1)
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
print("written", os.path.join(here, "tiny_llama.gguf"), os.path.getsize(os.path.join(here, "tiny_llama.gguf")), "bytes")
