#include "compute/devices.h"

#include "compute/cudaruntime.h"
#include "compute/openblaskernels.h"
#include "compute/telemetry.h"
#include "compute/torchruntime.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace keel::compute {
namespace {

std::string cpuModelName()
{
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                std::string name = line.substr(colon + 1);
                name.erase(0, name.find_first_not_of(' '));
                return name;
            }
        }
    }
    return "CPU";
}

std::uint64_t meminfoBytes(const char *key)
{
    std::ifstream in("/proc/meminfo");
    std::string name;
    std::uint64_t kib = 0;
    std::string unit;
    while (in >> name >> kib >> unit) {
        if (name == key)
            return kib * 1024;
    }
    return 0;
}

// The loaded libraries whose file name says BLAS, from this process's memory map.
std::vector<std::string> loadedBlasLibraries()
{
    std::ifstream maps("/proc/self/maps");
    std::string line;
    std::vector<std::string> found;
    while (std::getline(maps, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos)
            continue;
        const std::string path = line.substr(slash);
        const std::string file = std::filesystem::path(path).filename().string();
        if ((file.find("blas") != std::string::npos || file.find("mkl_") != std::string::npos) &&
            std::find(found.begin(), found.end(), path) == found.end())
            found.push_back(path);
    }
    return found;
}

} // namespace

BlasInfo detectBlas()
{
    BlasInfo info;
    const auto libraries = loadedBlasLibraries();
    if (!libraries.empty())
        info.library = libraries.front();

    // OpenBLAS describes itself; its functions are visible once libblas.so.3 is loaded.
    using ConfigFn = char *(*)();
    using IntFn = int (*)();
    if (auto config = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
        std::string text = config();
        std::istringstream words(text);
        std::string product, version;
        words >> product >> version;
        std::string core;
        if (auto corename = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename")))
            core = corename();
        std::string threading;
        if (auto parallel = reinterpret_cast<IntFn>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"))) {
            const int mode = parallel();
            threading = mode == 2 ? "OpenMP" : mode == 1 ? "pthreads" : "single-threaded";
        }
        info.name = "OpenBLAS " + version + " (" + threading + (core.empty() ? "" : ", " + core) + ")";
        info.fast = true;
        // Kernels from before AVX2 on a CPU with AVX2: OpenBLAS did not know the model (the
        // `keel` front names the right ones for keel-app; a process started otherwise may not).
        static const std::set<std::string> preAvx2{"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Sandybridge",
                                                   "Katmai", "Coppermine", "Northwood", "Banias"};
        if (const char *kernels = openBlasKernelsForThisCpu(); kernels && preAvx2.count(core)) {
            info.fast = false;
            info.advice = "OpenBLAS does not know this CPU's model and runs its " + core + " kernels, several times slower than its " +
                          kernels + " ones: start Keel as `keel`, or set OPENBLAS_CORETYPE=" + kernels;
        }
        return info;
    }
    if (dlsym(RTLD_DEFAULT, "mkl_get_max_threads") || dlsym(RTLD_DEFAULT, "MKL_Get_Max_Threads")) {
        info.name = "Intel MKL";
        info.fast = true;
        return info;
    }
    const std::string configured = torchrt::configuredBlas();
    if (configured == "mkl") {
        info.name = "Intel MKL (inside libtorch)";
        info.fast = true;
        return info;
    }
    if (!info.library.empty()) {
        const std::string resolved = std::filesystem::weakly_canonical(info.library).string();
        info.library = resolved;
        if (resolved.find("blis") != std::string::npos) {
            info.name = "BLIS";
            info.fast = true;
            return info;
        }
        info.name = "reference BLAS";
    } else {
        info.name = configured.empty() ? "unknown" : configured + " (as libtorch was configured)";
    }
    info.fast = false;
    info.advice = "matrix maths runs ~37x slower than it could: install an optimised BLAS "
                  "(Debian: apt-get install libopenblas0-openmp)";
    return info;
}

std::optional<GpuTelemetry> gpuTelemetry(int cudaIndex)
{
    const Nvml &nvml = Nvml::instance();
    if (!nvml.available())
        return std::nullopt;
    if (auto props = cuda::properties(cudaIndex); props && !props->pciBusId.empty()) {
        if (auto t = nvml.telemetryByPciBusId(props->pciBusId))
            return t;
    }
    return nvml.telemetry(cudaIndex);
}

DeviceReport discoverDevices()
{
    DeviceReport report;
    report.torchVersion = torchrt::version();
    report.torchCuda = torchrt::builtWithCuda();
    report.torchThreads = torchrt::threads();
    report.keelBuiltWithCuda = cuda::builtWithCuda();
    report.cudaRuntime = cuda::runtimeVersion();
    report.cudaDriver = cuda::driverVersion();
    report.blas = detectBlas();
    report.gpuTimeSlices = gpuTimeSlicesFromEnvironment(&report.timeSliceNote);

    Device cpu;
    cpu.id = DeviceId::cpu();
    cpu.name = cpuModelName() + " (" + std::to_string(std::thread::hardware_concurrency()) + " cores)";
    cpu.memoryTotal = meminfoBytes("MemTotal:");
    cpu.memoryAvailable = meminfoBytes("MemAvailable:");
    report.devices.push_back(cpu);

    // libtorch counts the devices it can use; the CUDA runtime names them.
    const int torchCount = torchrt::cudaDeviceCount();
    const int runtimeCount = cuda::deviceCount();
    const int count = std::max(torchCount, runtimeCount);
    for (int i = 0; i < count; ++i) {
        Device gpu;
        gpu.id = DeviceId::cuda(i);
        if (auto props = cuda::properties(i)) {
            gpu.name = props->name;
            gpu.memoryTotal = props->totalMemory;
            gpu.memoryAvailable = props->freeMemory;
            gpu.computeCapability = std::to_string(props->computeMajor) + "." + std::to_string(props->computeMinor);
        } else {
            gpu.name = "CUDA device " + std::to_string(i);
        }
        gpu.telemetry = gpuTelemetry(i);
        if (gpu.telemetry && gpu.memoryTotal == 0) {
            gpu.memoryTotal = gpu.telemetry->memoryTotal;
            gpu.memoryAvailable = gpu.telemetry->memoryTotal - gpu.telemetry->memoryUsed;
            if (gpu.name.rfind("CUDA device", 0) == 0)
                gpu.name = gpu.telemetry->name;
        }
        report.devices.push_back(gpu);
    }
    if (count == 0) {
        report.gpuNote = cuda::builtWithCuda() ? cuda::unavailableReason() : "this Keel was built without CUDA";
        if (!report.torchCuda)
            report.gpuNote += "; libtorch is CPU-only";
    } else if (torchCount == 0) {
        report.gpuNote = "libtorch is CPU-only: model work runs on the CPU, Keel's own CUDA kernels use the GPU";
    }
    if (!Nvml::instance().available())
        report.telemetryNote = Nvml::instance().unavailableReason();
    return report;
}

int gpuTimeSlicesFromEnvironment(std::string *note)
{
    const char *value = std::getenv("KEEL_GPU_TIME_SLICES");
    if (!value || !*value)
        return 1;
    char *end = nullptr;
    const long n = std::strtol(value, &end, 10);
    if (*end != '\0' || n < 1 || n > 64) {
        if (note)
            *note = std::string("KEEL_GPU_TIME_SLICES='") + value + "' is not a whole number from 1 to 64: one worker per GPU";
        return 1;
    }
    return int(n);
}

std::vector<GpuSlot> DeviceReport::gpuSlots() const
{
    std::vector<GpuSlot> slots;
    for (const Device &d : devices) {
        if (d.id.isCuda())
            slots.push_back({d.id.index, d.memoryTotal, std::max(1, gpuTimeSlices)});
    }
    return slots;
}

void configureThreads(int requested)
{
    torchrt::setThreads(requested);
}

std::shared_ptr<const CostMeter> costMeterFor(const DeviceReport &report, const Prices &prices)
{
    std::vector<std::string> names;
    std::vector<int> workers;
    for (const Device &d : report.devices)
        if (d.id.isCuda()) {
            names.push_back(d.name);
            workers.push_back(std::max(1, report.gpuTimeSlices));
        }
    return std::make_shared<const CostMeter>(prices, std::move(names), std::move(workers));
}

void attachTelemetry(PoolOptions &options, TelemetrySampler &sampler)
{
    options.usageOf = [&sampler](const DeviceId &device, std::int64_t from, std::int64_t to) -> std::optional<DeviceUsage> {
        const int index = sampler.deviceForCuda(device.index);
        if (index < 0)
            return std::nullopt;
        const DeviceUsage usage = sampler.usage(index, from, to);
        return usage.samples > 0 ? std::optional(usage) : std::nullopt;
    };
}

PoolOptions poolOptionsFor(const DeviceReport &report, const Prices &prices)
{
    PoolOptions options;
    options.gpus = report.gpuSlots();
    options.costMeter = costMeterFor(report, prices);
    // Bus ids read once here: the pool asks under its lock, so only NVML's memory call runs then.
    std::vector<std::string> busIds;
    for (const Device &d : report.devices)
        if (d.id.isCuda()) {
            const auto props = cuda::properties(d.id.index);
            busIds.push_back(props ? props->pciBusId : std::string());
        }
    options.gpuFreeMemory = [busIds](int cudaIndex) -> std::optional<std::uint64_t> {
        const std::string busId = cudaIndex >= 0 && cudaIndex < int(busIds.size()) ? busIds[cudaIndex] : std::string();
        return Nvml::instance().freeMemory(busId, cudaIndex);
    };
    options.threadInit = [](const DeviceId &device) {
        if (device.isCuda())
            cuda::setDevice(device.index);
    };
    options.beforeJob = [](const DeviceId &) { torchrt::applyThreadsToThisThread(); };
    return options;
}

} // namespace keel::compute
