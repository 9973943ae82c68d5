#include "compute/nvml.h"

#include <dlfcn.h>

namespace keel::compute {
namespace {

// The few declarations Keel uses, as NVIDIA's NVML API reference documents them.
using nvmlReturn_t = int;
using nvmlDevice_t = void *;
constexpr nvmlReturn_t NVML_SUCCESS = 0;
struct nvmlMemory_t {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
struct nvmlUtilization_t {
    unsigned int gpu;
    unsigned int memory;
};
constexpr int NVML_TEMPERATURE_GPU = 0;

} // namespace

struct Nvml::Api {
    nvmlReturn_t (*init)() = nullptr;
    nvmlReturn_t (*shutdown)() = nullptr;
    const char *(*errorString)(nvmlReturn_t) = nullptr;
    nvmlReturn_t (*deviceCount)(unsigned int *) = nullptr;
    nvmlReturn_t (*handleByIndex)(unsigned int, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*handleByPciBusId)(const char *, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*name)(nvmlDevice_t, char *, unsigned int) = nullptr;
    nvmlReturn_t (*memoryInfo)(nvmlDevice_t, nvmlMemory_t *) = nullptr;
    nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t *) = nullptr;
    nvmlReturn_t (*powerUsage)(nvmlDevice_t, unsigned int *) = nullptr;
    nvmlReturn_t (*temperature)(nvmlDevice_t, int, unsigned int *) = nullptr;
    nvmlReturn_t (*driverVersion)(char *, unsigned int) = nullptr;
};

Nvml &Nvml::instance()
{
    static Nvml nvml;
    return nvml;
}

Nvml::Nvml()
{
    m_library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!m_library) {
        m_reason = "no telemetry: NVIDIA's management library (libnvidia-ml.so.1) is not installed";
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
    load(m_api->handleByPciBusId, "nvmlDeviceGetHandleByPciBusId_v2");
    load(m_api->utilization, "nvmlDeviceGetUtilizationRates");
    load(m_api->powerUsage, "nvmlDeviceGetPowerUsage");
    load(m_api->temperature, "nvmlDeviceGetTemperature");
    load(m_api->driverVersion, "nvmlSystemGetDriverVersion");
    if (!ok) {
        m_reason = "no telemetry: libnvidia-ml.so.1 lacks the functions Keel uses";
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

} // namespace keel::compute
