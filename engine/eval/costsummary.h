// What a workspace cost: per day, its jobs' device time and the hosted APIs its evals paid; per
// experiment, the cost its runs logged. `keel costs` prints it; the Devices dock's Costs tab shows it.
#pragma once

#include "compute/jobhistory.h"
#include "tracking/trackingstore.h"

#include <cstdint>
#include <string>
#include <vector>

namespace keel::sql {
class Database;
}

namespace keel::eval {

struct CostDay {
    std::string day;            // local time, "2026-12-02"; empty for the total
    compute::DayCost jobs;      // device time of the jobs that finished that day, at their prices
    double hostedUsd = 0;       // what hosted APIs were paid that day (Keel's own models are jobs)
    double totalUsd() const { return jobs.costUsd + hostedUsd; }
};

struct CostSummary {
    std::vector<CostDay> days;                          // newest first, a row per day with either
    CostDay total;                                      // the days together
    std::vector<tracking::ExperimentCost> experiments;  // the most expensive first
};

// The days since `sinceMs` (Unix ms); experiments over all time.
CostSummary costSummary(sql::Database &db, std::int64_t sinceMs);

} // namespace keel::eval
