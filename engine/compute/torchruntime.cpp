#include "compute/torchruntime.h"

#include "core/clock.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

namespace keel::compute::torchrt {

std::string version()
{
    return TORCH_VERSION;
}

bool builtWithCuda()
{
    return at::hasCUDA();
}

int cudaDeviceCount()
{
    try {
        return static_cast<int>(torch::cuda::device_count());
    } catch (...) {
        return 0;
    }
}

namespace {
std::atomic<int> configuredThreads{0};
}

void setThreads(int n)
{
    if (n <= 0)
        n = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    configuredThreads = n;
    at::set_num_threads(n);
}

int threads()
{
    const int n = configuredThreads;
    return n > 0 ? n : at::get_num_threads();
}

void applyThreadsToThisThread()
{
    thread_local int applied = -1;
    const int n = configuredThreads;
    if (n > 0 && n != applied) {
        at::set_num_threads(n);
        applied = n;
    }
}

std::string configuredBlas()
{
    const std::string config = at::show_config();
    const auto pos = config.find("BLAS_INFO=");
    if (pos == std::string::npos)
        return {};
    const auto end = config.find_first_of(", \n", pos);
    return config.substr(pos + 10, end == std::string::npos ? std::string::npos : end - pos - 10);
}

MatmulSpeed measureMatmul(JobContext &ctx, int size, double seconds)
{
    const at::Device device = ctx.device().isCuda() ? at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(ctx.device().index))
                                                    : at::Device(at::kCPU);
    const auto options = at::TensorOptions().dtype(at::kFloat).device(device);
    at::Tensor a = at::randn({size, size}, options);
    at::Tensor b = at::randn({size, size}, options);
    at::Tensor c = at::mm(a, b); // warm-up: first call allocates and picks kernels
    if (device.is_cuda())
        c.cpu();

    MatmulSpeed result;
    result.size = size;
    const std::int64_t start = steadyNs();
    const double limitNs = seconds * 1e9;
    double elapsedNs = 0.0;
    while (elapsedNs < limitNs) {
        ctx.throwIfStopped();
        at::mm_out(c, a, b);
        if (device.is_cuda())
            c.sum().item<float>(); // wait for the device
        ++result.iterations;
        elapsedNs = double(steadyNs() - start);
        const double flops = 2.0 * double(size) * size * size * result.iterations;
        char message[96];
        std::snprintf(message, sizeof message, "%d×%d fp32 matmul: %.1f GFLOP/s", size, size, flops / elapsedNs);
        ctx.progress(std::min(1.0, elapsedNs / limitNs), message);
    }
    result.seconds = elapsedNs / 1e9;
    result.gflops = 2.0 * double(size) * size * size * result.iterations / elapsedNs;
    return result;
}

} // namespace keel::compute::torchrt
