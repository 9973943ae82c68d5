#pragma once

#include "compute/job.h"

#include <string>
#include <vector>

namespace keel::compute {

// What an hour of a GPU model costs, on demand and on spot capacity, in US dollars.
struct GpuPrice {
    std::string model;    // matched against the device name, case-insensitively: "H100", "A100 80GB"
    double onDemand = 0;
    double spot = 0;
};

// The prices the cost meter charges. The defaults are rough public cloud list prices per GPU
// (late 2026); they are there to be edited, in Settings or with keel's --prices file.
struct Prices {
    std::vector<GpuPrice> gpus;
    GpuPrice otherGpu{"other GPU", 1.50, 0.60};
    double cpuCoreHour = 0.04;
    double cpuCoreHourSpot = 0.015;
    bool spot = false;    // charge spot prices

    static Prices defaults();
    // The price row for a device name: the longest matching model wins ("A100 80GB" before "A100").
    const GpuPrice &priceFor(const std::string &deviceName) const;
    // Per hour of one whole GPU of that name; a MIG instance "… MIG 3g.40gb" costs 3/7 of its GPU.
    double gpuHour(const std::string &deviceName) const;
    double cpuHour() const { return spot ? cpuCoreHourSpot : cpuCoreHour; }

    std::string toJson() const;
    // Throws keel::Error naming the field that is wrong.
    static Prices fromJson(const std::string &text);
};

// Turns device time into money: a CPU worker is charged as one core, a GPU worker as its share
// of the GPU (1 / the number of workers time-slicing it).
class CostMeter {
public:
    CostMeter(Prices prices, std::vector<std::string> gpuNames, std::vector<int> gpuWorkers = {});

    const Prices &prices() const { return m_prices; }
    // Dollars per hour of the device: one CPU core, or the whole GPU (MIG instance).
    double deviceHour(const DeviceId &device) const;
    // Dollars per hour of one worker on it: its share of the device.
    double perHour(const DeviceId &device) const { return deviceHour(device) * share(device); }
    // The device share a worker holds: 1 for a CPU core or a whole GPU, 1/n when n workers share a GPU.
    double share(const DeviceId &device) const;
    // Dollars per hour of a process computing on `device` with Keel's thread setting (a local
    // model decoding for an eval or a server): the whole GPU, or a core-hour per thread on the CPU.
    double runtimeHour(const DeviceId &device) const;
    // deviceSeconds: seconds of the whole device (wall time x share).
    double cost(const DeviceId &device, double deviceSeconds) const { return deviceHour(device) * deviceSeconds / 3600.0; }
    const std::string &gpuName(int cudaIndex) const;

private:
    Prices m_prices;
    std::vector<std::string> m_gpuNames;
    std::vector<int> m_gpuWorkers;
};

} // namespace keel::compute
