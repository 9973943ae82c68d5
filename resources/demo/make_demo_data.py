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
