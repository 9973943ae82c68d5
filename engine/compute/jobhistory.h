#pragma once

#include "compute/job.h"

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace keel::sql {
class Database;
}

namespace keel::compute {

// One row of the workspace's job history.
struct JobRecord {
    std::int64_t id = 0;
    std::string name;
    std::string kind;
    std::string deviceNeed;
    std::string device;
    int priority = 0;
    std::uint64_t memoryEstimate = 0;
    std::string state;
    double progress = 0.0;
    std::string message;
    std::string error;
    std::int64_t submittedMs = 0;
    std::optional<std::int64_t> startedMs;
    std::optional<std::int64_t> finishedMs;
    std::optional<double> deviceSeconds;
    std::optional<double> costUsd;
    std::optional<double> gpuUtilisationMean;
    std::optional<int> gpuUtilisationPeak;
    std::optional<std::uint64_t> gpuMemoryPeak;
};

// What the jobs that finished on one day cost (the day in local time, "2026-12-02").
struct DayCost {
    std::string day;
    int jobs = 0;
    double deviceSeconds = 0;     // whole-device seconds, CPU cores and GPUs together
    double gpuSeconds = 0;        // of those, on GPUs (and MIG instances)
    double costUsd = 0;
};

// Persists the pool's jobs in the workspace (table `jobs`). Events are queued by the
// observer callback and written by a thread of its own with its own connection, one
// transaction per batch, so a burst of jobs costs the workers nothing.
class JobHistory : public JobObserver {
public:
    explicit JobHistory(const std::filesystem::path &databasePath);
    ~JobHistory() override; // writes what is queued, then stops

    void onJobEvent(const JobEvent &event) override;
    // Blocks until every event received so far is committed.
    void flush();

    // The newest `limit` jobs, newest first.
    static std::vector<JobRecord> list(sql::Database &db, int limit);
    // The cost of the jobs that finished since `sinceMs` (Unix ms), a row per local day with any,
    // newest first; jobs finished before prices existed count with no cost.
    static std::vector<DayCost> costsByDay(sql::Database &db, std::int64_t sinceMs);
    // Jobs left queued or running by a Keel process that no longer exists are marked
    // failed ("interrupted"); returns how many.
    static int markInterrupted(sql::Database &db);

private:
    void writerLoop();
    void write(sql::Database &db, const std::vector<JobEvent> &batch);

    std::filesystem::path m_path;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_written;
    std::vector<JobEvent> m_pending;
    std::uint64_t m_received = 0;
    std::uint64_t m_committed = 0;
    bool m_stop = false;
    std::unordered_map<JobId, std::int64_t> m_rowOf; // writer thread only
    std::thread m_thread;
};

} // namespace keel::compute
