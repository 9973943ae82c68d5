"""Writes the demo pipeline's data: the Wisconsin Diagnostic Breast Cancer data set as
scikit-learn ships it (sklearn.datasets.load_breast_cancer), one row per biopsy, the 30
measurements and the diagnosis. Run with a Python that has scikit-learn
(tests/.venv/bin/python resources/demo/make_demo_data.py); the CSV is committed.
"""
import os

from sklearn.datasets import load_breast_cancer

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "breast-cancer")
data = load_breast_cancer()
names = [f.replace(" ", "_") for f in data.feature_names]
with open(os.path.join(here, "breast_cancer.csv"), "w", newline="") as f:
    f.write(",".join(names + ["diagnosis"]) + "\n")
    for row, target in zip(data.data, data.target):
        f.write(",".join(repr(float(v)) for v in row) + "," + ("benign" if target == 1 else "malignant") + "\n")
print("wrote", here)

# A month that arrives later (arriving/2026-11.csv; copy it into incoming/ to see the drift
# trigger retrain): 150 of the same real biopsies, drawn with a fixed seed, as a new scanner
# would report them if it read sizes 15% larger: radius, perimeter and their errors and worst
# values x1.15, areas x1.15^2. The diagnoses are the real ones.
import numpy as np

rng = np.random.default_rng(202611)
rows = rng.choice(len(data.data), size=150, replace=False)
scale = np.ones(len(names))
for j, n in enumerate(names):
    if "radius" in n or "perimeter" in n:
        scale[j] = 1.15
    elif "area" in n:
        scale[j] = 1.15 ** 2
os.makedirs(os.path.join(here, "arriving"), exist_ok=True)
os.makedirs(os.path.join(here, "incoming"), exist_ok=True)
with open(os.path.join(here, "arriving", "2026-11.csv"), "w", newline="") as f:
    f.write(",".join(names + ["diagnosis"]) + "\n")
    for i in sorted(rows):
        values = data.data[i] * scale
        f.write(",".join(repr(float(round(v, 6))) for v in values) + "," + ("benign" if data.target[i] == 1 else "malignant") + "\n")
print("wrote the arriving month")
