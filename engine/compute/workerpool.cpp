#include "compute/workerpool.h"

#include "compute/costmeter.h"

#include "core/clock.h"
#include "core/log.h"

#include <algorithm>
#include <cmath>
#include <unistd.h>

namespace keel::compute {

struct WorkerPool::Record {
    JobInfo info;
    std::function<void(JobContext &)> work;
    std::atomic<bool> stop{false};
};

namespace {

std::uint64_t physicalMemory()
{
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? std::uint64_t(pages) * std::uint64_t(pageSize) : (std::uint64_t(8) << 30);
}

std::string gib(std::uint64_t bytes)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f GiB", double(bytes) / double(1ull << 30));
    return buffer;
}

bool suits(DeviceNeed need, const DeviceId &device)
{
    switch (need) {
    case DeviceNeed::Cpu: return !device.isCuda();
    case DeviceNeed::Gpu: return device.isCuda();
    case DeviceNeed::Any: return true;
    }
    return false;
}

} // namespace

void JobContext::progress(double fraction, const std::string &message)
{
    m_pool.reportProgress(*this, fraction, message);
}

void JobContext::setResult(const std::string &summary)
{
    m_pool.setResult(m_id, summary);
}

WorkerPool::WorkerPool(PoolOptions options)
    : m_options(std::move(options))
{
    m_cpuWorkers = m_options.cpuWorkers > 0 ? m_options.cpuWorkers
                                            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    if (m_options.cpuMemoryBudget == 0)
        m_options.cpuMemoryBudget = physicalMemory();
    m_costMeter = m_options.costMeter;
    m_workers.reserve(m_cpuWorkers + m_options.gpus.size());
    for (int i = 0; i < m_cpuWorkers; ++i)
        m_workers.push_back({DeviceId::cpu(), {}});
    for (const GpuSlot &gpu : m_options.gpus)
        for (int w = 0; w < std::max(1, gpu.workers); ++w)
            m_workers.push_back({DeviceId::cuda(gpu.index), {}});
    for (Worker &w : m_workers)
        w.thread = std::thread([this, device = w.device] { workerLoop(device); });
}

WorkerPool::~WorkerPool()
{
    std::vector<std::shared_ptr<Record>> dropped;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        for (const QueueKey &key : m_queue)
            dropped.push_back(m_records.at(key.id));
        m_queue.clear();
        for (auto &[id, record] : m_records) {
            if (record->info.state == JobState::Running)
                record->stop = true;
        }
    }
    for (const auto &record : dropped)
        finish(record, JobState::Cancelled, {});
    m_workAvailable.notify_all();
    for (Worker &w : m_workers) {
        if (w.thread.joinable())
            w.thread.join();
    }
}

std::optional<std::string> WorkerPool::refusal(const JobSpec &spec) const
{
    if (!spec.work)
        return std::string("the job has nothing to run");
    const bool wantsGpu = spec.need == DeviceNeed::Gpu;
    if (wantsGpu && m_options.gpus.empty())
        return std::string("needs a GPU, and this machine has none that Keel can use (CPU only)");
    std::uint64_t largest = 0;
    if (spec.need != DeviceNeed::Gpu)
        largest = m_options.cpuMemoryBudget;
    if (spec.need != DeviceNeed::Cpu) {
        for (const GpuSlot &g : m_options.gpus)
            largest = std::max(largest, g.memoryBytes);
    }
    if (spec.memoryEstimate > largest) {
        return "needs about " + gib(spec.memoryEstimate) + " of memory, more than any device it may run on has (" +
               gib(largest) + ")";
    }
    return std::nullopt;
}

JobId WorkerPool::submit(JobSpec spec)
{
    auto record = std::make_shared<Record>();
    JobInfo &info = record->info;
    info.id = m_nextId.fetch_add(1, std::memory_order_relaxed);
    info.name = spec.name.empty() ? "job " + std::to_string(info.id) : spec.name;
    info.kind = spec.kind;
    info.priority = spec.priority;
    info.need = spec.need;
    info.memoryEstimate = spec.memoryEstimate;
    info.cores = std::max(1, spec.cores);
    info.state = JobState::Queued;
    info.submittedMs = nowMs();
    const std::optional<std::string> refused = refusal(spec);
    record->work = std::move(spec.work);

    // Observers hear of the job before any worker can start it, so they see events in order.
    notify(JobEventType::Submitted, info);
    {
        std::lock_guard lock(m_mutex);
        m_records.emplace(info.id, record);
        if (!refused && !m_stopping)
            m_queue.insert({info.priority, info.id});
    }
    if (refused || m_stopping) {
        finish(record, refused ? JobState::Failed : JobState::Cancelled, refused.value_or(std::string()));
    } else if (m_options.gpus.empty()) {
        m_workAvailable.notify_one(); // every worker can take it: wake one
    } else {
        m_workAvailable.notify_all(); // only some workers suit it: let each look
    }
    return info.id;
}

bool WorkerPool::cancel(JobId id)
{
    std::shared_ptr<Record> record;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_records.find(id);
        if (it == m_records.end() || isFinished(it->second->info.state))
            return false;
        record = it->second;
        if (record->info.state == JobState::Running) {
            record->stop = true;
            return true;
        }
        m_queue.erase({record->info.priority, id});
        if (!record->info.waitingFor.empty())
            --m_waitingForGpuMemory;
    }
    finish(record, JobState::Cancelled, {});
    return true;
}

std::optional<JobInfo> WorkerPool::info(JobId id) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_records.find(id);
    if (it == m_records.end())
        return std::nullopt;
    return it->second->info;
}

std::vector<JobInfo> WorkerPool::jobs() const
{
    std::lock_guard lock(m_mutex);
    std::vector<JobInfo> out;
    out.reserve(m_records.size());
    for (const auto &[id, record] : m_records)
        out.push_back(record->info);
    return out;
}

JobInfo WorkerPool::wait(JobId id)
{
    std::unique_lock lock(m_mutex);
    auto it = m_records.find(id);
    if (it == m_records.end())
        return JobInfo{};
    const std::shared_ptr<Record> record = it->second;
    ++m_waiters;
    m_jobFinished.wait(lock, [&] { return isFinished(record->info.state); });
    --m_waiters;
    return record->info;
}

void WorkerPool::waitIdle()
{
    std::unique_lock lock(m_mutex);
    ++m_waiters;
    m_jobFinished.wait(lock, [&] { return m_queue.empty() && m_running == 0; });
    --m_waiters;
}

void WorkerPool::addObserver(JobObserver *observer)
{
    std::unique_lock lock(m_observerMutex);
    m_observers.push_back(observer);
    m_observerCount = static_cast<int>(m_observers.size());
}

void WorkerPool::removeObserver(JobObserver *observer)
{
    std::unique_lock lock(m_observerMutex);
    std::erase(m_observers, observer);
    m_observerCount = static_cast<int>(m_observers.size());
}

void WorkerPool::notify(JobEventType type, const JobInfo &info)
{
    if (m_observerCount.load(std::memory_order_acquire) == 0)
        return;
    std::shared_lock lock(m_observerMutex);
    const JobEvent event{type, info};
    for (JobObserver *observer : m_observers) {
        try {
            observer->onJobEvent(event);
        } catch (const std::exception &e) {
            log::warning(std::string("a job observer failed: ") + e.what());
        }
    }
}

bool WorkerPool::fitsGpu(Record &record, const DeviceId &device, std::vector<JobInfo> &waitNotes)
{
    // Caller holds m_mutex. The memory a GPU job may have: what NVML says is free, and never
    // more than the total less what the jobs running there estimated.
    const std::uint64_t estimate = record.info.memoryEstimate;
    if (estimate == 0)
        return true;
    std::uint64_t total = 0;
    for (const GpuSlot &g : m_options.gpus)
        if (g.index == device.index)
            total = g.memoryBytes;
    const std::uint64_t reserved = m_gpuMemoryInUse[device.index];
    std::uint64_t available = total == 0 ? ~0ull : total > reserved ? total - reserved : 0;
    if (m_options.gpuFreeMemory) {
        if (const auto free = m_options.gpuFreeMemory(device.index))
            available = std::min(available, *free);
    }
    if (estimate <= available) {
        if (!record.info.waitingFor.empty()) {
            record.info.waitingFor.clear();
            --m_waitingForGpuMemory;
        }
        return true;
    }
    if (record.info.need != DeviceNeed::Gpu)
        return false; // a CPU worker may take it: no reason to wait

    std::string reason = "waiting for GPU memory: needs about " + gib(estimate) + " on " + device.toString() + ", " +
                         gib(available) + " free";
    if (record.info.waitingFor.empty())
        ++m_waitingForGpuMemory;
    if (reason != record.info.waitingFor) {
        record.info.waitingFor = reason;
        record.info.message = reason;
        waitNotes.push_back(record.info);
    }
    return false;
}

std::shared_ptr<WorkerPool::Record> WorkerPool::takeJob(const DeviceId &device, std::vector<JobInfo> &waitNotes)
{
    // Caller holds m_mutex. The first queued job, by priority, that suits this worker and
    // fits the memory left; a job that does not fit yet lets smaller ones pass.
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        const std::shared_ptr<Record> &record = m_records.at(it->id);
        if (!suits(record->info.need, device))
            continue;
        if (!device.isCuda() && m_cpuMemoryInUse + record->info.memoryEstimate > m_options.cpuMemoryBudget &&
            m_cpuMemoryInUse > 0)
            continue;
        if (device.isCuda() && !fitsGpu(*record, device, waitNotes))
            continue;
        if (device.isCuda())
            m_gpuMemoryInUse[device.index] += record->info.memoryEstimate;
        else
            m_cpuMemoryInUse += record->info.memoryEstimate;
        std::shared_ptr<Record> taken = record;
        m_queue.erase(it);
        taken->info.state = JobState::Running;
        taken->info.device = device;
        taken->info.startedMs = nowMs();
        taken->info.message.clear();
        ++m_running;
        return taken;
    }
    return nullptr;
}

void WorkerPool::measure(JobInfo &info, const DeviceId &device) const
{
    // Runs on the worker, outside the lock: the usage lookup takes the sampler's own.
    const std::shared_ptr<const CostMeter> meter = costMeter();
    const double wall = double(std::max<std::int64_t>(0, info.finishedMs - info.startedMs)) / 1000.0;
    info.deviceSeconds = device.isCuda() ? wall * (meter ? meter->share(device) : 1.0) : wall * double(info.cores);
    if (meter)
        info.costUsd = meter->cost(device, info.deviceSeconds);
    if (device.isCuda() && m_options.usageOf)
        info.usage = m_options.usageOf(device, info.startedMs, info.finishedMs);
}

void WorkerPool::setCostMeter(std::shared_ptr<const CostMeter> meter)
{
    std::lock_guard lock(m_mutex);
    m_costMeter = std::move(meter);
}

std::shared_ptr<const CostMeter> WorkerPool::costMeter() const
{
    std::lock_guard lock(m_mutex);
    return m_costMeter;
}

void WorkerPool::workerLoop(DeviceId device)
{
    if (m_options.threadInit) {
        try {
            m_options.threadInit(device);
        } catch (const std::exception &e) {
            log::warning("worker for " + device.toString() + " could not start: " + e.what());
        }
    }
    for (;;) {
        std::shared_ptr<Record> record;
        std::vector<JobInfo> waitNotes;
        {
            std::unique_lock lock(m_mutex);
            for (;;) {
                if (m_stopping)
                    return;
                record = takeJob(device, waitNotes);
                if (record || !waitNotes.empty())
                    break;
                // A job waiting for GPU memory looks again on its own: others' processes free
                // memory without telling the pool.
                if (device.isCuda() && m_waitingForGpuMemory > 0)
                    m_workAvailable.wait_for(lock, std::chrono::milliseconds(m_options.memoryRecheckMs));
                else
                    m_workAvailable.wait(lock);
            }
        }
        for (const JobInfo &note : waitNotes)
            notify(JobEventType::Progress, note);
        // Run jobs back to back while the queue has any for this worker: finishing one and
        // taking the next share one critical section.
        while (record) {
            // Only this thread writes a running job's info, so it may read it without the lock.
            if (m_observerCount.load(std::memory_order_acquire) > 0)
                notify(JobEventType::Started, record->info);
            const Outcome outcome = execute(record, device);
            JobInfo measured = record->info;
            measured.finishedMs = nowMs();
            measure(measured, device);

            std::shared_ptr<Record> next;
            JobInfo finished;
            std::vector<JobInfo> notes;
            bool wakeWaiters = false;
            {
                std::lock_guard lock(m_mutex);
                JobInfo &info = record->info;
                info.state = outcome.state;
                info.error = outcome.error;
                info.finishedMs = measured.finishedMs;
                info.deviceSeconds = measured.deviceSeconds;
                info.costUsd = measured.costUsd;
                info.usage = measured.usage;
                if (outcome.state == JobState::Succeeded)
                    info.progress = 1.0;
                if (device.isCuda())
                    m_gpuMemoryInUse[device.index] -= info.memoryEstimate;
                else
                    m_cpuMemoryInUse -= info.memoryEstimate;
                --m_running;
                if (m_observerCount.load(std::memory_order_acquire) > 0)
                    finished = info;
                rememberFinished(info.id);
                wakeWaiters = m_waiters > 0;
                if (!m_stopping)
                    next = takeJob(device, notes);
            }
            if (finished.id != 0)
                notify(JobEventType::Finished, finished);
            for (const JobInfo &note : notes)
                notify(JobEventType::Progress, note);
            if (wakeWaiters)
                m_jobFinished.notify_all();
            if (record->info.memoryEstimate > 0)
                m_workAvailable.notify_all(); // memory was released: a job waiting for it may fit now
            record = std::move(next);
        }
    }
}

WorkerPool::Outcome WorkerPool::execute(const std::shared_ptr<Record> &record, const DeviceId &device)
{
    JobContext ctx(*this, record->info.id, device, record->stop);
    Outcome outcome{JobState::Succeeded, {}};
    try {
        if (m_options.beforeJob)
            m_options.beforeJob(device);
        record->work(ctx);
        if (record->stop)
            outcome.state = JobState::Cancelled;
    } catch (const JobCancelled &) {
        outcome.state = JobState::Cancelled;
    } catch (const std::exception &e) {
        outcome.state = record->stop ? JobState::Cancelled : JobState::Failed;
        outcome.error = userMessageFromException(e);
    } catch (...) {
        outcome.state = record->stop ? JobState::Cancelled : JobState::Failed;
        outcome.error = "the job stopped with an unknown error";
    }
    record->work = nullptr; // release what the job captured
    return outcome;
}

void WorkerPool::finish(const std::shared_ptr<Record> &record, JobState state, const std::string &error)
{
    JobInfo snapshot;
    {
        std::lock_guard lock(m_mutex);
        JobInfo &info = record->info;
        info.state = state;
        info.error = error;
        info.finishedMs = nowMs();
        if (state == JobState::Succeeded)
            info.progress = 1.0;
        if (m_observerCount.load(std::memory_order_acquire) > 0)
            snapshot = info;
        rememberFinished(info.id);
    }
    if (snapshot.id != 0)
        notify(JobEventType::Finished, snapshot);
    m_jobFinished.notify_all();
}

void WorkerPool::rememberFinished(JobId id)
{
    m_finishedOrder.push_back(id);
    while (m_finishedOrder.size() > m_options.keepFinished) {
        m_records.erase(m_finishedOrder.front());
        m_finishedOrder.pop_front();
    }
}

void WorkerPool::reportProgress(JobContext &ctx, double fraction, const std::string &message)
{
    if (!std::isfinite(fraction))
        fraction = 0.0;
    fraction = std::clamp(fraction, 0.0, 1.0);
    const std::int64_t now = steadyNs();
    const bool due = ctx.m_lastReportNs == 0 || fraction >= 1.0 ||
                     now - ctx.m_lastReportNs >= std::int64_t(m_options.progressIntervalMs) * 1'000'000;
    if (!due)
        return;
    ctx.m_lastReportNs = now;
    JobInfo snapshot;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_records.find(ctx.m_id);
        if (it == m_records.end())
            return;
        it->second->info.progress = fraction;
        if (!message.empty())
            it->second->info.message = message;
        snapshot = it->second->info;
    }
    notify(JobEventType::Progress, snapshot);
}

void WorkerPool::setResult(JobId id, const std::string &summary)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_records.find(id); it != m_records.end())
        it->second->info.message = summary;
}

} // namespace keel::compute
