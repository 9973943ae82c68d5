"""Writes tests/data/drift/multivariate_sklearn.json: multivariate drift by PCA reconstruction
error over tests/data/drift/quality_{reference,current}.csv, computed with scikit-learn's own
SimpleImputer, StandardScaler and PCA in the steps NannyML's DataReconstructionDriftCalculator
takes: impute (mean for numbers, most frequent for categories), encode categories by their share
of the reference rows (category_encoders.CountEncoder(normalize=True); unseen ones 0), scale,
PCA(n_components=0.65, and 0.3) fitted on the reference, then per row the Euclidean distance between the
scaled row and its reconstruction; per window the mean; the band from 10 reference chunks
(numpy.array_split) as mean ± 3 population standard deviations. Run by tests/make_fixtures.sh."""
import json
import os

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift")
ref = pd.read_csv(os.path.join(here, "quality_reference.csv"))
cur = pd.read_csv(os.path.join(here, "quality_current.csv"))
numeric = ["score", "price", "price_pred"]
categorical = ["animal", "animal_pred"]
columns = ["score", "animal", "animal_pred", "price", "price_pred"]  # the order Keel reads them in


def encode(frame):
    out = pd.DataFrame(index=frame.index)
    for c in columns:
        if c in categorical:
            filled = frame[c].fillna(ref[c].mode()[0])
            shares = ref[c].value_counts(normalize=True)
            out[c] = filled.map(shares).fillna(0.0)
        else:
            out[c] = frame[c]
    return out


imputer = SimpleImputer(strategy="mean").fit(encode(ref))
scaler = StandardScaler().fit(imputer.transform(encode(ref)))
ref_x = scaler.transform(imputer.transform(encode(ref)))


def case(variance):
    pca = PCA(n_components=variance, svd_solver="full").fit(ref_x)

    def errors(frame):
        x = scaler.transform(imputer.transform(encode(frame)))
        rebuilt = pca.inverse_transform(pca.transform(x))
        return np.sqrt(((x - rebuilt) ** 2).sum(axis=1))

    ref_errors = errors(ref)
    chunks = [float(ref_errors[idx].mean()) for idx in np.array_split(np.arange(len(ref)), 10)]
    cur_errors = errors(cur)
    days = sorted(cur["ts"].unique())
    return {
        "components": int(pca.n_components_),
        "explained_variance": float(pca.explained_variance_ratio_.sum()),
        "reference_error": float(ref_errors.mean()),
        "reference_chunks": chunks,
        "mean": float(np.mean(chunks)),
        "std": float(np.std(chunks)),
        "windows": [{"start": d, "error": float(cur_errors[(cur["ts"] == d).to_numpy()].mean())} for d in days],
    }


# The default share of variance (0.65: two of five components here, so Keel measures what the
# other three hold), and 0.3 (one component: Keel projects on it and rebuilds).
expected = {"columns": columns, **case(0.65), "variance_kept_0_3": case(0.3)}
with open(os.path.join(here, "multivariate_sklearn.json"), "w") as f:
    json.dump(expected, f, indent=1)
