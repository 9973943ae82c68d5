#include "rag/measure.h"

#include "core/error.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <thread>

namespace keel::rag {
namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    // Linear interpolation between closest ranks (numpy's default).
    const double pos = p * double(values.size() - 1);
    const auto lo = std::size_t(std::floor(pos)), hi = std::size_t(std::ceil(pos));
    return values[lo] + (values[hi] - values[lo]) * (pos - double(lo));
}

std::vector<std::int64_t> dropSelf(const std::vector<SearchHit> &hits, std::int64_t self, std::size_t k)
{
    std::vector<std::int64_t> ids;
    for (const SearchHit &h : hits) {
        if (h.id == self)
            continue;
        ids.push_back(h.id);
        if (ids.size() == k)
            break;
    }
    return ids;
}

} // namespace

std::vector<std::vector<std::int64_t>> exactNeighbours(const float *vectors, std::size_t n, std::size_t dim, Metric metric, const float *queries,
                                                        std::size_t nq, std::size_t k, const std::vector<std::int64_t> &leaveOut)
{
    IndexSpec flat;
    flat.type = IndexType::Flat;
    flat.metric = metric;
    const VectorIndex exact = VectorIndex::build(flat, vectors, n, dim);
    const std::size_t extra = leaveOut.empty() ? 0 : 1;
    const auto hits = exact.search(queries, nq, k + extra);
    std::vector<std::vector<std::int64_t>> out(nq);
    for (std::size_t q = 0; q < nq; ++q)
        out[q] = dropSelf(hits[q], leaveOut.empty() ? -1 : leaveOut[q], k);
    return out;
}

IndexMeasurement measureIndex(const VectorIndex &index, const float *queries, std::size_t nq, std::size_t k,
                              const std::vector<std::vector<std::int64_t>> &truth, const std::vector<std::int64_t> &leaveOut)
{
    IndexMeasurement m;
    m.spec = index.spec();
    m.k = k;
    m.queries = nq;
    if (nq == 0)
        return m;
    const std::size_t dim = index.dimension();
    const std::size_t extra = leaveOut.empty() ? 0 : 1;

    // Latency: one query at a time on one thread, as a request is served.
    std::vector<double> latencies;
    latencies.reserve(nq);
    std::size_t found = 0, wanted = 0;
    for (std::size_t q = 0; q < nq; ++q) {
        const auto start = Clock::now();
        const auto hits = index.search(queries + q * dim, 1, k + extra, 1);
        latencies.push_back(seconds(Clock::now() - start) * 1000.0);
        const auto ids = dropSelf(hits[0], leaveOut.empty() ? -1 : leaveOut[q], k);
        const std::set<std::int64_t> got(ids.begin(), ids.end());
        for (std::int64_t id : truth[q])
            found += got.count(id);
        wanted += truth[q].size();
    }
    m.recall = wanted ? double(found) / double(wanted) : 0;
    m.p50Ms = percentile(latencies, 0.50);
    m.p95Ms = percentile(latencies, 0.95);
    m.p99Ms = percentile(latencies, 0.99);

    // Throughput: the whole batch at once, on one thread and on every core.
    auto throughput = [&](int threads) {
        // Repeat small batches until at least 0.2 s has passed, for a stable figure.
        std::size_t done = 0;
        const auto start = Clock::now();
        do {
            index.search(queries, nq, k + extra, threads);
            done += nq;
        } while (seconds(Clock::now() - start) < 0.2);
        return double(done) / seconds(Clock::now() - start);
    };
    m.qpsOneThread = throughput(1);
    m.qpsAllThreads = throughput(int(std::max(1u, std::thread::hardware_concurrency())));
    m.bytesPerVector = index.size() ? double(index.bytes()) / double(index.size()) : 0;
    return m;
}

void markParetoFront(std::vector<IndexMeasurement> &ms)
{
    for (auto &a : ms) {
        a.pareto = std::none_of(ms.begin(), ms.end(), [&a](const IndexMeasurement &b) {
            return &a != &b && b.recall >= a.recall && b.qpsAllThreads >= a.qpsAllThreads && (b.recall > a.recall || b.qpsAllThreads > a.qpsAllThreads);
        });
    }
}

std::vector<IndexSpec> sweepGrid(std::size_t n, std::size_t dim, Metric metric)
{
    std::vector<IndexSpec> grid;
    IndexSpec flat;
    flat.type = IndexType::Flat;
    flat.metric = metric;
    grid.push_back(flat);
    for (int m : {16, 32}) {
        for (int ef : {16, 32, 64, 128, 256}) {
            IndexSpec s;
            s.type = IndexType::Hnsw;
            s.metric = metric;
            s.m = m;
            s.efConstruction = 200;
            s.efSearch = ef;
            grid.push_back(s);
        }
    }
    const int nlist = std::max(1, std::min(int(std::lround(4.0 * std::sqrt(double(n)))), int(n / 39)));
    for (int nprobe : {1, 2, 4, 8, 16, 32}) {
        if (nprobe > nlist)
            break;
        IndexSpec s;
        s.type = IndexType::IvfFlat;
        s.metric = metric;
        s.nlist = nlist;
        s.nprobe = nprobe;
        grid.push_back(s);
    }
    std::vector<int> pqMs;
    for (int m : {int(dim / 8), int(dim / 4)})
        if (m >= 1 && dim % std::size_t(m) == 0 && std::find(pqMs.begin(), pqMs.end(), m) == pqMs.end())
            pqMs.push_back(m);
    for (int pqM : pqMs) {
        for (int nprobe : {4, 16}) {
            if (nprobe > nlist)
                break;
            IndexSpec s;
            s.type = IndexType::IvfPq;
            s.metric = metric;
            s.nlist = nlist;
            s.nprobe = nprobe;
            s.pqM = pqM;
            grid.push_back(s);
        }
    }
    return grid;
}

std::vector<IndexMeasurement> sweepIndexes(const std::vector<IndexSpec> &grid, const float *vectors, std::size_t n, std::size_t dim, const float *queries,
                                           std::size_t nq, std::size_t k, const std::vector<std::int64_t> &leaveOut, std::vector<std::string> &skipped,
                                           const std::function<void(std::size_t, std::size_t)> &progress)
{
    if (grid.empty())
        return {};
    const auto truth = exactNeighbours(vectors, n, dim, grid.front().metric, queries, nq, k, leaveOut);
    std::vector<IndexMeasurement> out;
    std::map<std::string, std::pair<std::shared_ptr<VectorIndex>, double>> built; // build key → index, build seconds
    std::set<std::string> failed;
    std::size_t done = 0;
    for (const IndexSpec &spec : grid) {
        if (progress)
            progress(done, grid.size());
        ++done;
        const std::string key = spec.buildKey();
        if (failed.count(key))
            continue;
        auto it = built.find(key);
        if (it == built.end()) {
            try {
                const auto start = Clock::now();
                auto index = std::make_shared<VectorIndex>(VectorIndex::build(spec, vectors, n, dim));
                it = built.emplace(key, std::make_pair(index, seconds(Clock::now() - start))).first;
            } catch (const Error &e) {
                failed.insert(key);
                skipped.push_back(spec.describe() + ": " + e.what());
                continue;
            }
        }
        VectorIndex &index = *it->second.first;
        index.setSearchParameters(spec.efSearch, spec.nprobe);
        IndexMeasurement m = measureIndex(index, queries, nq, k, truth, leaveOut);
        m.buildSeconds = it->second.second;
        out.push_back(m);
    }
    if (progress)
        progress(grid.size(), grid.size());
    markParetoFront(out);
    return out;
}

RetrievalScores evaluateRetrieval(const Qrels &qrels, const RunResults &run, const std::vector<int> &cutoffs)
{
    RetrievalScores scores;
    std::map<std::string, double> sums;
    std::size_t evaluated = 0;
    for (const auto &[query, results] : run) {
        const auto judged = qrels.find(query);
        if (judged == qrels.end() || results.empty())
            continue;
        ++evaluated;
        auto ranking = results;
        std::sort(ranking.begin(), ranking.end(), [](const auto &a, const auto &b) {
            if (a.second != b.second)
                return a.second > b.second;
            return a.first > b.first;
        });
        auto relevance = [&](const std::string &doc) {
            const auto it = judged->second.find(doc);
            return it == judged->second.end() ? 0 : it->second;
        };
        std::size_t totalRelevant = 0;
        std::vector<int> ideal;
        for (const auto &[doc, rel] : judged->second) {
            if (rel >= 1) {
                ++totalRelevant;
                ideal.push_back(rel);
            }
        }
        std::sort(ideal.rbegin(), ideal.rend());
        auto &q = scores.perQuery[query];
        // Reciprocal rank and average precision over the whole ranking.
        double rr = 0, apSum = 0;
        std::size_t relSoFar = 0;
        for (std::size_t i = 0; i < ranking.size(); ++i) {
            if (relevance(ranking[i].first) >= 1) {
                ++relSoFar;
                if (rr == 0)
                    rr = 1.0 / double(i + 1);
                apSum += double(relSoFar) / double(i + 1);
            }
        }
        q["recip_rank"] = rr;
        q["map"] = totalRelevant ? apSum / double(totalRelevant) : 0;
        for (int k : cutoffs) {
            std::size_t rel = 0;
            double dcg = 0, idcg = 0;
            for (std::size_t i = 0; i < ranking.size() && i < std::size_t(k); ++i) {
                const int r = relevance(ranking[i].first);
                if (r >= 1) {
                    ++rel;
                    dcg += double(r) / std::log2(double(i) + 2.0);
                }
            }
            for (std::size_t i = 0; i < ideal.size() && i < std::size_t(k); ++i)
                idcg += double(ideal[i]) / std::log2(double(i) + 2.0);
            const std::string kk = std::to_string(k);
            q["P_" + kk] = double(rel) / double(k);
            q["recall_" + kk] = totalRelevant ? double(rel) / double(totalRelevant) : 0;
            q["ndcg_cut_" + kk] = idcg > 0 ? dcg / idcg : 0;
            q["success_" + kk] = rel > 0 ? 1 : 0;
        }
        for (const auto &[name, value] : q)
            sums[name] += value;
    }
    for (const auto &[name, sum] : sums)
        scores.mean[name] = evaluated ? sum / double(evaluated) : 0;
    return scores;
}

} // namespace keel::rag
