#pragma once

#include "compute/job.h"
#include "rag/chunkers.h"
#include "rag/documents.h"
#include "rag/measure.h"
#include "rag/vectorindex.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace keel::nn {
class BertEncoder;
}

namespace keel::rag {

// What a build is told to do.
struct BuildOptions {
    std::string name;                               // [A-Za-z0-9._-], at most 64 characters
    std::vector<std::filesystem::path> sources;     // files and folders
    ChunkerSpec chunker;
    std::filesystem::path model;                    // a sentence-transformers folder
    std::string modelName;                          // as the user named it (default: the folder's name)
    IndexSpec index;
    SourceLimits limits;
    std::size_t batchSize = 64;
    std::size_t measureQueries = 200;               // vectors sampled to measure recall against exact search
    std::size_t measureK = 10;
    compute::DeviceId device = compute::DeviceId::cpu();
};

// How a build reports progress and learns it should stop (a WorkerPool job's context, or a
// terminal's). `stop` returning true cancels: what was embedded so far stays cached.
struct BuildHooks {
    std::function<void(double, const std::string &)> progress;
    std::function<bool()> stop;
};

struct BuildReport {
    std::string name;
    int version = 0;
    std::filesystem::path dir;
    std::size_t files = 0, filesReused = 0;         // files read / files whose chunks came from the cache
    std::size_t chunks = 0, embedded = 0, embeddingsReused = 0;
    // Chunks longer than the model's window (sentence-transformers' max_seq_length): only their
    // first tokens were embedded. A smaller chunk size, or a token chunker, avoids it.
    std::size_t truncatedChunks = 0;
    std::size_t modelWindow = 0;
    std::vector<SkippedFile> skipped;
    double readSeconds = 0, embedSeconds = 0, indexSeconds = 0, totalSeconds = 0;
    std::uint64_t indexBytes = 0;
    std::optional<IndexMeasurement> measurement;
};

// Builds a new version of index `name` under <workspace>/indexes/<name>/v<N>: reads the sources
// (a file unchanged since the last build, by size and time, is not read again; its chunks come
// from the cache), embeds the chunks no build has embedded with this model before, builds the
// vector index and the keyword index, measures the index against exact search and writes the
// manifest last. The version folder appears complete or not at all. Throws keel::Error
// (BadInput) for bad options, compute::JobCancelled when `hooks.stop` says so.
BuildReport buildIndex(const std::filesystem::path &workspace, const BuildOptions &options, const BuildHooks &hooks = {});

// Validates an index name; throws keel::Error (BadInput) naming what is wrong.
void checkIndexName(const std::string &name);

// A version of an index on disk, as its manifest describes it.
struct IndexVersion {
    std::string name;
    int version = 0;
    std::filesystem::path dir;
    nlohmann::json manifest;
};

// Every version of every index in the workspace, by name and version.
std::vector<IndexVersion> listIndexes(const std::filesystem::path &workspace);
// "name" (its latest version), "name@N", or a version folder. Throws keel::Error (NotFound).
IndexVersion findIndex(const std::filesystem::path &workspace, const std::string &ref);

enum class QueryMode { Vector, Keyword, Hybrid };
QueryMode queryModeFromName(std::string_view name);

struct RetrievedChunk {
    std::int64_t id = -1;
    std::string source;
    std::size_t begin = 0, end = 0;
    int page = 0;
    std::string headingPath;
    std::string text;
    double score = 0;             // vector: similarity; keyword: -bm25 (higher is better); hybrid: the fused RRF score
    int vectorRank = 0, keywordRank = 0;   // 1-based, 0 when that retriever did not return it
};

// An opened index version: its vectors, chunks and keyword index, and the encoder that embeds
// queries (loaded on first use). Use from one thread at a time.
class RagIndex {
public:
    // On a CUDA device, a Flat index searches on the GPU (TorchExactIndex) and the encoder runs there.
    static std::unique_ptr<RagIndex> open(const IndexVersion &version, compute::DeviceId device = compute::DeviceId::cpu());
    ~RagIndex();

    const IndexVersion &version() const { return m_version; }
    std::size_t chunkCount() const;
    std::size_t dimension() const;

    // Reciprocal rank fusion's constant (Cormack et al. 2009).
    static constexpr double kRrfK = 60.0;
    std::vector<RetrievedChunk> query(const std::string &text, std::size_t k, QueryMode mode = QueryMode::Vector);
    std::vector<RetrievedChunk> queryVector(const std::vector<float> &vector, std::size_t k);
    std::vector<float> embedQuery(const std::string &text);

    // All the index's vectors, row by row (for measuring).
    std::vector<float> vectors() const;
    VectorIndex &vectorIndex() { return *m_index; }
    RetrievedChunk chunk(std::int64_t id);

private:
    RagIndex() = default;
    std::vector<RetrievedChunk> keyword(const std::string &text, std::size_t k);
    struct Db;
    IndexVersion m_version;
    compute::DeviceId m_device = compute::DeviceId::cpu();
    std::unique_ptr<VectorIndex> m_index;
    std::unique_ptr<Db> m_db;
    std::unique_ptr<nn::BertEncoder> m_encoder;
    std::unique_ptr<class TorchExactIndex> m_gpuExact; // a Flat index's vectors on the GPU
};

// Queries sampled from the index's own vectors (ids spread evenly), for measuring; `leaveOut`
// gets each query's id so that a query does not find itself.
std::vector<float> sampleQueries(const std::vector<float> &vectors, std::size_t dim, std::size_t count, std::vector<std::int64_t> &leaveOut);

// The SHA-256 of a model folder's weights file (cached by path, size and time in the workspace's
// index cache): what embeddings are keyed by.
std::string modelDigest(const std::filesystem::path &workspace, const std::filesystem::path &model);

// A build described in a YAML (or JSON) file:
//   name: docs
//   sources: [docs/, notes.md]          # relative to the file's folder
//   chunker: {kind: recursive, size: 1000, overlap: 100}
//   model: all-MiniLM-L6-v2             # a folder, or a name `keel models` finds
//   index: {type: hnsw, M: 32, efConstruction: 200, efSearch: 64}
// `model` is returned as written for the caller to resolve. Throws keel::Error (BadInput) naming
// the file, line and field that is wrong.
struct BuildConfig {
    BuildOptions options;
    std::string model;
};
BuildConfig readBuildConfig(const std::filesystem::path &file);

// A sweep over the index's own vectors (sweepGrid's settings), measured against exact search on
// `queries` vectors sampled from the index; saved in the version's bench.json.
std::vector<IndexMeasurement> sweepIndex(RagIndex &index, std::size_t k, std::size_t queries, std::vector<std::string> &skipped,
                                         const std::function<void(std::size_t, std::size_t)> &progress = {});

// Labelled queries, one JSON object a line: {"query": "...", "relevant": ["guide.md", ...]}
// (sources, or chunk ids as numbers). Each query is answered with `mode`, and the ranking is
// scored with trec_eval's measures: hit rate is success_k, MRR is recip_rank. Sources are
// ranked by their best chunk. Throws keel::Error (BadInput) naming the line that is wrong.
struct QualityReport {
    RetrievalScores scores;
    std::size_t queries = 0;
    bool bySource = true;
};
QualityReport evaluateQueries(RagIndex &index, const std::filesystem::path &jsonl, std::size_t k, QueryMode mode);

// What `keel rag bench` found last for a version (bench.json), or null.
nlohmann::json readBench(const IndexVersion &version);
void writeBench(const IndexVersion &version, const nlohmann::json &bench);
nlohmann::json measurementToJson(const IndexMeasurement &m);

// Makes efSearch / nprobe the version's default for queries (they need no rebuild); other
// parameters differ only by building again. Rewrites the manifest atomically.
void setDefaultSearch(IndexVersion &version, int efSearch, int nprobe);

// "FTS5 query" from free text: every word quoted, joined with OR.
std::string ftsQuery(const std::string &text);

} // namespace keel::rag
