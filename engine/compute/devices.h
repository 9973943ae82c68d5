#pragma once

#include "compute/costmeter.h"
#include "compute/job.h"
#include "compute/nvml.h"
#include "compute/workerpool.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keel::compute {

struct Device {
    DeviceId id;
    std::string name;                    // "AMD EPYC 7763 (2 cores)", "NVIDIA H100 80GB HBM3"
    std::uint64_t memoryTotal = 0;
    std::uint64_t memoryAvailable = 0;
    std::string computeCapability;       // "9.0" for GPUs
    std::optional<GpuTelemetry> telemetry;
};

// The BLAS that is actually loaded into this process (libtorch and FAISS call it).
struct BlasInfo {
    std::string name;         // "OpenBLAS 0.3.21 (OpenMP, Haswell)", "reference BLAS", "MKL"
    std::string library;      // the resolved path of the loaded library, when there is one
    bool fast = false;        // false for the reference BLAS: a reason to warn
    std::string advice;       // what to install when it is slow
};

struct DeviceReport {
    std::vector<Device> devices;         // the CPU first, then CUDA devices
    std::string gpuNote;                 // why there are no GPUs, or what is limited
    std::string telemetryNote;           // "no telemetry: ..." when NVML is absent
    BlasInfo blas;
    int torchThreads = 0;
    std::string torchVersion;
    bool torchCuda = false;
    std::string cudaRuntime;             // empty: none
    std::string cudaDriver;
    bool keelBuiltWithCuda = false;
    // Workers per GPU: above 1 the GPU is time-sliced, that many jobs take turns on it and each
    // is charged its share (KEEL_GPU_TIME_SLICES, as the NVIDIA device plugin's replicas).
    int gpuTimeSlices = 1;
    std::string timeSliceNote; // why KEEL_GPU_TIME_SLICES was not taken, when it was not

    std::vector<GpuSlot> gpuSlots() const;
};

BlasInfo detectBlas();
DeviceReport discoverDevices();
// Telemetry for one CUDA device, matched to NVML by PCI bus id; nullopt when absent.
std::optional<GpuTelemetry> gpuTelemetry(int cudaIndex);

// Applies the thread setting (<= 0: one per core) to libtorch, and so to its BLAS.
void configureThreads(int requested);

// Workers per GPU from KEEL_GPU_TIME_SLICES (1 to 64; unset: 1); a value outside that range
// gives 1 and says why in `note`.
int gpuTimeSlicesFromEnvironment(std::string *note = nullptr);

// Pool options for this machine: CPU workers for the cores, a worker per GPU found (or
// report.gpuTimeSlices of them, time-sliced), GPU memory
// admission from NVML, and a cost meter at the given prices.
PoolOptions poolOptionsFor(const DeviceReport &report, const Prices &prices = Prices::defaults());
std::shared_ptr<const CostMeter> costMeterFor(const DeviceReport &report, const Prices &prices);

class TelemetrySampler;
// Job usage from the sampler's readings, and its reservations of the GPUs jobs run on.
void attachTelemetry(PoolOptions &options, TelemetrySampler &sampler);

} // namespace keel::compute
