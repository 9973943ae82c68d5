#!/usr/bin/env python3
"""Writes drift_scipy.json: inputs and what SciPy computes for them, for tst_drift.

    python3 tests/data/make_drift_fixtures.py      (tests/make_fixtures.sh makes the virtualenv)

ks_2samp (two-sided, method='auto', exact at these sizes), chisquare, wasserstein_distance,
jensenshannon, entropy (KL) and gammaincc come from SciPy itself; PSI, Hellinger and the pooled
two-proportion z test (normal tail from scipy.stats.norm) follow their textbook formulas.
"""
import json
import os

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance


def ks_case(name, a, b):
    r = stats.ks_2samp(a, b)
    return {"name": name, "a": [float(x) for x in a], "b": [float(x) for x in b],
            "statistic": float(r.statistic), "pvalue": float(r.pvalue),
            "wasserstein": float(stats.wasserstein_distance(a, b))}


def main():
    rng = np.random.default_rng(20261126)
    ks = [
        ks_case("normal 200 vs shifted 150", rng.normal(0, 1, 200), rng.normal(0.3, 1, 150)),
        ks_case("equal sizes 1000", rng.normal(0, 1, 1000), rng.normal(0.05, 1.1, 1000)),
        ks_case("ties: integers", rng.integers(0, 10, 300).astype(float), rng.integers(0, 12, 250).astype(float)),
        ks_case("tiny 5 vs 7", rng.normal(0, 1, 5), rng.normal(1, 1, 7)),
        ks_case("same distribution 3000 vs 2000", rng.exponential(1, 3000), rng.exponential(1, 2000)),
        ks_case("large shift 400 vs 300", rng.normal(0, 1, 400), rng.normal(2, 1, 300)),
        ks_case("at the exact limit 10000 vs 9000", rng.normal(0, 1, 10000), rng.normal(0.02, 1, 9000)),
    ]
    dists = []
    for k in (2, 5, 12):
        p = rng.integers(0, 200, k).astype(float) + 1
        q = rng.integers(0, 200, k).astype(float) + 1
        pn, qn = p / p.sum(), q / q.sum()
        expected = pn * q.sum()
        chi = stats.chisquare(q, expected)
        dists.append({"k": k, "p": p.tolist(), "q": q.tolist(),
                      "jensenshannon": float(distance.jensenshannon(p, q)),
                      "kl": float(stats.entropy(p, q)),
                      "hellinger": float(np.sqrt(np.sum((np.sqrt(pn) - np.sqrt(qn)) ** 2) / 2)),
                      "psi": float(np.sum((qn - pn) * np.log(qn / pn))),
                      "chisquare_expected": expected.tolist(),
                      "chisquare_statistic": float(chi.statistic), "chisquare_pvalue": float(chi.pvalue)})
    gamma = [{"a": a, "x": x, "q": float(special.gammaincc(a, x))}
             for a in (0.5, 1.0, 2.5, 10.0, 50.0) for x in (0.01, 0.5, 2.0, 9.0, 60.0)]
    ztests = []
    for s1, n1, s2, n2 in ((30, 100, 45, 120), (500, 1000, 480, 1000), (3, 50, 12, 40)):
        p1, p2, pooled = s1 / n1, s2 / n2, (s1 + s2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        ztests.append({"s1": s1, "n1": n1, "s2": s2, "n2": n2, "z": float(z), "pvalue": float(2 * stats.norm.sf(abs(z)))})
    out = {"generator": f"scipy {scipy.__version__}, numpy {np.__version__}", "ks": ks, "distributions": dists,
           "gammaincc": gamma, "ztests": ztests}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift_scipy.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
