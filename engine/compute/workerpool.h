#pragma once

#include "compute/job.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <atomic>
#include <unordered_map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <thread>
#include <vector>

namespace keel::compute {

class CostMeter;

struct GpuSlot {
    int index = 0;                     // CUDA device index
    std::uint64_t memoryBytes = 0;     // total memory; a job estimating more is refused
    int workers = 1;                   // > 1: time-sliced, that many workers share the GPU
};

struct PoolOptions {
    int cpuWorkers = 0;                          // 0: one per core
    std::vector<GpuSlot> gpus;                   // one worker each
    std::uint64_t cpuMemoryBudget = 0;           // bytes CPU jobs may hold together; 0: physical memory
    int progressIntervalMs = 50;                 // at most ~20 progress events a second per job
    std::size_t keepFinished = 10000;            // finished jobs kept for info()/jobs()
    // Runs first on each worker thread (a GPU worker binds its device here).
    std::function<void(const DeviceId &)> threadInit;
    // Runs on the worker thread before each job (per-thread settings such as OpenMP's).
    std::function<void(const DeviceId &)> beforeJob;
    // Memory admission: a GPU's free memory now (NVML); a GPU job starts only when its estimate
    // fits, and waits in the queue, saying why, until it does. Unset: the slot's total counts.
    std::function<std::optional<std::uint64_t>(int cudaIndex)> gpuFreeMemory;
    int memoryRecheckMs = 1000;                  // how often a job waiting for GPU memory looks again
    // Prices for the job's device time; unset: costUsd stays -1.
    std::shared_ptr<const CostMeter> costMeter;
    // What the GPU did while a job ran on it (the telemetry sampler); unset: no usage.
    std::function<std::optional<DeviceUsage>(const DeviceId &, std::int64_t fromMs, std::int64_t toMs)> usageOf;
};

// CPU workers plus one worker per GPU. Jobs run by priority (then submission order) on
// the first worker whose device suits them and whose memory budget fits their estimate.
// An exception inside a job fails that job, with its message; it never reaches the caller.
class WorkerPool {
public:
    explicit WorkerPool(PoolOptions options = {});
    // Cancels queued jobs, asks running ones to stop, and waits for them.
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    JobId submit(JobSpec spec);
    // Queued: cancelled at once. Running: asked to stop (the job ends as cancelled when it
    // returns or calls throwIfStopped()). Returns false for an unknown or finished job.
    bool cancel(JobId id);

    std::optional<JobInfo> info(JobId id) const;
    std::vector<JobInfo> jobs() const;
    // Blocks until the job has finished; returns its final snapshot.
    JobInfo wait(JobId id);
    // Blocks until nothing is queued or running.
    void waitIdle();

    void addObserver(JobObserver *observer);
    void removeObserver(JobObserver *observer);

    int cpuWorkerCount() const { return m_cpuWorkers; }
    // New prices apply to jobs that finish from now on.
    void setCostMeter(std::shared_ptr<const CostMeter> meter);
    std::shared_ptr<const CostMeter> costMeter() const;
    const std::vector<GpuSlot> &gpus() const { return m_options.gpus; }

private:
    friend class JobContext;
    struct Record;
    struct QueueKey {
        int priority;
        JobId id;
        bool operator<(const QueueKey &o) const { return priority != o.priority ? priority > o.priority : id < o.id; }
    };
    struct Worker {
        DeviceId device;
        std::thread thread;
    };

    struct Outcome {
        JobState state;
        std::string error;
    };

    void workerLoop(DeviceId device);
    std::shared_ptr<Record> takeJob(const DeviceId &device, std::vector<JobInfo> &waitNotes);
    bool fitsGpu(Record &record, const DeviceId &device, std::vector<JobInfo> &waitNotes);
    void measure(JobInfo &info, const DeviceId &device) const;
    Outcome execute(const std::shared_ptr<Record> &record, const DeviceId &device);
    void finish(const std::shared_ptr<Record> &record, JobState state, const std::string &error);
    void reportProgress(JobContext &ctx, double fraction, const std::string &message);
    void setResult(JobId id, const std::string &summary);
    void notify(JobEventType type, const JobInfo &info);
    void rememberFinished(JobId id);
    std::optional<std::string> refusal(const JobSpec &spec) const;

    PoolOptions m_options;
    int m_cpuWorkers = 0;

    mutable std::mutex m_mutex;
    std::condition_variable m_workAvailable;
    std::condition_variable m_jobFinished;
    std::unordered_map<JobId, std::shared_ptr<Record>> m_records;
    std::set<QueueKey> m_queue;
    std::deque<JobId> m_finishedOrder;
    std::uint64_t m_cpuMemoryInUse = 0;
    std::unordered_map<int, std::uint64_t> m_gpuMemoryInUse;  // by CUDA index: estimates of running jobs
    int m_waitingForGpuMemory = 0;                           // queued GPU jobs that did not fit at the last look
    std::shared_ptr<const CostMeter> m_costMeter;
    int m_running = 0;
    int m_waiters = 0; // threads blocked in wait()/waitIdle()
    std::atomic<JobId> m_nextId{1};
    bool m_stopping = false;

    std::shared_mutex m_observerMutex;
    std::vector<JobObserver *> m_observers;
    std::atomic<int> m_observerCount{0}; // lets the hot path skip building events nobody hears

    std::vector<Worker> m_workers;
};

} // namespace keel::compute
