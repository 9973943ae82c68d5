#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace faiss {
struct Index;
}

namespace keel::rag {

enum class IndexType { Flat, Hnsw, IvfFlat, IvfPq };
enum class Metric { InnerProduct, L2 };

// An index and its parameters, as FAISS names them. Zero means "chosen from the data":
// nlist 4·√n (at most n/39, FAISS's training rule), PQ m the largest divisor of the dimension
// up to d/4 giving at least 4 dimensions per sub-quantiser.
struct IndexSpec {
    IndexType type = IndexType::Hnsw;
    Metric metric = Metric::InnerProduct;   // on L2-normalised vectors: cosine similarity
    int m = 32;                 // HNSW: neighbours per node
    int efConstruction = 200;   // HNSW: candidate list while building
    int efSearch = 64;          // HNSW: candidate list while searching
    int nlist = 0;              // IVF: coarse clusters
    int nprobe = 8;             // IVF: clusters visited per query
    int pqM = 0;                // IVF-PQ: sub-quantisers
    int pqBits = 8;             // IVF-PQ: bits per code

    // "hnsw M=32 efConstruction=200 efSearch=64 ip"
    std::string describe() const;
    nlohmann::json toJson() const;
    // Reads the fields toJson writes; throws keel::Error (BadInput) naming a wrong one.
    static IndexSpec fromJson(const nlohmann::json &j);
    // The parameters that only change searching (efSearch, nprobe) left out: two specs with the
    // same build key share one built index.
    std::string buildKey() const;
};

// "flat", "hnsw", "ivf-flat", "ivf-pq"; throws keel::Error (BadInput) naming the others.
IndexType indexTypeFromName(std::string_view name);
std::string indexTypeName(IndexType type);

struct SearchHit {
    std::int64_t id = -1;
    float score = 0;    // inner product (higher is nearer) or squared L2 distance (lower is nearer)
};

// A FAISS index over vectors numbered 0..n-1.
class VectorIndex {
public:
    // Trains (IVF) and fills the index. Throws keel::Error (BadInput) when the parameters do not
    // fit the data (an IVF with more clusters than vectors, PQ m that does not divide d, ...).
    static VectorIndex build(IndexSpec spec, const float *vectors, std::size_t n, std::size_t dim);
    static VectorIndex load(const std::filesystem::path &file, const IndexSpec &spec);
    VectorIndex(VectorIndex &&) noexcept;
    VectorIndex &operator=(VectorIndex &&) noexcept;
    ~VectorIndex();

    void save(const std::filesystem::path &file) const;
    // The k nearest of each query (nq × dim floats), nearest first; `threads` 0: all cores.
    std::vector<std::vector<SearchHit>> search(const float *queries, std::size_t nq, std::size_t k, int threads = 0) const;
    // efSearch and nprobe, which need no rebuild.
    void setSearchParameters(int efSearch, int nprobe);

    const IndexSpec &spec() const { return m_spec; }
    std::size_t size() const;
    std::size_t dimension() const;
    // Bytes of the index as FAISS writes it (what it holds in memory, near enough).
    std::uint64_t bytes() const;

private:
    VectorIndex(IndexSpec spec, std::unique_ptr<faiss::Index> index);
    IndexSpec m_spec;
    std::unique_ptr<faiss::Index> m_index;
};

// Each row scaled to unit length (rows of zeros are left as they are).
void normalizeRows(float *vectors, std::size_t n, std::size_t dim);

} // namespace keel::rag
