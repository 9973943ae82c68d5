#include "eval/costsummary.h"

#include "eval/evalrun.h"

#include <functional>
#include <map>

namespace keel::eval {

CostSummary costSummary(sql::Database &db, std::int64_t sinceMs)
{
    std::map<std::string, CostDay, std::greater<>> byDay;
    for (const compute::DayCost &d : compute::JobHistory::costsByDay(db, sinceMs)) {
        CostDay &day = byDay[d.day];
        day.day = d.day;
        day.jobs = d;
    }
    for (const auto &[day, usd] : hostedSpendByDay(db, sinceMs)) {
        CostDay &d = byDay[day];
        d.day = day;
        d.hostedUsd = usd;
    }
    CostSummary out;
    for (auto &[key, d] : byDay) {
        out.total.jobs.jobs += d.jobs.jobs;
        out.total.jobs.deviceSeconds += d.jobs.deviceSeconds;
        out.total.jobs.gpuSeconds += d.jobs.gpuSeconds;
        out.total.jobs.costUsd += d.jobs.costUsd;
        out.total.hostedUsd += d.hostedUsd;
        out.days.push_back(std::move(d));
    }
    out.experiments = tracking::costsByExperiment(db);
    return out;
}

} // namespace keel::eval
