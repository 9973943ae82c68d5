#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace keel::compute {

struct GpuTelemetry {
    std::string name;
    std::uint64_t memoryUsed = 0;
    std::uint64_t memoryTotal = 0;
    int utilisationPercent = -1;   // -1: not reported
    double powerWatts = -1.0;      // -1: not reported
    int temperatureC = -1;
};

// NVIDIA's management library, loaded at run time with dlopen so that Keel starts on
// machines without a driver. Absent NVML is a normal state ("no telemetry"), not an error.
class Nvml {
public:
    static Nvml &instance();

    bool available() const { return m_available; }
    // Why there is no telemetry, in words; empty when available.
    const std::string &unavailableReason() const { return m_reason; }
    std::string driverVersion() const;

    int deviceCount() const;
    // By NVML index, or by PCI bus id ("0000:65:00.0") to match a CUDA device.
    std::optional<GpuTelemetry> telemetry(int nvmlIndex) const;
    std::optional<GpuTelemetry> telemetryByPciBusId(const std::string &busId) const;

private:
    Nvml();
    ~Nvml();
    std::optional<GpuTelemetry> read(void *device) const;

    struct Api;
    Api *m_api = nullptr;
    void *m_library = nullptr;
    bool m_available = false;
    std::string m_reason;
};

} // namespace keel::compute
