"""Writes the SentencePiece fixtures (Llama 2 / Mistral-style tokenizers, tokenizer.ggml.model =
"llama" in GGUF files):

- nn/spm_tokenizer.gguf: a BPE SentencePiece model trained here by the `sentencepiece` package
  (as Llama's: identity normalisation, whitespace kept, a "▁" prefix, digits split, byte
  fallback), its pieces, scores and types written as llama.cpp's converter writes them
  (gguf-py), with no tensors;
- nn/spm_corpus.json: the strings of tokenizer_corpus.json with the ids sentencepiece itself
  gives them (and its decoding), the peer Keel's SPM tokeniser is held against.

Needs sentencepiece, gguf (build/bench-venv). Run by tests/make_fixtures.sh."""
import io
import json
import os

import gguf
import sentencepiece as spm

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn")
corpus = [row["text"] for row in json.load(open(os.path.join(here, "tokenizer_corpus.json"), encoding="utf-8"))]
# Training text: the first 400 strings (the rest, and characters never seen, exercise the merges
# and the byte fallback on text the model did not learn from).
model = io.BytesIO()
spm.SentencePieceTrainer.train(sentence_iterator=iter([t for t in corpus[:400] if t.strip()]), model_writer=model, model_type="bpe",
                               vocab_size=700, character_coverage=0.9995, byte_fallback=True, split_digits=True,
                               normalization_rule_name="identity", remove_extra_whitespaces=False, add_dummy_prefix=True,
                               split_by_whitespace=False, allow_whitespace_only_pieces=True, max_sentencepiece_length=16,
                               unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
sp = spm.SentencePieceProcessor(model_proto=model.getvalue())

tokens, scores, types = [], [], []
for i in range(sp.get_piece_size()):
    tokens.append(sp.id_to_piece(i))
    scores.append(sp.get_score(i))
    # llama.cpp's types: 1 normal, 2 unknown, 3 control, 6 byte
    types.append(2 if sp.is_unknown(i) else 3 if sp.is_control(i) else 6 if sp.is_byte(i) else 1)
w = gguf.GGUFWriter(os.path.join(here, "spm_tokenizer.gguf"), "llama")
w.add_string("general.name", "sentencepiece fixture")
w.add_string("tokenizer.ggml.model", "llama")
w.add_token_list(tokens)
w.add_token_scores(scores)
w.add_token_types(types)
w.add_bos_token_id(sp.bos_id())
w.add_eos_token_id(sp.eos_id())
w.add_unk_token_id(sp.unk_id())
w.add_add_bos_token(True)
w.add_add_space_prefix(True)
w.write_header_to_file()
w.write_kv_data_to_file()
w.close()

rows = [{"text": t, "ids": sp.encode(t), "decoded": sp.decode(sp.encode(t))} for t in corpus]
with open(os.path.join(here, "spm_corpus.json"), "w", encoding="utf-8") as f:
    json.dump(rows, f, ensure_ascii=False)
print(len(tokens), "pieces,", sum(1 for t in types if t == 6), "byte pieces;", len(rows), "strings")
