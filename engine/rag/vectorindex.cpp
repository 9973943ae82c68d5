#include "rag/vectorindex.h"

#include "core/error.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <nlohmann/json.hpp>
#include <omp.h>

#include <algorithm>
#include <cmath>

namespace keel::rag {
namespace {

faiss::MetricType faissMetric(Metric m) { return m == Metric::InnerProduct ? faiss::METRIC_INNER_PRODUCT : faiss::METRIC_L2; }

// omp_set_num_threads for one call, restored afterwards.
class ThreadCount {
public:
    explicit ThreadCount(int threads) : m_saved(omp_get_max_threads())
    {
        if (threads > 0)
            omp_set_num_threads(threads);
    }
    ~ThreadCount() { omp_set_num_threads(m_saved); }

private:
    int m_saved;
};

int defaultNlist(std::size_t n)
{
    const int byRoot = int(std::lround(4.0 * std::sqrt(double(n))));
    return std::max(1, std::min(byRoot, int(n / 39)));
}

int defaultPqM(std::size_t dim)
{
    for (int m = int(dim / 4); m >= 1; --m)
        if (dim % std::size_t(m) == 0)
            return m;
    return 1;
}

} // namespace

std::string indexTypeName(IndexType type)
{
    switch (type) {
    case IndexType::Flat: return "flat";
    case IndexType::Hnsw: return "hnsw";
    case IndexType::IvfFlat: return "ivf-flat";
    case IndexType::IvfPq: return "ivf-pq";
    }
    return "flat";
}

IndexType indexTypeFromName(std::string_view name)
{
    if (name == "flat" || name == "exact")
        return IndexType::Flat;
    if (name == "hnsw")
        return IndexType::Hnsw;
    if (name == "ivf-flat" || name == "ivf")
        return IndexType::IvfFlat;
    if (name == "ivf-pq")
        return IndexType::IvfPq;
    throwError(ErrorKind::BadInput, "unknown index type '" + std::string(name) + "': use flat, hnsw, ivf-flat or ivf-pq");
}

std::string IndexSpec::describe() const
{
    std::string s = indexTypeName(type);
    switch (type) {
    case IndexType::Flat: break;
    case IndexType::Hnsw:
        s += " M=" + std::to_string(m) + " efConstruction=" + std::to_string(efConstruction) + " efSearch=" + std::to_string(efSearch);
        break;
    case IndexType::IvfFlat:
        s += " nlist=" + (nlist ? std::to_string(nlist) : std::string("auto")) + " nprobe=" + std::to_string(nprobe);
        break;
    case IndexType::IvfPq:
        s += " nlist=" + (nlist ? std::to_string(nlist) : std::string("auto")) + " nprobe=" + std::to_string(nprobe) +
             " m=" + (pqM ? std::to_string(pqM) : std::string("auto")) + " bits=" + std::to_string(pqBits);
        break;
    }
    return s + (metric == Metric::InnerProduct ? " ip" : " l2");
}

std::string IndexSpec::buildKey() const
{
    IndexSpec s = *this;
    s.efSearch = 0;
    s.nprobe = 0;
    return s.describe();
}

nlohmann::json IndexSpec::toJson() const
{
    nlohmann::json j{{"type", indexTypeName(type)}, {"metric", metric == Metric::InnerProduct ? "ip" : "l2"}};
    if (type == IndexType::Hnsw) {
        j["M"] = m;
        j["efConstruction"] = efConstruction;
        j["efSearch"] = efSearch;
    }
    if (type == IndexType::IvfFlat || type == IndexType::IvfPq) {
        j["nlist"] = nlist;
        j["nprobe"] = nprobe;
    }
    if (type == IndexType::IvfPq) {
        j["pqM"] = pqM;
        j["pqBits"] = pqBits;
    }
    return j;
}

IndexSpec IndexSpec::fromJson(const nlohmann::json &j)
{
    if (!j.is_object())
        throwError(ErrorKind::BadInput, "index: expected an object");
    IndexSpec s;
    auto integer = [&j](const char *key, int &out, int min) {
        if (!j.contains(key))
            return;
        if (!j[key].is_number_integer() || j[key].get<int>() < min)
            throwError(ErrorKind::BadInput, std::string("index.") + key + ": expected an integer of at least " + std::to_string(min));
        out = j[key].get<int>();
    };
    if (j.contains("type")) {
        if (!j["type"].is_string())
            throwError(ErrorKind::BadInput, "index.type: expected a string");
        s.type = indexTypeFromName(j["type"].get<std::string>());
    }
    if (j.contains("metric")) {
        const std::string metric = j["metric"].is_string() ? j["metric"].get<std::string>() : "";
        if (metric != "ip" && metric != "l2")
            throwError(ErrorKind::BadInput, "index.metric: expected \"ip\" or \"l2\"");
        s.metric = metric == "ip" ? Metric::InnerProduct : Metric::L2;
    }
    integer("M", s.m, 2);
    integer("efConstruction", s.efConstruction, 1);
    integer("efSearch", s.efSearch, 1);
    integer("nlist", s.nlist, 0);
    integer("nprobe", s.nprobe, 1);
    integer("pqM", s.pqM, 0);
    integer("pqBits", s.pqBits, 1);
    return s;
}

VectorIndex::VectorIndex(IndexSpec spec, std::unique_ptr<faiss::Index> index) : m_spec(spec), m_index(std::move(index)) {}
VectorIndex::VectorIndex(VectorIndex &&) noexcept = default;
VectorIndex &VectorIndex::operator=(VectorIndex &&) noexcept = default;
VectorIndex::~VectorIndex() = default;

VectorIndex VectorIndex::build(IndexSpec spec, const float *vectors, std::size_t n, std::size_t dim)
{
    if (dim == 0)
        throwError(ErrorKind::BadInput, "no vectors to index");
    const faiss::MetricType metric = faissMetric(spec.metric);
    const auto d = faiss::Index::idx_t(dim);
    std::unique_ptr<faiss::Index> index;
    try {
        switch (spec.type) {
        case IndexType::Flat:
            index = std::make_unique<faiss::IndexFlat>(d, metric);
            break;
        case IndexType::Hnsw: {
            auto hnsw = std::make_unique<faiss::IndexHNSWFlat>(int(d), spec.m, metric);
            hnsw->hnsw.efConstruction = spec.efConstruction;
            hnsw->hnsw.efSearch = spec.efSearch;
            index = std::move(hnsw);
            break;
        }
        case IndexType::IvfFlat:
        case IndexType::IvfPq: {
            if (spec.nlist == 0)
                spec.nlist = defaultNlist(n);
            if (std::size_t(spec.nlist) > n)
                throwError(ErrorKind::BadInput, "ivf: nlist " + std::to_string(spec.nlist) + " is more than the " + std::to_string(n) +
                                                    " vectors it is trained on");
            auto *quantizer = new faiss::IndexFlat(d, metric);
            if (spec.type == IndexType::IvfFlat) {
                auto ivf = std::make_unique<faiss::IndexIVFFlat>(quantizer, std::size_t(d), std::size_t(spec.nlist), metric);
                ivf->own_fields = true;
                ivf->nprobe = std::size_t(spec.nprobe);
                index = std::move(ivf);
            } else {
                if (spec.pqM == 0)
                    spec.pqM = defaultPqM(dim);
                if (dim % std::size_t(spec.pqM) != 0) {
                    delete quantizer;
                    throwError(ErrorKind::BadInput, "ivf-pq: m " + std::to_string(spec.pqM) + " does not divide the dimension " + std::to_string(dim));
                }
                if (n < (std::size_t(1) << spec.pqBits)) {
                    delete quantizer;
                    throwError(ErrorKind::BadInput, "ivf-pq: " + std::to_string(spec.pqBits) + "-bit codes need at least " +
                                                        std::to_string(1u << spec.pqBits) + " vectors to train; there are " + std::to_string(n));
                }
                auto pq = std::make_unique<faiss::IndexIVFPQ>(quantizer, std::size_t(d), std::size_t(spec.nlist), std::size_t(spec.pqM),
                                                              std::size_t(spec.pqBits), metric);
                pq->own_fields = true;
                pq->nprobe = std::size_t(spec.nprobe);
                index = std::move(pq);
            }
            break;
        }
        }
        if (!index->is_trained)
            index->train(faiss::Index::idx_t(n), vectors);
        index->add(faiss::Index::idx_t(n), vectors);
    } catch (const faiss::FaissException &e) {
        throwError(ErrorKind::BadInput, spec.describe() + ": " + e.msg);
    }
    return VectorIndex(spec, std::move(index));
}

VectorIndex VectorIndex::load(const std::filesystem::path &file, const IndexSpec &spec)
{
    try {
        std::unique_ptr<faiss::Index> index(faiss::read_index(file.c_str()));
        VectorIndex v(spec, std::move(index));
        v.setSearchParameters(spec.efSearch, spec.nprobe);
        return v;
    } catch (const faiss::FaissException &e) {
        throwError(ErrorKind::Corrupt, file.string() + ": not an index FAISS can read (" + e.msg + ")");
    }
}

void VectorIndex::save(const std::filesystem::path &file) const
{
    try {
        faiss::write_index(m_index.get(), file.c_str());
    } catch (const faiss::FaissException &e) {
        throwError(ErrorKind::Io, file.string() + ": cannot be written (" + e.msg + ")");
    }
}

void VectorIndex::setSearchParameters(int efSearch, int nprobe)
{
    if (auto *hnsw = dynamic_cast<faiss::IndexHNSW *>(m_index.get()); hnsw && efSearch > 0) {
        hnsw->hnsw.efSearch = efSearch;
        m_spec.efSearch = efSearch;
    }
    if (auto *ivf = dynamic_cast<faiss::IndexIVF *>(m_index.get()); ivf && nprobe > 0) {
        ivf->nprobe = std::size_t(nprobe);
        m_spec.nprobe = nprobe;
    }
}

std::vector<std::vector<SearchHit>> VectorIndex::search(const float *queries, std::size_t nq, std::size_t k, int threads) const
{
    std::vector<std::vector<SearchHit>> out(nq);
    if (nq == 0 || k == 0)
        return out;
    std::vector<float> distances(nq * k);
    std::vector<faiss::Index::idx_t> labels(nq * k);
    {
        ThreadCount scope(threads);
        m_index->search(faiss::Index::idx_t(nq), queries, faiss::Index::idx_t(k), distances.data(), labels.data());
    }
    for (std::size_t q = 0; q < nq; ++q) {
        for (std::size_t i = 0; i < k; ++i) {
            const auto id = labels[q * k + i];
            if (id >= 0)
                out[q].push_back({std::int64_t(id), distances[q * k + i]});
        }
    }
    return out;
}

std::size_t VectorIndex::size() const { return std::size_t(m_index->ntotal); }
std::size_t VectorIndex::dimension() const { return std::size_t(m_index->d); }

std::uint64_t VectorIndex::bytes() const
{
    faiss::VectorIOWriter writer;
    faiss::write_index(m_index.get(), &writer);
    return writer.data.size();
}

void normalizeRows(float *vectors, std::size_t n, std::size_t dim)
{
    for (std::size_t i = 0; i < n; ++i) {
        float *row = vectors + i * dim;
        double sum = 0;
        for (std::size_t j = 0; j < dim; ++j)
            sum += double(row[j]) * row[j];
        if (sum <= 0)
            continue;
        const float scale = float(1.0 / std::sqrt(sum));
        for (std::size_t j = 0; j < dim; ++j)
            row[j] *= scale;
    }
}

} // namespace keel::rag
