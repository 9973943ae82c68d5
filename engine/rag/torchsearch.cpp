#include "rag/torchsearch.h"

#include "core/error.h"

#include <ATen/ATen.h>

#include <tuple>

namespace keel::rag {

struct TorchExactIndex::Impl {
    compute::DeviceId device;
    at::Device torchDevice = at::kCPU;
    Metric metric = Metric::InnerProduct;
    at::Tensor base;   // n × dim
    at::Tensor norms;  // n, squared, for L2
    std::size_t dim = 0;
};

TorchExactIndex::TorchExactIndex(const float *vectors, std::size_t n, std::size_t dim, Metric metric, compute::DeviceId device)
    : d(std::make_unique<Impl>())
{
    d->device = device;
    d->torchDevice = device.isCuda() ? at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(device.index)) : at::Device(at::kCPU);
    d->metric = metric;
    d->dim = dim;
    try {
        const at::Tensor host = at::from_blob(const_cast<float *>(vectors), {std::int64_t(n), std::int64_t(dim)}, at::kFloat);
        d->base = device.isCuda() ? host.to(d->torchDevice) : host.clone();
        if (metric == Metric::L2)
            d->norms = (d->base * d->base).sum(1);
    } catch (const c10::Error &e) {
        throwError(ErrorKind::Io, "exact search on " + device.toString() + ": " + e.what_without_backtrace());
    }
}

TorchExactIndex::~TorchExactIndex() = default;

compute::DeviceId TorchExactIndex::device() const { return d->device; }

std::vector<std::vector<SearchHit>> TorchExactIndex::search(const float *queries, std::size_t nq, std::size_t k) const
{
    std::vector<std::vector<SearchHit>> out(nq);
    const auto n = d->base.size(0);
    if (nq == 0 || n == 0 || k == 0)
        return out;
    k = std::min<std::size_t>(k, std::size_t(n));
    try {
        at::Tensor q = at::from_blob(const_cast<float *>(queries), {std::int64_t(nq), std::int64_t(d->dim)}, at::kFloat).to(d->torchDevice);
        at::Tensor scores = at::matmul(q, d->base.t()); // nq × n
        const bool largest = d->metric == Metric::InnerProduct;
        if (!largest)
            scores = d->norms.unsqueeze(0) - 2 * scores + (q * q).sum(1, true); // squared L2
        auto [values, indices] = at::topk(scores, std::int64_t(k), 1, largest, true);
        values = values.to(at::kCPU).contiguous();
        indices = indices.to(at::kCPU).contiguous();
        const float *v = values.data_ptr<float>();
        const std::int64_t *ix = indices.data_ptr<std::int64_t>();
        for (std::size_t i = 0; i < nq; ++i)
            for (std::size_t j = 0; j < k; ++j)
                out[i].push_back({ix[i * k + j], v[i * k + j]});
    } catch (const c10::Error &e) {
        throwError(ErrorKind::Io, "exact search on " + d->device.toString() + ": " + e.what_without_backtrace());
    }
    return out;
}

} // namespace keel::rag
