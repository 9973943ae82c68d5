"""Load on an OpenAI-compatible server: CONCURRENCY clients share TOTAL chat completions
(greedy, MAX_TOKENS each), streamed; prints aggregate completion tokens/s, requests/s, p50/p99
latency and time to first token, and the errors. Standard library only, so the same client
measures `keel serve` and llama-cpp-python's server.

    serve_load.py BASE_URL MODEL CONCURRENCY TOTAL MAX_TOKENS
"""
import json
import statistics
import sys
import threading
import time
import urllib.request

base, model, concurrency, total, max_tokens = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
topics = ["a lighthouse keeper", "the moon", "a small robot", "the sea", "a city at night", "an old tree", "a train journey", "winter"]
lock = threading.Lock()
latencies, ttfts, tokens, errors = [], [], [0], [0]
next_request = [0]


def one(i):
    body = {"model": model, "messages": [{"role": "user", "content": "Write about " + topics[i % len(topics)] + "."}],
            "max_tokens": max_tokens, "temperature": 0, "stream": True, "stream_options": {"include_usage": True}}
    req = urllib.request.Request(base + "/v1/chat/completions", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    first, used, pieces = None, None, 0
    with urllib.request.urlopen(req, timeout=600) as r:
        for raw in r:
            line = raw.decode().strip()
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if chunk.get("choices") and chunk["choices"][0].get("delta", {}).get("content"):
                pieces += 1
                if first is None:
                    first = time.perf_counter() - start
            if chunk.get("usage"):
                used = chunk["usage"]["completion_tokens"]
    # A server that ignores stream_options.include_usage (llama-cpp-python's) streams a token a
    # chunk: count the chunks.
    return time.perf_counter() - start, first, used if used is not None else pieces


def client():
    while True:
        with lock:
            i = next_request[0]
            if i >= total:
                return
            next_request[0] += 1
        try:
            lat, first, used = one(i)
            with lock:
                latencies.append(lat)
                if first is not None:
                    ttfts.append(first)
                tokens[0] += used
        except Exception:
            with lock:
                errors[0] += 1


start = time.perf_counter()
threads = [threading.Thread(target=client) for _ in range(concurrency)]
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - start
lat = sorted(latencies)
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
print("%3d clients: %7.1f tokens/s  %5.2f requests/s  latency p50 %6.2f s  p99 %6.2f s  first token p50 %6.3f s  (%d requests, %d errors, %.1f s)" % (
    concurrency, tokens[0] / wall, len(lat) / wall, p(0.5), p(0.99), statistics.median(ttfts) if ttfts else float("nan"), len(lat), errors[0], wall))
