#pragma once

#include "compute/job.h"
#include "rag/vectorindex.h"

#include <memory>
#include <vector>

namespace keel::rag {

// Exact search as one matrix product and a top-k on libtorch, the vectors held on `device`:
// on a GPU this is the exact index (memory-bandwidth bound: every query batch reads the whole
// matrix once); on the CPU it is the check against FAISS's Flat index.
class TorchExactIndex {
public:
    // Copies n × dim floats to the device. Throws keel::Error when the device cannot hold them.
    TorchExactIndex(const float *vectors, std::size_t n, std::size_t dim, Metric metric, compute::DeviceId device);
    ~TorchExactIndex();
    TorchExactIndex(const TorchExactIndex &) = delete;
    TorchExactIndex &operator=(const TorchExactIndex &) = delete;

    // Nearest first, as VectorIndex::search: inner product (higher is nearer) or squared L2.
    // Returns when the device is done (the results are copied back to the host).
    std::vector<std::vector<SearchHit>> search(const float *queries, std::size_t nq, std::size_t k) const;
    compute::DeviceId device() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace keel::rag
