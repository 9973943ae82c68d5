#include "compute/telemetry.h"

#include "compute/cudaruntime.h"
#include "core/clock.h"

#include <algorithm>
#include <cctype>

namespace keel::compute {
namespace {

std::string normalisedBusId(std::string id)
{
    // NVML writes "00000000:65:00.0", CUDA "0000:65:00.0": compare the last 12 characters.
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return id.size() > 12 ? id.substr(id.size() - 12) : id;
}

} // namespace

TelemetryPoint telemetryPoint(const GpuTelemetry &t, std::int64_t timeMs)
{
    TelemetryPoint p;
    p.timeMs = timeMs;
    p.utilisationPercent = t.utilisationPercent;
    p.memoryUsed = t.memoryUsed;
    p.memoryTotal = t.memoryTotal;
    p.powerWatts = float(t.powerWatts);
    p.temperatureC = t.temperatureC;
    p.smClockMHz = t.smClockMHz;
    p.memoryClockMHz = t.memoryClockMHz;
    p.held = !t.processes.empty();
    return p;
}

void TelemetryRing::push(const TelemetryPoint &p)
{
    if (m_points.size() == m_capacity)
        m_points.pop_front();
    m_points.push_back(p);
}

TelemetrySampler::TelemetrySampler(SamplerOptions options, const Nvml *nvml)
    : m_options(options), m_nvml(nvml ? nvml : &Nvml::instance())
{
    if (m_options.intervalMs < 10)
        m_options.intervalMs = 10;
}

TelemetrySampler::~TelemetrySampler()
{
    stop();
}

bool TelemetrySampler::available() const
{
    return m_nvml->available();
}

std::string TelemetrySampler::unavailableReason() const
{
    return m_nvml->unavailableReason();
}

void TelemetrySampler::start()
{
    std::lock_guard lock(m_threadMutex);
    if (m_thread.joinable() || !m_nvml->available())
        return;
    m_stop = false;
    m_thread = std::thread([this] { loop(); });
}

void TelemetrySampler::stop()
{
    {
        std::lock_guard lock(m_threadMutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void TelemetrySampler::loop()
{
    std::unique_lock lock(m_threadMutex);
    while (!m_stop) {
        lock.unlock();
        sampleNow();
        lock.lock();
        m_wake.wait_for(lock, std::chrono::milliseconds(m_options.intervalMs), [this] { return m_stop; });
    }
}

void TelemetrySampler::sampleNow()
{
    if (!m_nvml->available())
        return;
    const std::int64_t begin = steadyNs();
    std::vector<NvmlDevice> devices = m_nvml->devices();
    std::vector<std::optional<GpuTelemetry>> readings;
    readings.reserve(devices.size());
    for (const NvmlDevice &d : devices)
        readings.push_back(m_nvml->telemetry(d));
    const std::int64_t now = nowMs();

    std::lock_guard lock(m_mutex);
    // Devices are matched by UUID, so that a MIG instance made or removed keeps the others' rings.
    std::vector<TelemetryRing> rings;
    std::vector<int> reserved;
    rings.reserve(devices.size());
    for (const NvmlDevice &d : devices) {
        const auto old = std::find_if(m_devices.begin(), m_devices.end(), [&](const NvmlDevice &o) {
            return o.uuid == d.uuid && o.name == d.name && o.gpuIndex == d.gpuIndex && o.migSlot == d.migSlot;
        });
        if (old != m_devices.end()) {
            rings.push_back(std::move(m_rings[old - m_devices.begin()]));
            reserved.push_back(m_reserved[old - m_devices.begin()]);
        } else {
            rings.emplace_back(m_options.capacity);
            reserved.push_back(0);
        }
    }
    m_processes.assign(devices.size(), {});
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (!readings[i])
            continue;
        TelemetryPoint p = telemetryPoint(*readings[i], now);
        p.held = p.held || reserved[i] > 0;
        rings[i].push(p);
        m_processes[i] = readings[i]->processes;
    }
    m_devices = std::move(devices);
    m_rings = std::move(rings);
    m_reserved = std::move(reserved);
    if (!m_cudaMapped) {
        m_cudaMapped = true; // once: CUDA's devices do not change while Keel runs
        const int cudaCount = cuda::deviceCount();
        for (int c = 0; c < cudaCount; ++c) {
            int match = -1;
            if (auto props = cuda::properties(c); props && !props->pciBusId.empty()) {
                for (const NvmlDevice &d : m_devices)
                    if (!d.isMig() && !d.pciBusId.empty() && normalisedBusId(d.pciBusId) == normalisedBusId(props->pciBusId))
                        match = d.index;
            }
            m_cudaToDevice.push_back(match);
        }
    }
    m_samples.fetch_add(1);
    m_sampleNs.fetch_add(steadyNs() - begin);
}

std::vector<NvmlDevice> TelemetrySampler::devices() const
{
    std::lock_guard lock(m_mutex);
    return m_devices;
}

std::vector<TelemetryPoint> TelemetrySampler::points(int device, std::int64_t sinceMs) const
{
    std::lock_guard lock(m_mutex);
    if (device < 0 || device >= int(m_rings.size()))
        return {};
    const auto &all = m_rings[device].points();
    auto first = std::lower_bound(all.begin(), all.end(), sinceMs, [](const TelemetryPoint &p, std::int64_t t) { return p.timeMs < t; });
    return {first, all.end()};
}

std::optional<TelemetryPoint> TelemetrySampler::latest(int device) const
{
    std::lock_guard lock(m_mutex);
    if (device < 0 || device >= int(m_rings.size()) || m_rings[device].size() == 0)
        return std::nullopt;
    return m_rings[device].points().back();
}

std::vector<GpuProcess> TelemetrySampler::processes(int device) const
{
    std::lock_guard lock(m_mutex);
    if (device < 0 || device >= int(m_processes.size()))
        return {};
    return m_processes[device];
}

DeviceUsage TelemetrySampler::usage(int device, std::int64_t fromMs, std::int64_t toMs) const
{
    DeviceUsage u;
    std::lock_guard lock(m_mutex);
    if (device < 0 || device >= int(m_rings.size()))
        return u;
    const auto &all = m_rings[device].points();
    auto first = std::lower_bound(all.begin(), all.end(), fromMs, [](const TelemetryPoint &p, std::int64_t t) { return p.timeMs < t; });
    if (first != all.begin() && (first == all.end() || first->timeMs > fromMs))
        --first; // the state the device was in when the window opened
    double utilisation = 0, power = 0;
    int utilisationCount = 0, powerCount = 0;
    for (auto it = first; it != all.end() && it->timeMs <= toMs; ++it) {
        ++u.samples;
        u.meanMemoryUsed += double(it->memoryUsed);
        u.peakMemoryUsed = std::max(u.peakMemoryUsed, it->memoryUsed);
        if (it->utilisationPercent >= 0) {
            utilisation += it->utilisationPercent;
            ++utilisationCount;
            u.peakUtilisationPercent = std::max(u.peakUtilisationPercent, it->utilisationPercent);
        }
        if (it->powerWatts >= 0) {
            power += it->powerWatts;
            ++powerCount;
        }
    }
    if (u.samples > 0)
        u.meanMemoryUsed /= u.samples;
    if (utilisationCount > 0)
        u.meanUtilisationPercent = utilisation / utilisationCount;
    if (powerCount > 0)
        u.meanPowerWatts = power / powerCount;
    return u;
}

IdleSummary TelemetrySampler::idle(int device) const
{
    IdleSummary s;
    std::lock_guard lock(m_mutex);
    if (device < 0 || device >= int(m_rings.size()))
        return s;
    const auto &all = m_rings[device].points();
    auto idleAt = [this](const TelemetryPoint &p) {
        return p.held && p.utilisationPercent >= 0 && p.utilisationPercent < m_options.idleThresholdPercent;
    };
    // Each interval between two readings counts as idle when the reading that opens it is.
    for (std::size_t i = 0; i + 1 < all.size(); ++i) {
        if (idleAt(all[i]))
            s.idleSeconds += double(all[i + 1].timeMs - all[i].timeMs) / 1000.0;
    }
    for (auto it = all.rbegin(); it != all.rend() && idleAt(*it); ++it)
        s.idleSinceMs = it->timeMs;
    return s;
}

int TelemetrySampler::deviceForCuda(int cudaIndex) const
{
    std::lock_guard lock(m_mutex);
    if (cudaIndex >= 0 && cudaIndex < int(m_cudaToDevice.size()) && m_cudaToDevice[cudaIndex] >= 0)
        return m_cudaToDevice[cudaIndex];
    // Without a PCI match (no CUDA runtime, or the scripted NVML), the n-th whole GPU.
    int n = 0;
    for (const NvmlDevice &d : m_devices) {
        if (d.isMig())
            continue;
        if (n++ == cudaIndex)
            return d.index;
    }
    return -1;
}

void TelemetrySampler::setReserved(int device, bool reserved)
{
    std::lock_guard lock(m_mutex);
    if (device < 0 || device >= int(m_reserved.size()))
        return;
    m_reserved[device] = std::max(0, m_reserved[device] + (reserved ? 1 : -1));
}

void TelemetrySampler::onJobEvent(const JobEvent &event)
{
    if (!event.info.device || !event.info.device->isCuda())
        return;
    if (event.type == JobEventType::Started)
        setReserved(deviceForCuda(event.info.device->index), true);
    else if (event.type == JobEventType::Finished && event.info.startedMs > 0)
        setReserved(deviceForCuda(event.info.device->index), false);
}

double TelemetrySampler::meanSampleMicros() const
{
    const std::uint64_t n = m_samples.load();
    return n ? double(m_sampleNs.load()) / double(n) / 1000.0 : 0.0;
}

} // namespace keel::compute
