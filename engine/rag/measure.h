#pragma once

#include "rag/vectorindex.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace keel::rag {

// One index setting measured against exact search.
struct IndexMeasurement {
    IndexSpec spec;
    std::size_t k = 10;
    std::size_t queries = 0;
    double recall = 0;            // recall@k: the share of exact search's k nearest that the index returns
    double p50Ms = 0, p95Ms = 0, p99Ms = 0;   // one query at a time, one thread
    double qpsOneThread = 0, qpsAllThreads = 0;  // batched search, one thread and every core
    double bytesPerVector = 0;
    double buildSeconds = 0;
    bool pareto = false;          // no other setting has both higher recall and higher QPS
};

// The exact k nearest of each query (a Flat index over the same vectors), leaving out each
// query's own vector when `leaveOut` gives its id (queries sampled from the indexed vectors).
std::vector<std::vector<std::int64_t>> exactNeighbours(const float *vectors, std::size_t n, std::size_t dim, Metric metric,
                                                        const float *queries, std::size_t nq, std::size_t k,
                                                        const std::vector<std::int64_t> &leaveOut = {});

// recall@k, latency percentiles and QPS of `index` on the queries, against `truth` (from
// exactNeighbours with the same leaveOut).
IndexMeasurement measureIndex(const VectorIndex &index, const float *queries, std::size_t nq, std::size_t k,
                              const std::vector<std::vector<std::int64_t>> &truth, const std::vector<std::int64_t> &leaveOut = {});

// Marks the settings on the Pareto front of recall against QPS (all threads).
void markParetoFront(std::vector<IndexMeasurement> &measurements);

// The settings a sweep tries: efSearch for HNSW at each M, nprobe for IVF, PQ m for IVF-PQ.
std::vector<IndexSpec> sweepGrid(std::size_t n, std::size_t dim, Metric metric);

// Builds each distinct index once (settings that differ only in efSearch or nprobe share it) and
// measures every setting. Settings whose build fails (too few vectors to train, ...) are left
// out with their reason in `skipped`. `progress` gets (done, total) and may throw to cancel.
std::vector<IndexMeasurement> sweepIndexes(const std::vector<IndexSpec> &grid, const float *vectors, std::size_t n, std::size_t dim,
                                           const float *queries, std::size_t nq, std::size_t k, const std::vector<std::int64_t> &leaveOut,
                                           std::vector<std::string> &skipped, const std::function<void(std::size_t, std::size_t)> &progress = {});

// Retrieval quality against relevance judgements, with trec_eval's definitions (as
// pytrec_eval computes them): a ranking is sorted by score, descending, ties by document id,
// descending; a judgement of 1 or more is relevant; queries without results are left out of the
// means (trec_eval without -c).
using Qrels = std::map<std::string, std::map<std::string, int>>;                       // query → document → relevance
using RunResults = std::map<std::string, std::vector<std::pair<std::string, double>>>;  // query → (document, score)

struct RetrievalScores {
    std::map<std::string, double> mean;                               // "P_5", "recall_10", "ndcg_cut_10", "recip_rank", "success_1", "map"
    std::map<std::string, std::map<std::string, double>> perQuery;
};

RetrievalScores evaluateRetrieval(const Qrels &qrels, const RunResults &run, const std::vector<int> &cutoffs = {1, 3, 5, 10});

} // namespace keel::rag
