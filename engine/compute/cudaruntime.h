#pragma once

// The CUDA runtime as the rest of the engine sees it: plain C++ that compiles without the
// CUDA toolkit. Implemented in cudaruntime.cu when Keel is built with CUDA; without it,
// every query reports "no CUDA" and nothing fails.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace keel::compute::cuda {

bool builtWithCuda();
// 0 when there is no driver, no device, or no CUDA build. Never throws.
int deviceCount();
// Why deviceCount() is 0, in words ("no NVIDIA driver", "built without CUDA").
std::string unavailableReason();

struct DeviceProperties {
    std::string name;
    std::uint64_t totalMemory = 0;
    std::uint64_t freeMemory = 0;
    int computeMajor = 0;
    int computeMinor = 0;
    std::string pciBusId; // "0000:65:00.0", to match NVML's devices
};
std::optional<DeviceProperties> properties(int device);

// "13.0", or empty when unknown.
std::string runtimeVersion();
std::string driverVersion();
void setDevice(int device);

// The fused histogram kernel (see histogram.h for the definition it follows). The range is
// already checked and widened; counts has `bins` elements. Throws keel::Error on CUDA errors.
void histogram(const double *values, std::size_t n, double lo, double hi, int bins, std::int64_t *counts, int device);

} // namespace keel::compute::cuda
