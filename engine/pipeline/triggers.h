#pragma once

#include "pipeline/executor.h"
#include "pipeline/graph.h"

#include <array>
#include <bitset>
#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::pipeline {

// A cron expression as cron(8) reads one: minute hour day-of-month month day-of-week, each *,
// a value, a range a-b, a step */n or a-b/n, or a list of those; months and days by number or
// by their three-letter English names; Sunday is 0 or 7. When both day fields are restricted a
// day matches either (Vixie cron's rule). Throws keel::Error naming the field otherwise.
class CronSchedule {
public:
    static CronSchedule parse(const std::string &expression);
    bool matches(const std::tm &localTime) const;
    // The first minute after `afterMs` (local time) that matches; nullopt when none within 5 years.
    std::optional<std::int64_t> next(std::int64_t afterMs) const;
    const std::string &expression() const { return m_expression; }

private:
    std::string m_expression;
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_days;
    std::bitset<13> m_months;
    std::bitset<7> m_weekdays;
    bool m_anyDay = true, m_anyWeekday = true;
};

struct TriggerEvent {
    std::string kind;   // schedule, files, drift
    std::string reason; // what fired it, for the run's record and the registry's history
};

// Watches a pipeline's triggers between polls (continuous training):
//   schedule: CRON   fires when a matching minute has passed since the last poll;
//   files: FOLDER    fires when files appear in (or change in) the folder after the first poll;
//   drift: NODE      runs the Drift check node and what it depends on (through the cache, so
//                    unchanged inputs cost a hash each) and fires when it reports dataset drift
//                    on inputs it has not fired for yet.
class TriggerWatcher {
public:
    // `options` as runs get them (workspace, pool, base folder, file); triggers are checked.
    TriggerWatcher(Graph graph, RunOptions options);
    std::vector<TriggerEvent> poll(std::int64_t nowMs);
    // When the schedule fires next, for a status line.
    std::optional<std::int64_t> nextScheduled(std::int64_t nowMs) const;

private:
    Graph m_graph;
    RunOptions m_options;
    std::vector<std::pair<Trigger, CronSchedule>> m_schedules;
    std::int64_t m_lastPoll = 0;
    std::map<std::string, std::map<std::string, std::string>> m_folders; // folder → file → size:mtime
    std::map<std::string, std::string> m_firedFor;                      // drift node → the cache key it fired for
};

} // namespace keel::pipeline
