"""Writes the fuzz targets' seed corpus under tests/fuzz/corpus/ (committed; scripts/fuzz.sh
starts from it): small valid files of each format, written by the formats' own Python packages
(gguf-py from llama.cpp, safetensors) or by hand where the format is plain text.

  gguf/        tests/data/nn/tiny.gguf (metadata of every value type, a tensor of each type),
               a GGUF holding a byte-level BPE tokenizer and a chat template, and
               tests/data/nn/spm_tokenizer.gguf (a SentencePiece vocabulary)
  safetensors/ tests/data/nn/tiny.safetensors and one with F16/BF16 tensors and metadata
  tokenizer/   a WordPiece tokenizer.json and a vocab.txt

Needs numpy, gguf, safetensors (build/bench-venv has them)."""
import json
import os
import shutil

import numpy as np
import gguf
from safetensors.numpy import save_file

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data", "nn")
corpus = os.path.join(here, "corpus")
for d in ("gguf", "safetensors", "tokenizer"):
    os.makedirs(os.path.join(corpus, d), exist_ok=True)

shutil.copy(os.path.join(data, "tiny.gguf"), os.path.join(corpus, "gguf", "tiny.gguf"))
shutil.copy(os.path.join(data, "spm_tokenizer.gguf"), os.path.join(corpus, "gguf", "spm_tokenizer.gguf"))
shutil.copy(os.path.join(data, "tiny.safetensors"), os.path.join(corpus, "safetensors", "tiny.safetensors"))

# A GGUF with a tokenizer: byte-level BPE over a few merges, control tokens, a chat template.
byte_chars = [chr(c) for c in range(ord("!"), ord("~") + 1)] + ["Ġ", "Ċ"]
tokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] + byte_chars + ["He", "ll", "llo", "Hello", "Ġw", "or", "ld", "Ġworld"]
merges = ["H e", "l l", "ll o", "He llo", "Ġ w", "o r", "l d", "Ġw orld"]
types = [3, 3, 3] + [1] * (len(tokens) - 3)
w = gguf.GGUFWriter(os.path.join(corpus, "gguf", "tokenizer.gguf"), "llama")
w.add_string("general.name", "fuzz seed")
w.add_string("tokenizer.ggml.model", "gpt2")
w.add_string("tokenizer.ggml.pre", "smollm")
w.add_token_list(tokens)
w.add_token_types(types)
w.add_token_merges(merges)
w.add_bos_token_id(1)
w.add_eos_token_id(2)
w.add_string("tokenizer.chat_template", "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}")
w.add_tensor("token_embd.weight", np.arange(len(tokens) * 32, dtype=np.float32).reshape(len(tokens), 32) / 100)
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()

save_file(
    {
        "half": np.linspace(-2, 2, 12, dtype=np.float16).reshape(3, 4),
        "float": np.linspace(0, 1, 6, dtype=np.float32),
        "ids": np.arange(4, dtype=np.int64),
    },
    os.path.join(corpus, "safetensors", "mixed.safetensors"),
    metadata={"format": "pt", "note": "fuzz seed"},
)

vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", ",", "!", "na", "##ive", "cafe", "don", "'", "t", "日", "本", "語", "x", "y", "##s"]
tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
                     for i, t in enumerate(vocab[:5])],
    "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True},
    "pre_tokenizer": {"type": "BertPreTokenizer"},
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                       "pair": [], "special_tokens": {}},
    "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
              "vocab": {t: i for i, t in enumerate(vocab)}},
}
with open(os.path.join(corpus, "tokenizer", "tokenizer.json"), "w", encoding="utf-8") as f:
    json.dump(tokenizer, f, ensure_ascii=False, indent=1)
with open(os.path.join(corpus, "tokenizer", "vocab.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(vocab) + "\n")
print("corpus written under", corpus)
