// A worker pool for a command whose jobs go into the workspace's job history, as the app's do,
// so that `keel jobs` and `keel costs` count what the command line ran too.
#pragma once

#include "compute/jobhistory.h"
#include "compute/workerpool.h"

#include <filesystem>

namespace keel::cli {

class RecordedPool {
public:
    RecordedPool(const compute::PoolOptions &options, const std::filesystem::path &databasePath);
    ~RecordedPool(); // writes out what is queued and stops recording

    compute::WorkerPool &pool() { return m_pool; }
    // Runs one job and returns when it has ended and is recorded. What its work throws comes out
    // here, as if the work had been called directly (its kind and message intact).
    compute::JobInfo run(compute::JobSpec spec);
    // Blocks until every job event so far is written.
    void flush() { m_history.flush(); }

private:
    compute::WorkerPool m_pool;
    compute::JobHistory m_history;
};

} // namespace keel::cli
