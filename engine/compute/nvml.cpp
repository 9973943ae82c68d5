#include "compute/nvml.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>

namespace keel::compute {
namespace {

// The few declarations Keel uses, as NVIDIA's NVML API reference documents them.
using nvmlReturn_t = int;
using nvmlDevice_t = void *;
constexpr nvmlReturn_t NVML_SUCCESS = 0;
constexpr nvmlReturn_t NVML_ERROR_INSUFFICIENT_SIZE = 7;
struct nvmlMemory_t {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
struct nvmlUtilization_t {
    unsigned int gpu;
    unsigned int memory;
};
// nvmlProcessInfo_t as nvmlDeviceGetComputeRunningProcesses_v3 fills it.
struct nvmlProcessInfo_t {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
};
struct nvmlPciInfo_t {
    char busIdLegacy[16];
    unsigned int domain;
    unsigned int bus;
    unsigned int device;
    unsigned int pciDeviceId;
    unsigned int pciSubSystemId;
    char busId[32];
};
constexpr int NVML_TEMPERATURE_GPU = 0;
constexpr int NVML_CLOCK_SM = 1;
constexpr int NVML_CLOCK_MEM = 2;
constexpr unsigned int NVML_DEVICE_MIG_ENABLE = 1;
// "not available" as NVML writes it into usedGpuMemory.
constexpr unsigned long long NVML_VALUE_NOT_AVAILABLE = ~0ull;

} // namespace

struct Nvml::Api {
    nvmlReturn_t (*init)() = nullptr;
    nvmlReturn_t (*shutdown)() = nullptr;
    const char *(*errorString)(nvmlReturn_t) = nullptr;
    nvmlReturn_t (*deviceCount)(unsigned int *) = nullptr;
    nvmlReturn_t (*handleByIndex)(unsigned int, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*handleByPciBusId)(const char *, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*name)(nvmlDevice_t, char *, unsigned int) = nullptr;
    nvmlReturn_t (*uuid)(nvmlDevice_t, char *, unsigned int) = nullptr;
    nvmlReturn_t (*memoryInfo)(nvmlDevice_t, nvmlMemory_t *) = nullptr;
    nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t *) = nullptr;
    nvmlReturn_t (*powerUsage)(nvmlDevice_t, unsigned int *) = nullptr;
    nvmlReturn_t (*temperature)(nvmlDevice_t, int, unsigned int *) = nullptr;
    nvmlReturn_t (*clockInfo)(nvmlDevice_t, int, unsigned int *) = nullptr;
    nvmlReturn_t (*processes)(nvmlDevice_t, unsigned int *, nvmlProcessInfo_t *) = nullptr;
    nvmlReturn_t (*migMode)(nvmlDevice_t, unsigned int *, unsigned int *) = nullptr;
    nvmlReturn_t (*maxMigDevices)(nvmlDevice_t, unsigned int *) = nullptr;
    nvmlReturn_t (*migHandleByIndex)(nvmlDevice_t, unsigned int, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*pciInfo)(nvmlDevice_t, nvmlPciInfo_t *) = nullptr;
    nvmlReturn_t (*driverVersion)(char *, unsigned int) = nullptr;
};

Nvml &Nvml::instance()
{
    static Nvml nvml;
    return nvml;
}

Nvml::Nvml()
{
    const char *override = std::getenv("KEEL_NVML_LIBRARY");
    const std::string library = override && *override ? override : "libnvidia-ml.so.1";
    m_library = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!m_library) {
        m_reason = override && *override
                       ? "no telemetry: " + library + " (KEEL_NVML_LIBRARY) could not be loaded"
                       : "no telemetry: NVIDIA's management library (libnvidia-ml.so.1) is not installed";
        return;
    }
    m_api = new Api;
    auto load = [this](auto &fn, const char *symbol) {
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(m_library, symbol));
        return fn != nullptr;
    };
    const bool ok = load(m_api->init, "nvmlInit_v2") && load(m_api->shutdown, "nvmlShutdown") &&
                    load(m_api->errorString, "nvmlErrorString") && load(m_api->deviceCount, "nvmlDeviceGetCount_v2") &&
                    load(m_api->handleByIndex, "nvmlDeviceGetHandleByIndex_v2") &&
                    load(m_api->name, "nvmlDeviceGetName") && load(m_api->memoryInfo, "nvmlDeviceGetMemoryInfo");
    // The rest are optional: older drivers lack some, and a missing one only leaves a field empty.
    load(m_api->handleByPciBusId, "nvmlDeviceGetHandleByPciBusId_v2");
    load(m_api->uuid, "nvmlDeviceGetUUID");
    load(m_api->utilization, "nvmlDeviceGetUtilizationRates");
    load(m_api->powerUsage, "nvmlDeviceGetPowerUsage");
    load(m_api->temperature, "nvmlDeviceGetTemperature");
    load(m_api->clockInfo, "nvmlDeviceGetClockInfo");
    load(m_api->processes, "nvmlDeviceGetComputeRunningProcesses_v3");
    load(m_api->migMode, "nvmlDeviceGetMigMode");
    load(m_api->maxMigDevices, "nvmlDeviceGetMaxMigDeviceCount");
    load(m_api->migHandleByIndex, "nvmlDeviceGetMigDeviceHandleByIndex");
    load(m_api->pciInfo, "nvmlDeviceGetPciInfo_v3");
    load(m_api->driverVersion, "nvmlSystemGetDriverVersion");
    if (!ok) {
        m_reason = "no telemetry: " + library + " lacks the functions Keel uses";
        return;
    }
    if (const nvmlReturn_t rc = m_api->init(); rc != NVML_SUCCESS) {
        m_reason = std::string("no telemetry: NVML did not start (") + m_api->errorString(rc) + ")";
        return;
    }
    m_available = true;
}

Nvml::~Nvml()
{
    if (m_available)
        m_api->shutdown();
    delete m_api;
    // The library stays loaded: unloading drivers' libraries at exit is a known source of crashes.
}

std::string Nvml::driverVersion() const
{
    char buffer[96] = {};
    if (m_available && m_api->driverVersion && m_api->driverVersion(buffer, sizeof buffer) == NVML_SUCCESS)
        return buffer;
    return {};
}

int Nvml::deviceCount() const
{
    unsigned int count = 0;
    if (!m_available || m_api->deviceCount(&count) != NVML_SUCCESS)
        return 0;
    return static_cast<int>(count);
}

std::vector<NvmlDevice> Nvml::devices() const
{
    std::vector<NvmlDevice> out;
    const int count = deviceCount();
    auto describe = [this](nvmlDevice_t handle, NvmlDevice &d) {
        char text[96] = {};
        if (m_api->name(handle, text, sizeof text) == NVML_SUCCESS)
            d.name = text;
        char id[96] = {};
        if (m_api->uuid && m_api->uuid(handle, id, sizeof id) == NVML_SUCCESS)
            d.uuid = id;
        nvmlMemory_t memory{};
        if (m_api->memoryInfo(handle, &memory) == NVML_SUCCESS)
            d.memoryTotal = memory.total;
    };
    for (int i = 0; i < count; ++i) {
        nvmlDevice_t handle = nullptr;
        if (m_api->handleByIndex(static_cast<unsigned int>(i), &handle) != NVML_SUCCESS)
            continue;
        NvmlDevice gpu;
        gpu.index = static_cast<int>(out.size());
        gpu.gpuIndex = i;
        describe(handle, gpu);
        nvmlPciInfo_t pci{};
        if (m_api->pciInfo && m_api->pciInfo(handle, &pci) == NVML_SUCCESS)
            gpu.pciBusId = std::string(pci.busId, strnlen(pci.busId, sizeof pci.busId));
        const int parent = gpu.index;
        out.push_back(gpu);

        unsigned int current = 0, pending = 0, slots = 0;
        if (!m_api->migMode || !m_api->maxMigDevices || !m_api->migHandleByIndex ||
            m_api->migMode(handle, &current, &pending) != NVML_SUCCESS || current != NVML_DEVICE_MIG_ENABLE ||
            m_api->maxMigDevices(handle, &slots) != NVML_SUCCESS)
            continue;
        for (unsigned int slot = 0; slot < slots; ++slot) {
            nvmlDevice_t mig = nullptr;
            if (m_api->migHandleByIndex(handle, slot, &mig) != NVML_SUCCESS)
                continue; // an empty slot: NVML_ERROR_NOT_FOUND
            NvmlDevice instance;
            instance.index = static_cast<int>(out.size());
            instance.gpuIndex = i;
            instance.parent = parent;
            instance.migSlot = static_cast<int>(slot);
            describe(mig, instance);
            instance.migProfile = migProfileFromName(instance.name);
            out.push_back(instance);
        }
    }
    return out;
}

void *Nvml::handleOf(const NvmlDevice &device) const
{
    nvmlDevice_t handle = nullptr;
    if (!m_available || m_api->handleByIndex(static_cast<unsigned int>(device.gpuIndex), &handle) != NVML_SUCCESS)
        return nullptr;
    if (!device.isMig())
        return handle;
    nvmlDevice_t mig = nullptr;
    if (!m_api->migHandleByIndex || m_api->migHandleByIndex(handle, static_cast<unsigned int>(device.migSlot), &mig) != NVML_SUCCESS)
        return nullptr;
    return mig;
}

std::optional<GpuTelemetry> Nvml::read(void *device) const
{
    GpuTelemetry t;
    char name[96] = {};
    if (m_api->name(device, name, sizeof name) == NVML_SUCCESS)
        t.name = name;
    nvmlMemory_t memory{};
    if (m_api->memoryInfo(device, &memory) == NVML_SUCCESS) {
        t.memoryUsed = memory.used;
        t.memoryTotal = memory.total;
    }
    nvmlUtilization_t utilisation{};
    if (m_api->utilization && m_api->utilization(device, &utilisation) == NVML_SUCCESS)
        t.utilisationPercent = static_cast<int>(utilisation.gpu);
    unsigned int milliwatts = 0;
    if (m_api->powerUsage && m_api->powerUsage(device, &milliwatts) == NVML_SUCCESS)
        t.powerWatts = milliwatts / 1000.0;
    unsigned int celsius = 0;
    if (m_api->temperature && m_api->temperature(device, NVML_TEMPERATURE_GPU, &celsius) == NVML_SUCCESS)
        t.temperatureC = static_cast<int>(celsius);
    unsigned int mhz = 0;
    if (m_api->clockInfo && m_api->clockInfo(device, NVML_CLOCK_SM, &mhz) == NVML_SUCCESS)
        t.smClockMHz = static_cast<int>(mhz);
    if (m_api->clockInfo && m_api->clockInfo(device, NVML_CLOCK_MEM, &mhz) == NVML_SUCCESS)
        t.memoryClockMHz = static_cast<int>(mhz);
    if (m_api->processes) {
        // Asked with room for 64; NVML says how many there are when that is too few.
        std::vector<nvmlProcessInfo_t> infos(64);
        unsigned int count = static_cast<unsigned int>(infos.size());
        nvmlReturn_t rc = m_api->processes(device, &count, infos.data());
        if (rc == NVML_ERROR_INSUFFICIENT_SIZE) {
            infos.resize(count + 16);
            count = static_cast<unsigned int>(infos.size());
            rc = m_api->processes(device, &count, infos.data());
        }
        if (rc == NVML_SUCCESS) {
            for (unsigned int i = 0; i < count && i < infos.size(); ++i)
                t.processes.push_back({infos[i].pid, infos[i].usedGpuMemory == NVML_VALUE_NOT_AVAILABLE ? 0 : infos[i].usedGpuMemory});
        }
    }
    return t;
}

std::optional<GpuTelemetry> Nvml::telemetry(int nvmlIndex) const
{
    nvmlDevice_t device = nullptr;
    if (!m_available || m_api->handleByIndex(static_cast<unsigned int>(nvmlIndex), &device) != NVML_SUCCESS)
        return std::nullopt;
    return read(device);
}

std::optional<GpuTelemetry> Nvml::telemetryByPciBusId(const std::string &busId) const
{
    nvmlDevice_t device = nullptr;
    if (!m_available || !m_api->handleByPciBusId || m_api->handleByPciBusId(busId.c_str(), &device) != NVML_SUCCESS)
        return std::nullopt;
    return read(device);
}

std::optional<std::uint64_t> Nvml::freeMemory(const std::string &busId, int nvmlIndex) const
{
    if (!m_available)
        return std::nullopt;
    nvmlDevice_t device = nullptr;
    if (busId.empty() || !m_api->handleByPciBusId || m_api->handleByPciBusId(busId.c_str(), &device) != NVML_SUCCESS)
        if (m_api->handleByIndex(static_cast<unsigned int>(nvmlIndex), &device) != NVML_SUCCESS)
            return std::nullopt;
    nvmlMemory_t memory{};
    if (m_api->memoryInfo(device, &memory) != NVML_SUCCESS || memory.total == 0)
        return std::nullopt;
    return memory.free;
}

std::optional<GpuTelemetry> Nvml::telemetry(const NvmlDevice &device) const
{
    void *handle = handleOf(device);
    if (!handle)
        return std::nullopt;
    return read(handle);
}

std::string migProfileFromName(const std::string &name)
{
    const auto at = name.rfind(" MIG ");
    if (at == std::string::npos)
        return {};
    std::string profile = name.substr(at + 5);
    if (const auto space = profile.find(' '); space != std::string::npos)
        profile.resize(space);
    return profile;
}

} // namespace keel::compute
