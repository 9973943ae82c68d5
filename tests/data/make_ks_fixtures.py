"""SciPy's Kolmogorov-Smirnov distributions for tst_drift: kstwo.sf(x, n) and smirnov(n, x) on a
grid that reaches every method SciPy chooses between (Ruben-Gambino's ends, Durbin's matrix,
Pomeranz, Pelz-Good, twice the Smirnov tail), and ks_2samp on samples past its exact limit
(10,000 values a side), which switch it to the asymptotic p-value. The samples are made from
sums and products of fractional parts only, so that the C++ test builds the same doubles.

    python make_ks_fixtures.py        (writes drift/kstwo.json)
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import special, stats

here = os.path.dirname(os.path.abspath(__file__))


def frac(v):
    return v - math.floor(v)


def sample(count, a, b, shift):
    return [frac(i * a) * frac(i * b) + shift for i in range(1, count + 1)]


grid = []
for n in [1, 2, 3, 5, 10, 37, 100, 140, 141, 200, 500, 999, 1000, 4000, 20000, 150000]:
    xs = {0.4 / n, 0.75 / n, 1.0 / n, (n - 0.5) / n if n > 1 else 0.9, 0.5, 0.62, 0.93}
    for v in [0.05, 0.3, 0.7, 0.76, 1.5, 2.1, 2.3, 3.9, 4.2, 8, 17, 19, 60, 300, 380]:
        xs.add(math.sqrt(v / n))
    for x in sorted(xs):
        if 0 < x < 1:
            grid.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n)), "smirnov": float(special.smirnov(n, x))})

cases = []
for name, (na, nb, shift) in {"400 against 20000, shifted": (400, 20000, 0.03),
                              "900 against 12000, same": (900, 12000, 0.0),
                              "15000 against 11000, shifted a little": (15000, 11000, 0.004)}.items():
    a = sample(na, 0.6180339887498949, 0.7548776662466927, 0.0)
    b = sample(nb, 0.4142135623730951, 0.7320508075688772, shift)
    r = stats.ks_2samp(a, b)
    cases.append({"name": name, "a": [na, 0.6180339887498949, 0.7548776662466927, 0.0], "b": [nb, 0.4142135623730951, 0.7320508075688772, shift],
                  "statistic": float(r.statistic), "pvalue": float(r.pvalue)})

with open(os.path.join(here, "drift", "kstwo.json"), "w") as f:
    json.dump({"generator": f"scipy {scipy.__version__}, numpy {np.__version__}", "grid": grid, "ks_2samp": cases}, f, indent=1)
print(len(grid), "grid points,", len(cases), "samples")
