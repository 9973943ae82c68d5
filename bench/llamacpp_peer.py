"""llama.cpp beside Keel on the same GGUF: single-stream greedy decoding speed and text.

    llamacpp_peer.py MODEL.gguf PROMPT TOKENS     prints "llamacpp TOKENS_PER_SECOND" and the greedy text

llama-cpp-python (PyPI) builds llama.cpp from source when installed; the prompt is used as given
(already in the model's chat format), one sequence, all cores. Decoding speed excludes the
prompt: a one-token completion is timed first and taken off. With a fourth argument "noeos" the
end-of-text token is banned, so that exactly TOKENS are decoded (a short answer's handful of
tokens makes a noisy rate)."""
import os
import sys
import time

from llama_cpp import Llama

model, prompt, tokens = sys.argv[1], sys.argv[2], int(sys.argv[3])
# n_batch=1: the llama.cpp that llama-cpp-python 0.3.36 built on the 2-core VM crashed evaluating
# a prompt in batches with this model; one token at a time it runs (decoding is one token anyway).
llm = Llama(model_path=model, n_ctx=1024, n_threads=os.cpu_count(), n_batch=1, n_ubatch=1, verbose=False)


bias = {llm.token_eos(): -1e9} if len(sys.argv) > 4 and sys.argv[4] == "noeos" else None


def run(n):
    llm.reset()
    start = time.perf_counter()
    out = llm.create_completion(prompt, max_tokens=n, temperature=0.0, top_k=1, logit_bias=bias)
    return time.perf_counter() - start, out


first, _ = run(1)
total, out = run(tokens)
generated = out["usage"]["completion_tokens"]
print(f"llamacpp {(generated - 1) / max(total - first, 1e-9):.2f}")
print(out["choices"][0]["text"])
