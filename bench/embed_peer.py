"""sentence-transformers beside `keel embed` on the same model folder and texts:

    embed_peer.py MODEL_DIR TEXTS [KEEL_JSONL]

Encodes every line of TEXTS with SentenceTransformer(MODEL_DIR) on the CPU (all cores, batch 64,
the model's own max_seq_length, normalisation from its modules.json), prints
"sentence_transformers SECONDS EMBEDDINGS_PER_SECOND", and with KEEL_JSONL (the JSON lines
`keel embed --output` wrote) the smallest cosine similarity between the two sides' vectors.
Model loading is not timed; a warm-up batch runs first, as Keel's figure has its model loaded."""
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
import numpy as np
import torch
from sentence_transformers import SentenceTransformer

model_dir, texts_file = sys.argv[1], sys.argv[2]
torch.set_num_threads(os.cpu_count())
texts = [line.rstrip("\n").rstrip("\r") for line in open(texts_file, encoding="utf-8")]
model = SentenceTransformer(model_dir, device="cpu")
model.encode(texts[:64], batch_size=64)
start = time.perf_counter()
vectors = model.encode(texts, batch_size=64, convert_to_numpy=True)
seconds = time.perf_counter() - start
print(f"sentence_transformers {seconds:.3f} {len(texts) / seconds:.1f}")
if len(sys.argv) > 3:
    keel = np.array([json.loads(line)["embedding"] for line in open(sys.argv[3], encoding="utf-8")], dtype=np.float64)
    ours = vectors.astype(np.float64)
    cos = (keel * ours).sum(1) / (np.linalg.norm(keel, axis=1) * np.linalg.norm(ours, axis=1))
    print(f"smallest cosine similarity between Keel's and sentence-transformers' vectors: {cos.min():.7f}")
