"""llama.cpp beside Keel on the same GGUF: single-stream greedy decoding speed and text.

    llamacpp_peer.py MODEL.gguf PROMPT TOKENS     prints "llamacpp TOKENS_PER_SECOND" and the greedy text

llama-cpp-python (PyPI) builds llama.cpp from source when installed; the prompt is used as given
(already in the model's chat format), one sequence, all cores."""
import os
import sys
import time

from llama_cpp import Llama

model, prompt, tokens = sys.argv[1], sys.argv[2], int(sys.argv[3])
llm = Llama(model_path=model, n_ctx=1024, n_threads=os.cpu_count(), verbose=False)
ids = llm.tokenize(prompt.encode(), add_bos=False, special=True)
llm.eval(ids)  # prefill, not timed
start = time.perf_counter()
out = []
for _ in range(tokens):
    nxt = llm.sample(temp=0.0)
    if nxt == llm.token_eos():
        break
    out.append(nxt)
    llm.eval([nxt])
seconds = time.perf_counter() - start
print(f"llamacpp {len(out) / seconds:.2f}")
print(llm.detokenize(out).decode("utf-8", errors="replace"))
