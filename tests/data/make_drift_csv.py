"""Writes tests/data/drift/{reference,current}.csv: a small loan-applications table whose
current month drifted in two of five tested columns (income shifted up, channel moved to mobile).
Standard library only, fixed seed, so the files are reproducible: python3 make_drift_csv.py"""
import csv
import os
import random

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift")


def rows(rng, n, month, income_shift, mobile_share):
    for i in range(n):
        age = rng.randint(19, 75)
        income = round(rng.lognormvariate(10.6 + income_shift, 0.45), 2)
        channel = "mobile" if rng.random() < mobile_share else rng.choice(["web", "branch", "partner"])
        region = rng.choice(["north", "south", "east", "west"])
        approved = "true" if rng.random() < 0.62 else "false"
        score = "" if rng.random() < 0.03 else round(rng.gauss(640, 55), 1)  # a few missing
        yield {"application_id": f"{month}-{i:05d}", "applied_on": f"2026-{month}-{1 + i % 28:02d}",
               "age": age, "income": income, "credit_score": score, "channel": channel,
               "region": region, "approved": approved}


def write(name, data):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(data[0].keys()))
        w.writeheader()
        w.writerows(data)


if __name__ == "__main__":
    os.makedirs(HERE, exist_ok=True)
    rng = random.Random(20261126)
    write("reference.csv", list(rows(rng, 800, "09", 0.0, 0.25)))
    write("current.csv", list(rows(rng, 600, "10", 0.25, 0.55)))
