#!/usr/bin/env python3
"""Writes histogram_numpy.json: inputs and numpy.histogram's counts for the CPU/CUDA histogram test.

Run with numpy installed (tests/make_fixtures.sh makes a virtualenv for it):
    python3 tests/data/make_histogram_fixtures.py
The cases aim at the places where a histogram can disagree with numpy: values exactly on bin
edges, values one ulp either side of an edge, the closed last bin, NaN and infinities,
values outside the range, a zero-width range, one bin, and more bins than fit in a GPU's
shared memory.
"""
import json
import math
import os

import numpy as np


def encode(values):
    out = []
    for v in values:
        v = float(v)
        if math.isnan(v):
            out.append("nan")
        elif math.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(v)
    return out


def case(name, values, lo, hi, bins):
    values = np.asarray(values, dtype=np.float64)
    counts, _ = np.histogram(values, bins=bins, range=(lo, hi))
    return {"name": name, "lo": lo, "hi": hi, "bins": bins,
            "values": encode(values), "counts": [int(c) for c in counts]}


def edges_needing_increment(rng, wanted):
    """Ranges and values whose scaled index truncates one bin short, so numpy's correction
    against the next edge moves them up: a twin that skips the correction fails here."""
    found = []
    while len(found) < wanted:
        lo = float(rng.uniform(-10, 10))
        hi = lo + float(rng.uniform(0.1, 50))
        bins = int(rng.integers(2, 50))
        edges = np.linspace(lo, hi, bins + 1)
        k = int(rng.integers(1, bins))
        x = float(edges[k])
        f = int(((x - lo) / (hi - lo)) * bins)
        if f < bins and x >= edges[f + 1] and f != bins - 1:
            found.append(case(f"scaled index one short ({len(found) + 1})", np.concatenate([edges, [x]]), lo, hi, bins))
    return found


def main():
    rng = np.random.default_rng(20261126)
    edges = np.linspace(-3.0, 3.0, 13)
    cases = [
        case("normal, 20 bins", rng.normal(0.0, 1.0, 3000), -3.0, 3.0, 20),
        case("values on every edge", edges, -3.0, 3.0, 12),
        case("one ulp around each edge", np.concatenate([np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf)]), -3.0, 3.0, 12),
        case("tenths in [0, 1], 10 bins", np.arange(0, 11) / 10.0, 0.0, 1.0, 10),
        case("thirds, 3 bins", np.array([0.0, 1 / 3, 2 / 3, 1.0, 0.3333333333333333, 0.6666666666666666]), 0.0, 1.0, 3),
        case("nan, infinities and outside values", [np.nan, np.inf, -np.inf, -5.0, 5.0, 0.5, 1.0, 0.0, -1e-300, 1.0000000000000002], 0.0, 1.0, 4),
        case("zero-width range", [2.0, 2.0, 1.6, 2.4, 1.5, 2.5, 3.0], 2.0, 2.0, 5),
        case("one bin", rng.uniform(-1, 2, 300), 0.0, 1.0, 1),
        case("large magnitudes", rng.normal(1e9, 1e3, 2000), 1e9 - 3e3, 1e9 + 3e3, 37),
        case("10000 bins", rng.uniform(0, 1, 12000), 0.0, 1.0, 10000),
        case("empty input", [], 0.0, 1.0, 5),
    ] + edges_needing_increment(np.random.default_rng(7), 3)
    out = {"generator": "numpy " + np.__version__ + " numpy.histogram(values, bins, range=(lo, hi))",
           "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "histogram_numpy.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
