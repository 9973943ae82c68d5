// RAG benchmarks (scripts/bench.sh prints them beside their peers):
//   bench_rag ann DIR N DIM NQ   random Gaussian base and query vectors written to DIR (raw
//                                float32, shared with bench/rag_peer.py), exact neighbours by
//                                FAISS Flat, then Keel's HNSW and IVF-Flat (FAISS underneath)
//                                at the same settings the peers use: recall@10 and QPS
//   bench_rag gpu-exact DEVICE N DIM NQ   exact search through libtorch (matmul + top-k) on DEVICE:
//                                QPS and the matrix bytes read per second, against memory bandwidth
//   bench_rag corpus WORKSPACE MODEL DIR...   an end-to-end build over a real corpus:
//                                documents/s through reading and chunking, embeddings/s, the
//                                total, and an incremental rebuild after one file changes
// Lines are "key value ..." for the script to format.
#include "compute/torchruntime.h"
#include "rag/measure.h"
#include "rag/ragindex.h"
#include "rag/vectorindex.h"
#include "rag/torchsearch.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace keel;
using namespace keel::rag;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// n × dim standard normal values, row after row (the random baseline ANN benchmarks use).
std::vector<float> gaussianRows(std::size_t n, std::size_t dim, std::mt19937 &rng)
{
    std::normal_distribution<float> g;
    std::vector<float> v(n * dim);
    for (float &x : v)
        x = g(rng);
    return v;
}

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void writeRaw(const fs::path &file, const std::vector<float> &v)
{
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char *>(v.data()), std::streamsize(v.size() * sizeof(float)));
}

double recallAt10(const std::vector<std::vector<SearchHit>> &got, const std::vector<std::vector<std::int64_t>> &truth)
{
    std::size_t found = 0, total = 0;
    for (std::size_t q = 0; q < truth.size(); ++q) {
        std::set<std::int64_t> ids;
        for (const auto &h : got[q])
            ids.insert(h.id);
        for (auto id : truth[q])
            found += ids.count(id);
        total += truth[q].size();
    }
    return double(found) / double(total);
}

// All queries as one batch on every core, repeated for at least a second.
double qps(const VectorIndex &index, const std::vector<float> &queries, std::size_t nq, std::vector<std::vector<SearchHit>> &hits)
{
    std::size_t done = 0;
    const auto start = Clock::now();
    do {
        hits = index.search(queries.data(), nq, 10, 0);
        done += nq;
    } while (since(start) < 1.0);
    return double(done) / since(start);
}

int ann(const fs::path &dir, std::size_t n, std::size_t dim, std::size_t nq)
{
    fs::create_directories(dir);
    std::mt19937 rng(12345);
    const std::vector<float> base = gaussianRows(n, dim, rng), queries = gaussianRows(nq, dim, rng);
    writeRaw(dir / "base.f32", base);
    writeRaw(dir / "queries.f32", queries);
    auto t = Clock::now();
    const auto truth = exactNeighbours(base.data(), n, dim, Metric::L2, queries.data(), nq, 10);
    std::printf("exact_seconds %.2f\n", since(t));
    {
        std::ofstream gt(dir / "truth.i64", std::ios::binary);
        for (const auto &row : truth)
            gt.write(reinterpret_cast<const char *>(row.data()), std::streamsize(row.size() * sizeof(std::int64_t)));
    }
    std::printf("threads %u\n", std::thread::hardware_concurrency());
    std::vector<std::vector<SearchHit>> hits;
    IndexSpec hnsw;
    hnsw.type = IndexType::Hnsw;
    hnsw.metric = Metric::L2;
    hnsw.m = 16;
    hnsw.efConstruction = 100;
    t = Clock::now();
    VectorIndex h = VectorIndex::build(hnsw, base.data(), n, dim);
    std::printf("build hnsw %.2f\n", since(t));
    for (int ef : {16, 32, 64, 128, 256}) {
        h.setSearchParameters(ef, 0);
        const double q = qps(h, queries, nq, hits);
        std::printf("search hnsw efSearch=%d %.4f %.0f\n", ef, recallAt10(hits, truth), q);
    }
    IndexSpec ivf;
    ivf.type = IndexType::IvfFlat;
    ivf.metric = Metric::L2;
    ivf.nlist = 1024;
    t = Clock::now();
    VectorIndex iv = VectorIndex::build(ivf, base.data(), n, dim);
    std::printf("build ivf %.2f\n", since(t));
    for (int nprobe : {1, 4, 16, 64}) {
        iv.setSearchParameters(0, nprobe);
        const double q = qps(iv, queries, nq, hits);
        std::printf("search ivf nprobe=%d %.4f %.0f\n", nprobe, recallAt10(hits, truth), q);
    }
    return 0;
}

int corpus(const fs::path &workspace, const fs::path &model, const std::vector<fs::path> &roots)
{
    BuildOptions o;
    o.name = "corpus";
    o.sources = roots;
    o.model = model;
    o.chunker = ChunkerSpec{ChunkerKind::Recursive, 1000, 100, true}; // about MiniLM's 256-token window
    o.measureQueries = 200;
    const auto first = buildIndex(workspace, o);
    std::printf("corpus_files %zu\ncorpus_skipped %zu\ncorpus_chunks %zu\ncorpus_truncated %zu\n", first.files, first.skipped.size(), first.chunks,
                first.truncatedChunks);
    std::printf("corpus_read_seconds %.2f\ncorpus_embed_seconds %.2f\ncorpus_index_seconds %.2f\ncorpus_total_seconds %.2f\n", first.readSeconds,
                first.embedSeconds, first.indexSeconds, first.totalSeconds);
    if (first.measurement)
        std::printf("corpus_recall %.4f\n", first.measurement->recall);
    // One file more: only its chunks are embedded; every other file comes from the cache.
    {
        std::ofstream out(workspace / "note.txt");
        out << "A note added after the first build, about incremental rebuilds.";
    }
    o.sources.push_back(workspace / "note.txt");
    const auto second = buildIndex(workspace, o);
    std::printf("rebuild_seconds %.2f\nrebuild_files_reused %zu\nrebuild_embedded %zu\n", second.totalSeconds, second.filesReused, second.embedded);
    return 0;
}

// Exact search through libtorch on a device: batches of queries against n × dim vectors held
// there; each batch reads the whole matrix once, so the rate is set by memory bandwidth.
int gpuExact(const std::string &device, std::size_t n, std::size_t dim, std::size_t nq)
{
    const compute::DeviceId id = device == "cpu" ? compute::DeviceId::cpu() : compute::DeviceId::cuda(device.size() > 5 ? std::stoi(device.substr(5)) : 0);
    std::mt19937 rng(1);
    std::vector<float> base = gaussianRows(n, dim, rng), queries = gaussianRows(nq, dim, rng);
    normalizeRows(base.data(), n, dim);
    normalizeRows(queries.data(), nq, dim);
    const TorchExactIndex index(base.data(), n, dim, Metric::InnerProduct, id);
    index.search(queries.data(), nq, 10); // warm up
    // Checked against FAISS's Flat index on the first queries.
    IndexSpec flat;
    flat.type = IndexType::Flat;
    const auto want = VectorIndex::build(flat, base.data(), std::min<std::size_t>(n, 200000), dim).search(queries.data(), 8, 10);
    const auto got = TorchExactIndex(base.data(), std::min<std::size_t>(n, 200000), dim, Metric::InnerProduct, id).search(queries.data(), 8, 10);
    std::size_t same = 0;
    for (std::size_t q = 0; q < 8; ++q)
        for (std::size_t i = 0; i < 10; ++i)
            same += got[q][i].id == want[q][i].id;
    std::printf("gpu_exact_agreement %zu/80\n", same);
    std::size_t batches = 0;
    const auto start = Clock::now();
    do {
        index.search(queries.data(), nq, 10);
        ++batches;
    } while (since(start) < 2.0);
    const double seconds = since(start);
    const double bytes = double(batches) * double(n) * double(dim) * sizeof(float);
    std::printf("gpu_exact device %s n %zu dim %zu batch %zu qps %.0f read_GBps %.1f\n", device.c_str(), n, dim, nq,
                double(batches * nq) / seconds, bytes / seconds / 1e9);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        compute::torchrt::setThreads(0); // one per core, as keel sets it (libtorch starts with one here)
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "ann" && argc == 6)
            return ann(argv[2], std::stoul(argv[3]), std::stoul(argv[4]), std::stoul(argv[5]));
        if (mode == "gpu-exact" && argc == 6)
            return gpuExact(argv[2], std::stoul(argv[3]), std::stoul(argv[4]), std::stoul(argv[5]));
        if (mode == "corpus" && argc >= 5) {
            std::vector<fs::path> roots(argv + 4, argv + argc);
            return corpus(argv[2], argv[3], roots);
        }
        std::fprintf(stderr, "usage: bench_rag ann DIR N DIM NQ | gpu-exact cpu|cuda[:I] N DIM NQ | corpus WORKSPACE MODEL DIR...\n");
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_rag: %s\n", e.what());
        return 1;
    }
}
