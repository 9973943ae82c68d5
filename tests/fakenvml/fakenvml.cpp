// A test-only NVML: the functions Keel's compute/nvml.cpp loads, answering from a script
// instead of a driver, so that telemetry, MIG listing and memory admission are exercised
// through the same dlopen path on machines without a GPU. Point KEEL_NVML_LIBRARY at this
// library and KEEL_FAKE_NVML_SCRIPT at a JSON file:
//
//   {"driver": "550.54.15",
//    "init_error": 0,                 // non-zero: nvmlInit_v2 fails with this code
//    "step_ms": 0,                    // > 0: the sample advances with time; 0: keel_fake_nvml_step
//    "devices": [{"name": "...", "uuid": "GPU-...", "pci_bus_id": "00000000:65:00.0",
//                 "memory_total": 85899345920,
//                 "samples": [{"utilisation": 40, "memory_used": 1073741824, "power_watts": 250,
//                              "temperature_c": 60, "sm_clock_mhz": 1980, "memory_clock_mhz": 2619,
//                              "processes": [{"pid": 1234, "memory": 1073741824}]}],
//                 "mig": [{"name": "... MIG 1g.10gb", "uuid": "MIG-...", "memory_total": 10737418240,
//                          "samples": [...]}]}]}
//
// Sample k of each device answers at step k (the last one holds after the end).
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

struct Sample {
    unsigned int utilisation = 0;
    bool hasUtilisation = true;
    unsigned long long memoryUsed = 0;
    double powerWatts = 0;
    unsigned int temperature = 0;
    int smClock = -1;      // -1: not in the script, answered as NVML_ERROR_NOT_SUPPORTED
    int memoryClock = -1;
    std::vector<std::pair<unsigned int, unsigned long long>> processes;
};

struct Device {
    std::string name, uuid, busId;
    unsigned long long memoryTotal = 0;
    bool mig = false;
    std::vector<Sample> samples;
    std::vector<std::unique_ptr<Device>> instances;
};

struct Script {
    std::string driver = "550.54.15";
    int initError = 0;
    long stepMs = 0;
    std::vector<std::unique_ptr<Device>> devices;
};

std::mutex mutex;
Script script;
long step = 0;
std::chrono::steady_clock::time_point startedAt;
std::string loadError;

Sample parseSample(const nlohmann::json &j, bool mig)
{
    Sample s;
    s.hasUtilisation = !mig;
    s.utilisation = j.value("utilisation", 0u);
    s.memoryUsed = j.value("memory_used", 0ull);
    s.powerWatts = j.value("power_watts", 0.0);
    s.temperature = j.value("temperature_c", 0u);
    s.smClock = j.value("sm_clock_mhz", -1);
    s.memoryClock = j.value("memory_clock_mhz", -1);
    for (const auto &p : j.value("processes", nlohmann::json::array()))
        s.processes.emplace_back(p.value("pid", 0u), p.value("memory", 0ull));
    return s;
}

std::unique_ptr<Device> parseDevice(const nlohmann::json &j, bool mig)
{
    auto d = std::make_unique<Device>();
    d->name = j.value("name", std::string("NVIDIA Scripted GPU"));
    d->uuid = j.value("uuid", std::string());
    d->busId = j.value("pci_bus_id", std::string());
    d->memoryTotal = j.value("memory_total", 0ull);
    d->mig = mig;
    for (const auto &s : j.value("samples", nlohmann::json::array()))
        d->samples.push_back(parseSample(s, mig));
    if (d->samples.empty())
        d->samples.emplace_back();
    for (const auto &m : j.value("mig", nlohmann::json::array()))
        d->instances.push_back(parseDevice(m, true));
    return d;
}

bool load()
{
    script = Script{};
    step = 0;
    startedAt = std::chrono::steady_clock::now();
    const char *path = std::getenv("KEEL_FAKE_NVML_SCRIPT");
    if (!path || !*path) {
        loadError = "KEEL_FAKE_NVML_SCRIPT is not set";
        return false;
    }
    std::ifstream in(path);
    if (!in) {
        loadError = std::string("cannot read ") + path;
        return false;
    }
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        script.driver = j.value("driver", script.driver);
        script.initError = j.value("init_error", 0);
        script.stepMs = j.value("step_ms", 0L);
        for (const auto &d : j.value("devices", nlohmann::json::array()))
            script.devices.push_back(parseDevice(d, false));
    } catch (const std::exception &e) {
        loadError = std::string(path) + ": " + e.what();
        return false;
    }
    loadError.clear();
    return true;
}

const Sample &current(const Device &d)
{
    long k = step;
    if (script.stepMs > 0)
        k = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - startedAt).count() / script.stepMs);
    return d.samples[static_cast<std::size_t>(std::min<long>(k, static_cast<long>(d.samples.size()) - 1))];
}

int copy(const std::string &text, char *out, unsigned int size)
{
    if (text.size() + 1 > size)
        return 7; // NVML_ERROR_INSUFFICIENT_SIZE
    std::memcpy(out, text.c_str(), text.size() + 1);
    return 0;
}

Device *asDevice(void *handle) { return static_cast<Device *>(handle); }

struct nvmlMemory_t {
    unsigned long long total, free, used;
};
struct nvmlUtilization_t {
    unsigned int gpu, memory;
};
struct nvmlPciInfo_t {
    char busIdLegacy[16];
    unsigned int domain, bus, device, pciDeviceId, pciSubSystemId;
    char busId[32];
};
struct nvmlProcessInfo_t {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
};

} // namespace

extern "C" {

// Test controls (not NVML): move every device to its next sample; read the script again.
void keel_fake_nvml_step(int n)
{
    std::lock_guard lock(mutex);
    step += n;
}

void keel_fake_nvml_reload()
{
    std::lock_guard lock(mutex);
    load();
}

int nvmlInit_v2()
{
    std::lock_guard lock(mutex);
    if (!load())
        return 1; // NVML_ERROR_UNINITIALIZED
    return script.initError;
}

int nvmlShutdown() { return 0; }

const char *nvmlErrorString(int rc)
{
    switch (rc) {
    case 0: return "Success";
    case 1: return loadError.empty() ? "Uninitialized" : loadError.c_str();
    case 3: return "Not Supported";
    case 6: return "Not Found";
    case 7: return "Insufficient Size";
    case 9: return "Driver Not Loaded";
    default: return "Unknown Error";
    }
}

int nvmlSystemGetDriverVersion(char *out, unsigned int size)
{
    std::lock_guard lock(mutex);
    return copy(script.driver, out, size);
}

int nvmlDeviceGetCount_v2(unsigned int *count)
{
    std::lock_guard lock(mutex);
    *count = static_cast<unsigned int>(script.devices.size());
    return 0;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **handle)
{
    std::lock_guard lock(mutex);
    if (index >= script.devices.size())
        return 2; // NVML_ERROR_INVALID_ARGUMENT
    *handle = script.devices[index].get();
    return 0;
}

int nvmlDeviceGetHandleByPciBusId_v2(const char *busId, void **handle)
{
    std::lock_guard lock(mutex);
    for (const auto &d : script.devices) {
        if (!d->busId.empty() && strcasecmp(d->busId.c_str(), busId) == 0) {
            *handle = d.get();
            return 0;
        }
    }
    return 6;
}

int nvmlDeviceGetName(void *handle, char *out, unsigned int size)
{
    std::lock_guard lock(mutex);
    return copy(asDevice(handle)->name, out, size);
}

int nvmlDeviceGetUUID(void *handle, char *out, unsigned int size)
{
    std::lock_guard lock(mutex);
    return copy(asDevice(handle)->uuid, out, size);
}

int nvmlDeviceGetPciInfo_v3(void *handle, nvmlPciInfo_t *pci)
{
    std::lock_guard lock(mutex);
    const Device &d = *asDevice(handle);
    if (d.mig || d.busId.empty())
        return 3;
    std::memset(pci, 0, sizeof *pci);
    std::strncpy(pci->busId, d.busId.c_str(), sizeof pci->busId - 1);
    return 0;
}

int nvmlDeviceGetMemoryInfo(void *handle, nvmlMemory_t *memory)
{
    std::lock_guard lock(mutex);
    const Device &d = *asDevice(handle);
    const Sample &s = current(d);
    memory->total = d.memoryTotal;
    memory->used = std::min(s.memoryUsed, d.memoryTotal);
    memory->free = d.memoryTotal - memory->used;
    return 0;
}

int nvmlDeviceGetUtilizationRates(void *handle, nvmlUtilization_t *utilisation)
{
    std::lock_guard lock(mutex);
    const Sample &s = current(*asDevice(handle));
    if (!s.hasUtilisation)
        return 3; // MIG instances: NVML_ERROR_NOT_SUPPORTED, as on real hardware
    utilisation->gpu = s.utilisation;
    utilisation->memory = 0;
    return 0;
}

int nvmlDeviceGetPowerUsage(void *handle, unsigned int *milliwatts)
{
    std::lock_guard lock(mutex);
    if (asDevice(handle)->mig)
        return 3;
    *milliwatts = static_cast<unsigned int>(current(*asDevice(handle)).powerWatts * 1000.0);
    return 0;
}

int nvmlDeviceGetTemperature(void *handle, int, unsigned int *celsius)
{
    std::lock_guard lock(mutex);
    if (asDevice(handle)->mig)
        return 3;
    *celsius = current(*asDevice(handle)).temperature;
    return 0;
}

int nvmlDeviceGetClockInfo(void *handle, int type, unsigned int *mhz)
{
    std::lock_guard lock(mutex);
    if (asDevice(handle)->mig)
        return 3;
    const Sample &s = current(*asDevice(handle));
    const int value = type == 2 ? s.memoryClock : s.smClock;
    if (value < 0)
        return 3;
    *mhz = static_cast<unsigned int>(value);
    return 0;
}

int nvmlDeviceGetComputeRunningProcesses_v3(void *handle, unsigned int *count, nvmlProcessInfo_t *infos)
{
    std::lock_guard lock(mutex);
    const Sample &s = current(*asDevice(handle));
    const unsigned int needed = static_cast<unsigned int>(s.processes.size());
    if (*count < needed || (needed > 0 && !infos)) {
        *count = needed;
        return 7;
    }
    *count = needed;
    for (unsigned int i = 0; i < needed; ++i)
        infos[i] = {s.processes[i].first, s.processes[i].second, 0, 0};
    return 0;
}

int nvmlDeviceGetMigMode(void *handle, unsigned int *current, unsigned int *pending)
{
    std::lock_guard lock(mutex);
    const Device &d = *asDevice(handle);
    if (d.mig)
        return 3;
    *current = *pending = d.instances.empty() ? 0 : 1;
    return 0;
}

int nvmlDeviceGetMaxMigDeviceCount(void *handle, unsigned int *count)
{
    std::lock_guard lock(mutex);
    // Seven slots as on an A100/H100; the script's instances fill the first ones.
    *count = asDevice(handle)->instances.empty() ? 0 : 7;
    return 0;
}

int nvmlDeviceGetMigDeviceHandleByIndex(void *handle, unsigned int index, void **mig)
{
    std::lock_guard lock(mutex);
    const Device &d = *asDevice(handle);
    if (index >= d.instances.size())
        return 6; // an empty slot
    *mig = d.instances[index].get();
    return 0;
}

} // extern "C"
