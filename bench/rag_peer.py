#!/usr/bin/env python3
"""The peers of bench_rag's ANN table, on the vectors bench_rag wrote (DIR/base.f32, queries.f32,
truth.i64: raw float32 and int64) with the same settings and the same timing rule (all queries as
one batch on every core, repeated for at least a second):

  rag_peer.py faiss DIR N DIM NQ     FAISS from Python (faiss-cpu from PyPI, or Debian's python3-faiss)
  rag_peer.py hnswlib DIR N DIM NQ   hnswlib from PyPI

Prints "build LIB SECONDS" and "search LIB SETTING RECALL QPS" lines, and "version LIB V".
"""
import os
import sys
import time

import numpy as np


def load(d, n, dim, nq):
    base = np.fromfile(os.path.join(d, "base.f32"), dtype=np.float32).reshape(n, dim)
    queries = np.fromfile(os.path.join(d, "queries.f32"), dtype=np.float32).reshape(nq, dim)
    truth = np.fromfile(os.path.join(d, "truth.i64"), dtype=np.int64).reshape(nq, 10)
    return base, queries, truth


def recall(ids, truth):
    return sum(len(set(a) & set(b)) for a, b in zip(ids, truth)) / truth.size


def timed(search, nq):
    done, start = 0, time.perf_counter()
    while True:
        ids = search()
        done += nq
        if time.perf_counter() - start >= 1.0:
            return ids, done / (time.perf_counter() - start)


def main():
    lib, d, n, dim, nq = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    base, queries, truth = load(d, n, dim, nq)
    if lib == "faiss":
        import faiss
        print("version faiss", faiss.__version__, os.path.dirname(faiss.__file__))
        index = faiss.IndexHNSWFlat(dim, 16)
        index.hnsw.efConstruction = 100
        t = time.perf_counter()
        index.add(base)
        print("build hnsw %.2f" % (time.perf_counter() - t))
        for ef in (16, 32, 64, 128, 256):
            index.hnsw.efSearch = ef
            ids, qps = timed(lambda: index.search(queries, 10)[1], nq)
            print("search hnsw efSearch=%d %.4f %.0f" % (ef, recall(ids, truth), qps))
        quantizer = faiss.IndexFlatL2(dim)
        ivf = faiss.IndexIVFFlat(quantizer, dim, 1024)
        t = time.perf_counter()
        ivf.train(base)
        ivf.add(base)
        print("build ivf %.2f" % (time.perf_counter() - t))
        for nprobe in (1, 4, 16, 64):
            ivf.nprobe = nprobe
            ids, qps = timed(lambda: ivf.search(queries, 10)[1], nq)
            print("search ivf nprobe=%d %.4f %.0f" % (nprobe, recall(ids, truth), qps))
    elif lib == "hnswlib":
        import hnswlib
        from importlib.metadata import version
        print("version hnswlib", version("hnswlib"))
        index = hnswlib.Index(space="l2", dim=dim)
        index.init_index(max_elements=n, ef_construction=100, M=16, random_seed=100)
        t = time.perf_counter()
        index.add_items(base, np.arange(n), num_threads=os.cpu_count())
        print("build hnsw %.2f" % (time.perf_counter() - t))
        for ef in (16, 32, 64, 128, 256):
            index.set_ef(ef)
            ids, qps = timed(lambda: index.knn_query(queries, k=10, num_threads=os.cpu_count())[0], nq)
            print("search hnsw efSearch=%d %.4f %.0f" % (ef, recall(ids, truth), qps))
    else:
        sys.exit("unknown peer " + lib)


if __name__ == "__main__":
    main()
