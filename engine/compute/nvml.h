#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keel::compute {

// A process holding memory on a GPU, as NVML reports it.
struct GpuProcess {
    unsigned int pid = 0;
    std::uint64_t memoryUsed = 0;
};

struct GpuTelemetry {
    std::string name;
    std::uint64_t memoryUsed = 0;
    std::uint64_t memoryTotal = 0;
    int utilisationPercent = -1;   // -1: not reported (MIG instances never report it)
    double powerWatts = -1.0;      // -1: not reported
    int temperatureC = -1;
    int smClockMHz = -1;
    int memoryClockMHz = -1;
    std::vector<GpuProcess> processes; // compute processes and their memory
};

// One device NVML lists: a whole GPU, or a MIG instance of one (parent >= 0).
struct NvmlDevice {
    int index = 0;                 // position in Nvml::devices()
    std::string name;              // "NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-40GB MIG 1g.5gb"
    std::string uuid;              // "GPU-…" or "MIG-…"
    std::string pciBusId;          // whole GPUs only
    std::uint64_t memoryTotal = 0;
    int parent = -1;               // MIG: index of the GPU it is carved from
    int gpuIndex = 0;              // NVML's index of the physical GPU
    int migSlot = -1;              // MIG: NVML's index of the instance on its GPU
    std::string migProfile;        // MIG: "1g.5gb" (from the name), the Kubernetes resource's suffix
    bool isMig() const { return parent >= 0; }
};

// NVIDIA's management library, loaded at run time with dlopen so that Keel starts on
// machines without a driver. Absent NVML is a normal state ("no telemetry"), not an error.
// KEEL_NVML_LIBRARY names another library to load in its place (the tests' scripted one).
class Nvml {
public:
    static Nvml &instance();

    bool available() const { return m_available; }
    // Why there is no telemetry, in words; empty when available.
    const std::string &unavailableReason() const { return m_reason; }
    std::string driverVersion() const;

    int deviceCount() const;
    // Every GPU, each followed by its MIG instances when MIG mode is on. Listed anew on each
    // call: MIG instances come and go while Keel runs.
    std::vector<NvmlDevice> devices() const;
    // By NVML index, or by PCI bus id ("0000:65:00.0") to match a CUDA device.
    std::optional<GpuTelemetry> telemetry(int nvmlIndex) const;
    std::optional<GpuTelemetry> telemetryByPciBusId(const std::string &busId) const;
    // Free memory only (one NVML call, cheap enough for the pool's admission under its lock):
    // by PCI bus id when given and known, else by NVML index.
    std::optional<std::uint64_t> freeMemory(const std::string &busId, int nvmlIndex) const;
    // A device from devices(): whole GPU or MIG instance.
    std::optional<GpuTelemetry> telemetry(const NvmlDevice &device) const;

private:
    Nvml();
    ~Nvml();
    std::optional<GpuTelemetry> read(void *device) const;
    void *handleOf(const NvmlDevice &device) const;

    struct Api;
    Api *m_api = nullptr;
    void *m_library = nullptr;
    bool m_available = false;
    std::string m_reason;
};

// The MIG profile inside an NVML MIG device name: "… MIG 1g.5gb" -> "1g.5gb"; empty if none.
std::string migProfileFromName(const std::string &name);

} // namespace keel::compute
