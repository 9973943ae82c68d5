"""KServe v2 predictions/s on a served registry model: CONCURRENCY clients send TOTAL requests of
ROWS rows each (rows from CSV, the TARGET column left out); prints predictions/s and latency.

    kserve_load.py BASE_URL MODEL CSV TARGET CONCURRENCY TOTAL ROWS
"""
import csv
import json
import sys
import threading
import time
import urllib.request

base, model, path, target, concurrency, total, rows = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
table = list(csv.DictReader(open(path)))[:rows]
columns = [c for c in table[0] if c != target]
body = json.dumps({"inputs": [{"name": c, "shape": [len(table)], "datatype": "FP64", "data": [float(r[c]) for r in table]} for c in columns]}).encode()
lock, latencies, errors, left = threading.Lock(), [], [0], [total]


def client():
    while True:
        with lock:
            if left[0] == 0:
                return
            left[0] -= 1
        req = urllib.request.Request(base + "/v2/models/" + model + "/infer", data=body, headers={"Content-Type": "application/json"})
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                r.read()
            with lock:
                latencies.append(time.perf_counter() - t)
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
print("%3d clients, %d rows a request: %8.0f predictions/s  %7.0f requests/s  latency p50 %.2f ms  p99 %.2f ms  (%d errors)" % (
    concurrency, rows, len(lat) * rows / wall, len(lat) / wall, lat[len(lat) // 2] * 1000, lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000, errors[0]))
