#!/usr/bin/env python3
"""The peer for bench_histogram: numpy.histogram on 10,000,000 normal doubles, 100 bins over
[-4, 4], best of 5. Prints: numpy <n> <ms> <total>"""
import sys
import time

import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
values = np.random.default_rng(20261126).normal(0.0, 1.0, n)
best = float("inf")
for _ in range(5):
    t0 = time.perf_counter()
    counts, _ = np.histogram(values, bins=100, range=(-4.0, 4.0))
    best = min(best, (time.perf_counter() - t0) * 1e3)
print(f"numpy {n} {best:.2f} {int(counts.sum())} {np.__version__}")
