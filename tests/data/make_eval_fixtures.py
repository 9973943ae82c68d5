#!/usr/bin/env python3
"""Records what the reference packages of Keel's string metrics answer, for tst_eval.

  rapidfuzz     rapidfuzz.distance.Levenshtein.distance
  rouge-score   rouge_scorer.RougeScorer(["rouge1", "rouge2"]).score(target, prediction) F-measures
  sacrebleu     sacrebleu.sentence_bleu(hypothesis, [reference]).score / 100 (its defaults)

  python3 -m venv /tmp/evalpeers && /tmp/evalpeers/bin/pip install rouge-score sacrebleu rapidfuzz
  /tmp/evalpeers/bin/python tests/data/make_eval_fixtures.py
"""
import json
import os
from importlib.metadata import version

import sacrebleu
from rapidfuzz.distance import Levenshtein
from rouge_score import rouge_scorer

HERE = os.path.dirname(os.path.abspath(__file__))
PAIRS = [
    ("The capital of France is Paris.", "Paris is the capital of France."),
    ("kitten", "sitting"),
    ("The cat sat on the mat.", "The cat is on the mat."),
    ("Berlin", "The capital of Germany is Berlin."),
    ("Tokyo, Japan's capital, has 14 million people.", "Tokyo is the capital of Japan; about 14,000,000 people live there."),
    ("", "something"),
    ("naïve café über", "naive cafe uber"),
    ("It costs $3.50 (tax-free) - 2-3 days.", "It costs $3.50, tax free, in 2-3 days!"),
    ("a b c d e f g", "a b c d e f g"),
    ("the the the the", "the cat"),
    ("Machine learning models need data; more data beats clever algorithms.", "More data usually beats clever algorithms in machine learning."),
    ("x", "x"),
]

scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"])
cases = []
for output, reference in PAIRS:
    r = scorer.score(reference, output)
    cases.append({
        "output": output,
        "reference": reference,
        "levenshtein": Levenshtein.distance(output, reference),
        "rouge1": r["rouge1"].fmeasure,
        "rouge2": r["rouge2"].fmeasure,
        "bleu": sacrebleu.sentence_bleu(output, [reference]).score / 100.0,
    })
out = {"versions": {p: version(p) for p in ("rapidfuzz", "rouge-score", "sacrebleu")}, "cases": cases}
with open(os.path.join(HERE, "eval", "string_metrics.json"), "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", len(cases), "cases")
