#pragma once

#include "compute/job.h"
#include "compute/nvml.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace keel::compute {

class Nvml;

// One reading of one GPU.
struct TelemetryPoint {
    std::int64_t timeMs = 0;
    int utilisationPercent = -1;     // -1: not reported
    std::uint64_t memoryUsed = 0;
    std::uint64_t memoryTotal = 0;
    float powerWatts = -1;
    int temperatureC = -1;
    int smClockMHz = -1;
    int memoryClockMHz = -1;
    // Some process holds memory on it (NVML lists a compute process), or a Keel job runs there:
    // an idle GPU in this state is paid for and unused.
    bool held = false;
};

// A reading as a ring point at `timeMs` (held: some process holds memory on the GPU).
TelemetryPoint telemetryPoint(const GpuTelemetry &t, std::int64_t timeMs);

// A fixed number of points, the oldest dropped first: bounded memory however long Keel runs.
class TelemetryRing {
public:
    explicit TelemetryRing(std::size_t capacity) : m_capacity(capacity ? capacity : 1) {}
    void push(const TelemetryPoint &p);
    std::size_t size() const { return m_points.size(); }
    std::size_t capacity() const { return m_capacity; }
    const std::deque<TelemetryPoint> &points() const { return m_points; }

private:
    std::size_t m_capacity;
    std::deque<TelemetryPoint> m_points;
};

struct SamplerOptions {
    int intervalMs = 1000;
    std::size_t capacity = 86400;        // a day at one sample a second, per device
    int idleThresholdPercent = 5;        // below this a GPU counts as idle
};

// Idle time of a held GPU (see TelemetryPoint::held) in the ring.
struct IdleSummary {
    double idleSeconds = 0;              // total, over the ring
    std::int64_t idleSinceMs = 0;        // start of the current idle stretch; 0 when busy or not held
};

// Samples every GPU NVML lists, about once a second on a thread of its own, into one ring per
// device. Absent NVML leaves it empty and says why; it never fails.
class TelemetrySampler : public JobObserver {
public:
    explicit TelemetrySampler(SamplerOptions options = {}, const Nvml *nvml = nullptr);
    ~TelemetrySampler() override;
    TelemetrySampler(const TelemetrySampler &) = delete;
    TelemetrySampler &operator=(const TelemetrySampler &) = delete;

    void start();
    void stop();
    bool available() const;
    std::string unavailableReason() const;
    const SamplerOptions &options() const { return m_options; }

    // One reading of every device, now (the thread calls this each interval).
    void sampleNow();

    std::vector<NvmlDevice> devices() const;
    std::vector<TelemetryPoint> points(int device, std::int64_t sinceMs = 0) const;
    std::optional<TelemetryPoint> latest(int device) const;
    std::vector<GpuProcess> processes(int device) const;          // at the latest reading
    // Mean and peak over the points in [fromMs, toMs]; the reading just before fromMs counts
    // too, so a job shorter than the interval still gets the state it ran in.
    DeviceUsage usage(int device, std::int64_t fromMs, std::int64_t toMs) const;
    IdleSummary idle(int device) const;
    // The sampler's device for a CUDA device: matched by PCI bus id, else NVML's order; -1: none.
    int deviceForCuda(int cudaIndex) const;
    // A Keel job holds the device (set by the pool's observers); counted as held while > 0.
    void setReserved(int device, bool reserved);
    // As a pool observer: a GPU job holds its device from start to finish.
    void onJobEvent(const JobEvent &event) override;

    std::uint64_t sampleCount() const { return m_samples.load(); }
    // Mean wall time of one sampleNow() over every device, in microseconds: the overhead.
    double meanSampleMicros() const;

private:
    void loop();

    SamplerOptions m_options;
    const Nvml *m_nvml;
    mutable std::mutex m_mutex;
    std::vector<NvmlDevice> m_devices;
    std::vector<TelemetryRing> m_rings;
    std::vector<std::vector<GpuProcess>> m_processes;
    std::vector<int> m_reserved;
    std::vector<int> m_cudaToDevice;
    bool m_cudaMapped = false;
    std::atomic<std::uint64_t> m_samples{0};
    std::atomic<std::int64_t> m_sampleNs{0};

    std::mutex m_threadMutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace keel::compute
