"""An eval suite of N cases on SmolLM2-135M, three ways, in the same run:

    eval_bench.py KEEL GGUF N [LLAMACPP_URL]

  1. Keel's batching runtime: `keel eval run` with the default window (64 cases generated
     together through the continuous-batching GenerationService);
  2. the same cases one by one (--window 1: one case in the runtime at a time);
  3. the same cases sent to an OpenAI-compatible server (llama-cpp-python's, on the same GGUF)
     through Keel's HTTP provider, when LLAMACPP_URL is given.

Each case asks for the sum of two numbers (greedy, at most 16 tokens) and checks the answer
with `contains`. Prints one line per way: cases/s, completion tokens/s, pass rate, wall seconds
(the whole command: loading the model, storing every cell and trace in a fresh workspace)."""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

keel, gguf, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
server = sys.argv[4] if len(sys.argv) > 4 else ""
rng = random.Random(7)
tmp = tempfile.mkdtemp(prefix="keel-eval-bench-")
with open(os.path.join(tmp, "cases.csv"), "w") as f:
    f.write("a,b,__expected\n")
    for _ in range(n):
        a, b = rng.randint(1, 60), rng.randint(1, 60)
        f.write(f"{a},{b},contains:{a + b}\n")


def suite(name, provider):
    path = os.path.join(tmp, name + ".yaml")
    with open(path, "w") as f:
        f.write("prompts: ['What is {{a}} plus {{b}}? Answer with the number only.']\n")
        f.write("providers:\n" + provider)
        f.write("tests: file://cases.csv\n")
    return path


local = suite("local", f"  - id: 'keel:{gguf}'\n    label: smollm2\n    config: {{temperature: 0, max_tokens: 16, maxBatch: 64}}\n")
remote = suite("remote", f"  - id: openai:chat:SmolLM2-135M-Instruct.Q4_1\n    label: smollm2\n"
                         f"    config: {{apiBaseUrl: '{server}/v1', temperature: 0, max_tokens: 16, maxConcurrency: 4, timeout: 600}}\n")


def run(label, path, *extra):
    ws = tempfile.mkdtemp(prefix="ws-", dir=tmp)
    start = time.perf_counter()
    p = subprocess.run([keel, "eval", "run", path, "--workspace", ws, "--json", *extra], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if not p.stdout.strip().startswith("{"):
        print(f"{label:<44} failed: {p.stderr.strip()[-200:]}")
        return
    report = json.loads(p.stdout)
    cells = report["results"]
    tokens = sum(c["completion_tokens"] for c in cells)
    errors = sum(c["status"] == "error" for c in cells)
    print(f"{label:<44} {len(cells) / wall:8.2f} cases/s {tokens / wall:8.1f} tokens/s  pass rate {report['pass_rate']:.3f}"
          f"  errors {errors:>3}  {wall:7.1f} s")


run("Keel, batched (window 64, batch 64)", local)
run("Keel, one case at a time (window 1)", local, "--window", "1")
if server:
    run("llama.cpp server (llama-cpp-python), 4 clients", remote)
