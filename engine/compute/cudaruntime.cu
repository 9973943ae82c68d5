// CUDA runtime queries and the fused histogram kernel. Compiled by nvcc when KEEL_CUDA is
// on; the C++ side only sees cudaruntime.h and histogram.h.
#include "compute/cudaruntime.h"
#include "core/error.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <string>
#include <vector>

namespace keel::compute {
namespace cuda {
namespace {

std::string versionText(int v)
{
    return v > 0 ? std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10) : std::string();
}

void check(cudaError_t rc, const char *what)
{
    if (rc != cudaSuccess)
        throwError(ErrorKind::Io, std::string("CUDA: ") + what + " failed: " + cudaGetErrorString(rc));
}

} // namespace

bool builtWithCuda()
{
    return true;
}

int deviceCount()
{
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        cudaGetLastError(); // clear the sticky error so later calls start clean
        return 0;
    }
    return count;
}

std::string unavailableReason()
{
    int driver = 0;
    if (cudaDriverGetVersion(&driver) != cudaSuccess || driver == 0) {
        cudaGetLastError();
        return "no NVIDIA driver found";
    }
    int count = 0;
    const cudaError_t rc = cudaGetDeviceCount(&count);
    if (rc != cudaSuccess) {
        cudaGetLastError();
        return std::string("no usable CUDA device: ") + cudaGetErrorString(rc);
    }
    return count == 0 ? std::string("no CUDA device found") : std::string();
}

std::optional<DeviceProperties> properties(int device)
{
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) {
        cudaGetLastError();
        return std::nullopt;
    }
    DeviceProperties out;
    out.name = prop.name;
    out.totalMemory = prop.totalGlobalMem;
    out.computeMajor = prop.major;
    out.computeMinor = prop.minor;
    char bus[32] = {};
    if (cudaDeviceGetPCIBusId(bus, sizeof bus, device) == cudaSuccess)
        out.pciBusId = bus;
    int previous = 0;
    if (cudaGetDevice(&previous) == cudaSuccess && cudaSetDevice(device) == cudaSuccess) {
        size_t freeBytes = 0, totalBytes = 0;
        if (cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess)
            out.freeMemory = freeBytes;
        cudaSetDevice(previous);
    }
    cudaGetLastError();
    return out;
}

std::string runtimeVersion()
{
    int v = 0;
    return cudaRuntimeGetVersion(&v) == cudaSuccess ? versionText(v) : std::string();
}

std::string driverVersion()
{
    int v = 0;
    return cudaDriverGetVersion(&v) == cudaSuccess ? versionText(v) : std::string();
}

void setDevice(int device)
{
    check(cudaSetDevice(device), "cudaSetDevice");
}

} // namespace cuda

namespace {

// The bin of x, found the way numpy does: scale, truncate, then correct by at most one
// against the edges (edge i = i * step + lo, the last edge = hi exactly).
__device__ __forceinline__ int binOf(double x, double lo, double hi, double span, double step, int bins)
{
    int index = static_cast<int>(((x - lo) / span) * bins);
    if (index == bins)
        index -= 1;
    const double left = index * step + lo;
    if (x < left)
        index -= 1;
    const double right = (index + 1 == bins) ? hi : (index + 1) * step + lo;
    if (x >= right && index != bins - 1)
        index += 1;
    return index;
}

// Each block counts into shared memory, then adds its counts to the global histogram:
// one global atomic per bin per block instead of one per value.
__global__ void histogramShared(const double *values, size_t n, double lo, double hi, double span, double step,
                                int bins, unsigned long long *out)
{
    extern __shared__ unsigned long long local[];
    for (int b = threadIdx.x; b < bins; b += blockDim.x)
        local[b] = 0;
    __syncthreads();
    for (size_t i = blockIdx.x * size_t(blockDim.x) + threadIdx.x; i < n; i += size_t(gridDim.x) * blockDim.x) {
        const double x = values[i];
        if (x >= lo && x <= hi) // NaN fails both
            atomicAdd(&local[binOf(x, lo, hi, span, step, bins)], 1ull);
    }
    __syncthreads();
    for (int b = threadIdx.x; b < bins; b += blockDim.x) {
        if (local[b])
            atomicAdd(&out[b], local[b]);
    }
}

// For more bins than shared memory holds.
__global__ void histogramGlobal(const double *values, size_t n, double lo, double hi, double span, double step,
                                int bins, unsigned long long *out)
{
    for (size_t i = blockIdx.x * size_t(blockDim.x) + threadIdx.x; i < n; i += size_t(gridDim.x) * blockDim.x) {
        const double x = values[i];
        if (x >= lo && x <= hi)
            atomicAdd(&out[binOf(x, lo, hi, span, step, bins)], 1ull);
    }
}

struct DeviceBuffer {
    void *ptr = nullptr;
    ~DeviceBuffer() { cudaFree(ptr); }
};

} // namespace

namespace cuda {

void histogram(const double *values, std::size_t n, double lo, double hi, int bins, std::int64_t *counts, int device)
{
    if (deviceCount() <= device)
        throwError(ErrorKind::NotFound, "CUDA device " + std::to_string(device) + " is not available: " +
                                            unavailableReason());
    check(cudaSetDevice(device), "cudaSetDevice");
    for (int b = 0; b < bins; ++b)
        counts[b] = 0;
    if (n == 0)
        return;

    DeviceBuffer input, output;
    const size_t inputBytes = n * sizeof(double);
    const size_t outputBytes = sizeof(unsigned long long) * bins;
    check(cudaMalloc(&input.ptr, inputBytes), "cudaMalloc (values)");
    check(cudaMalloc(&output.ptr, outputBytes), "cudaMalloc (bins)");
    check(cudaMemcpy(input.ptr, values, inputBytes, cudaMemcpyHostToDevice), "copy to device");
    check(cudaMemset(output.ptr, 0, outputBytes), "cudaMemset");

    const double span = hi - lo;
    const double step = span / bins;
    const int threads = 256;
    int smCount = 0;
    cudaDeviceGetAttribute(&smCount, cudaDevAttrMultiProcessorCount, device);
    const size_t wanted = (n + threads - 1) / threads;
    const int blocks = static_cast<int>(std::min<size_t>(wanted, size_t(std::max(1, smCount)) * 8));
    auto *in = static_cast<const double *>(input.ptr);
    auto *out = static_cast<unsigned long long *>(output.ptr);
    if (outputBytes <= 48 * 1024)
        histogramShared<<<blocks, threads, outputBytes>>>(in, n, lo, hi, span, step, bins, out);
    else
        histogramGlobal<<<blocks, threads>>>(in, n, lo, hi, span, step, bins, out);
    check(cudaGetLastError(), "histogram kernel launch");
    std::vector<unsigned long long> host(bins);
    check(cudaMemcpy(host.data(), output.ptr, outputBytes, cudaMemcpyDeviceToHost), "copy from device");
    for (int b = 0; b < bins; ++b)
        counts[b] = static_cast<std::int64_t>(host[b]);
}

} // namespace cuda

} // namespace keel::compute
