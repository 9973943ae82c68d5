"""The demo pipeline's training beside scikit-learn: the same rows, the same stratified share,
StandardScaler + LogisticRegression(C=1.0) fitted and scored, timed over 20 repetitions.
Prints: sklearn_fit_ms <median>"""
import os
import statistics
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

data = np.genfromtxt(sys.argv[1], delimiter=",", skip_header=1, dtype=str)
X = data[:, :-1].astype(float)
y = data[:, -1]
times = []
for _ in range(20):
    t = time.perf_counter()
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
    model = Pipeline([("scale", StandardScaler()), ("lr", LogisticRegression(C=1.0))]).fit(Xtr, ytr)
    model.score(Xte, yte)
    times.append((time.perf_counter() - t) * 1000)
print("sklearn_fit_ms %.2f" % statistics.median(times))
