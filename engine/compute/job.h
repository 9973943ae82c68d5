#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace keel::compute {

using JobId = std::uint64_t;

// What a job needs to run on: a CPU worker, a GPU worker, or whichever is free first.
enum class DeviceNeed { Cpu, Gpu, Any };
enum class JobState { Queued, Running, Succeeded, Failed, Cancelled };

const char *toString(DeviceNeed need);
const char *toString(JobState state);
std::optional<DeviceNeed> deviceNeedFromString(std::string_view text);
std::optional<JobState> jobStateFromString(std::string_view text);
inline bool isFinished(JobState s) { return s == JobState::Succeeded || s == JobState::Failed || s == JobState::Cancelled; }

struct DeviceId {
    enum class Kind { Cpu, Cuda };
    Kind kind = Kind::Cpu;
    int index = 0;

    static DeviceId cpu() { return {Kind::Cpu, 0}; }
    static DeviceId cuda(int i) { return {Kind::Cuda, i}; }
    bool isCuda() const { return kind == Kind::Cuda; }
    // "cpu", "cuda:0" — libtorch's spelling.
    std::string toString() const;
    bool operator==(const DeviceId &) const = default;
};

// Thrown by JobContext::throwIfStopped(); the pool ends the job as cancelled.
class JobCancelled : public std::runtime_error {
public:
    JobCancelled() : std::runtime_error("cancelled") {}
};

class WorkerPool;

// What a running job sees of the pool: where it runs, whether it should stop, and a
// way to report progress (throttled by the pool, so calling it often is cheap).
class JobContext {
public:
    const DeviceId &device() const { return m_device; }
    JobId id() const { return m_id; }

    bool stopRequested() const { return m_stop.load(std::memory_order_relaxed); }
    void throwIfStopped() const
    {
        if (stopRequested())
            throw JobCancelled();
    }

    // fraction in [0, 1]; message is what the user reads ("epoch 3 of 10").
    void progress(double fraction, const std::string &message = {});
    // A one-line outcome kept with the job ("92.4 GFLOP/s").
    void setResult(const std::string &summary);

private:
    friend class WorkerPool;
    JobContext(WorkerPool &pool, JobId id, DeviceId device, const std::atomic<bool> &stop)
        : m_pool(pool), m_id(id), m_device(device), m_stop(stop)
    {
    }

    WorkerPool &m_pool;
    JobId m_id;
    DeviceId m_device;
    const std::atomic<bool> &m_stop;
    std::int64_t m_lastReportNs = 0;
};

struct JobSpec {
    std::string name;                   // what the user reads in the Jobs list
    std::string kind;                   // a stable machine name ("device-speed", "import-mlflow")
    int priority = 0;                   // higher runs first
    DeviceNeed need = DeviceNeed::Cpu;
    std::uint64_t memoryEstimate = 0;   // bytes the job expects to hold at its peak
    // CPU cores the job computes on, for its price: a job that runs Keel's threads (a local
    // model decoding, drift's parallel tests) says torchrt::threads() or the core count, and is
    // charged a core-hour per core, as evals and servers price the same work. It still takes
    // one worker.
    int cores = 1;
    std::function<void(JobContext &)> work;
};

// What a GPU did while a job ran on it, from the telemetry sampled over the job's time.
struct DeviceUsage {
    int samples = 0;
    double meanUtilisationPercent = -1;   // -1: the device does not report it (MIG)
    int peakUtilisationPercent = -1;
    double meanMemoryUsed = 0;            // bytes
    std::uint64_t peakMemoryUsed = 0;
    double meanPowerWatts = -1;
};

// A snapshot of one job, safe to copy across threads.
struct JobInfo {
    JobId id = 0;
    std::string name;
    std::string kind;
    int priority = 0;
    DeviceNeed need = DeviceNeed::Cpu;
    std::uint64_t memoryEstimate = 0;
    int cores = 1;                      // as the spec said; what a CPU job is charged for
    JobState state = JobState::Queued;
    std::optional<DeviceId> device;
    double progress = 0.0;
    std::string message;                // the last progress message, then the result summary
    std::string error;                  // why it failed, for the user
    std::int64_t submittedMs = 0;
    std::int64_t startedMs = 0;         // 0 while queued
    std::int64_t finishedMs = 0;        // 0 until finished
    std::string waitingFor;             // why a queued job has not started ("needs 12.0 GiB on cuda:0, 3.1 GiB free")
    // Set when the job has finished (and ran): the device time it held (its share of a
    // time-sliced GPU counted; on the CPU, core-seconds: wall time x cores), and what that time
    // cost at the meter's prices (-1: no meter).
    double deviceSeconds = 0;
    double costUsd = -1;
    std::optional<DeviceUsage> usage;   // GPU jobs with telemetry
};

enum class JobEventType { Submitted, Started, Progress, Finished };

struct JobEvent {
    JobEventType type;
    JobInfo info;
};

// Observers are called on whichever thread the event happens on (a worker, or the thread
// that submitted or cancelled); per job, events arrive in order. Keep the callback short.
class JobObserver {
public:
    virtual ~JobObserver() = default;
    virtual void onJobEvent(const JobEvent &event) = 0;
};

// A libtorch error's text carries a C++ backtrace after the message; users read the message.
std::string userMessageFromException(const std::exception &e);

} // namespace keel::compute
