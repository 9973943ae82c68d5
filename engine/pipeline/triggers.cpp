#include "pipeline/triggers.h"

#include "core/error.h"
#include "pipeline/noderegistry.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace keel::pipeline {

namespace {

int valueOf(const std::string &text, const std::vector<std::string> &names, int base, const std::string &field, const std::string &expression)
{
    std::string lower;
    for (char c : text)
        lower.push_back(char(std::tolower(static_cast<unsigned char>(c))));
    for (std::size_t i = 0; i < names.size(); ++i)
        if (lower == names[i])
            return int(i) + base;
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        throwError(ErrorKind::BadInput, "cron \"" + expression + "\": " + field + " \"" + text + "\" is not a number");
    return std::stoi(text);
}

// Sets the bits a field allows; returns whether it was "*".
template<std::size_t N>
bool parseField(const std::string &text, int lo, int hi, std::bitset<N> &bits, const std::vector<std::string> &names, int nameBase,
                const std::string &field, const std::string &expression)
{
    std::stringstream parts(text);
    std::string part;
    while (std::getline(parts, part, ',')) {
        int step = 1;
        if (const auto slash = part.find('/'); slash != std::string::npos) {
            step = valueOf(part.substr(slash + 1), {}, 0, field + " step", expression);
            part = part.substr(0, slash);
            if (step < 1)
                throwError(ErrorKind::BadInput, "cron \"" + expression + "\": the " + field + " step must be at least 1");
        }
        int from = lo, to = hi;
        if (part != "*") {
            const auto dash = part.find('-');
            from = valueOf(part.substr(0, dash), names, nameBase, field, expression);
            to = dash == std::string::npos ? (step > 1 ? hi : from) : valueOf(part.substr(dash + 1), names, nameBase, field, expression);
        }
        if (from < lo || to > hi || from > to)
            throwError(ErrorKind::BadInput, "cron \"" + expression + "\": " + field + " \"" + part + "\" is outside " + std::to_string(lo) +
                                                "-" + std::to_string(hi));
        for (int v = from; v <= to; v += step)
            bits.set(std::size_t(v));
    }
    return text == "*";
}

} // namespace

CronSchedule CronSchedule::parse(const std::string &expression)
{
    std::stringstream in(expression);
    std::vector<std::string> f;
    for (std::string w; in >> w;)
        f.push_back(w);
    if (f.size() != 5)
        throwError(ErrorKind::BadInput, "cron \"" + expression + "\": expected five fields (minute hour day-of-month month day-of-week), found " +
                                            std::to_string(f.size()));
    CronSchedule s;
    s.m_expression = expression;
    parseField(f[0], 0, 59, s.m_minutes, {}, 0, "minute", expression);
    parseField(f[1], 0, 23, s.m_hours, {}, 0, "hour", expression);
    s.m_anyDay = parseField(f[2], 1, 31, s.m_days, {}, 0, "day of month", expression);
    parseField(f[3], 1, 12, s.m_months, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}, 1, "month", expression);
    std::bitset<8> weekdays;
    s.m_anyWeekday = parseField(f[4], 0, 7, weekdays, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}, 0, "day of week", expression);
    for (int d = 0; d < 7; ++d)
        s.m_weekdays[std::size_t(d)] = weekdays[std::size_t(d)] || (d == 0 && weekdays[7]);
    return s;
}

bool CronSchedule::matches(const std::tm &t) const
{
    if (!m_minutes[std::size_t(t.tm_min)] || !m_hours[std::size_t(t.tm_hour)] || !m_months[std::size_t(t.tm_mon + 1)])
        return false;
    const bool day = m_days[std::size_t(t.tm_mday)], weekday = m_weekdays[std::size_t(t.tm_wday)];
    if (m_anyDay && m_anyWeekday)
        return true;
    if (m_anyDay)
        return weekday;
    if (m_anyWeekday)
        return day;
    return day || weekday;
}

std::optional<std::int64_t> CronSchedule::next(std::int64_t afterMs) const
{
    std::int64_t minute = afterMs / 60000 + 1;
    for (int i = 0; i < 5 * 366 * 24 * 60; ++i, ++minute) {
        const std::time_t at = std::time_t(minute * 60);
        std::tm local{};
        localtime_r(&at, &local);
        if (matches(local))
            return minute * 60000;
    }
    return std::nullopt;
}

TriggerWatcher::TriggerWatcher(Graph graph, RunOptions options)
    : m_graph(std::move(graph))
    , m_options(std::move(options))
{
    for (const Trigger &t : m_graph.triggers) {
        if (t.kind == "schedule")
            m_schedules.emplace_back(t, CronSchedule::parse(t.value));
        else if (t.kind == "drift") {
            const Node *n = m_graph.node(t.value);
            if (!n || n->type != "drift-check")
                throwError(ErrorKind::BadInput, "trigger drift: \"" + t.value + "\" is not a Drift check node of this pipeline");
        }
    }
}

std::optional<std::int64_t> TriggerWatcher::nextScheduled(std::int64_t nowMs) const
{
    std::optional<std::int64_t> best;
    for (const auto &[t, cron] : m_schedules)
        if (const auto n = cron.next(nowMs); n && (!best || *n < *best))
            best = n;
    return best;
}

std::vector<TriggerEvent> TriggerWatcher::poll(std::int64_t nowMs)
{
    std::vector<TriggerEvent> events;
    const bool first = m_lastPoll == 0;
    // Schedules: every minute boundary since the last poll.
    if (!first) {
        for (const auto &[t, cron] : m_schedules) {
            for (std::int64_t minute = m_lastPoll / 60000 + 1; minute <= nowMs / 60000; ++minute) {
                const std::time_t at = std::time_t(minute * 60);
                std::tm local{};
                localtime_r(&at, &local);
                if (cron.matches(local)) {
                    char when[32];
                    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &local);
                    events.push_back({"schedule", "schedule " + t.value + " at " + when});
                    break;
                }
            }
        }
    }
    m_lastPoll = nowMs;
    // Folders: files that are new or changed since the last look.
    for (const Trigger &t : m_graph.triggers) {
        if (t.kind != "files")
            continue;
        std::filesystem::path folder = t.value;
        if (folder.is_relative())
            folder = m_options.baseDir / folder;
        std::map<std::string, std::string> seen;
        std::error_code ec;
        for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.is_regular_file())
                seen[entry.path().filename().string()] =
                    std::to_string(entry.file_size()) + ":" + std::to_string(entry.last_write_time().time_since_epoch().count());
        auto &before = m_folders[folder.string()];
        std::vector<std::string> changed;
        for (const auto &[name, stamp] : seen)
            if (!before.count(name) || before.at(name) != stamp)
                changed.push_back(name);
        if (!first && !changed.empty()) {
            std::string list;
            for (const std::string &c : changed)
                list += (list.empty() ? "" : ", ") + c;
            events.push_back({"files", "new or changed in " + t.value + ": " + list});
        }
        before = std::move(seen);
    }
    // Drift: the check and what it depends on, as a pipeline of their own.
    for (const Trigger &t : m_graph.triggers) {
        if (t.kind != "drift")
            continue;
        std::set<std::string> keep{t.value};
        for (bool grew = true; grew;) {
            grew = false;
            for (const Link &l : m_graph.links)
                if (keep.count(l.toNode) && keep.insert(l.fromNode).second)
                    grew = true;
        }
        Graph probe;
        probe.name = m_graph.name;
        for (const Node &n : m_graph.nodes)
            if (keep.count(n.id))
                probe.nodes.push_back(n);
        for (const Link &l : m_graph.links)
            if (keep.count(l.fromNode) && keep.count(l.toNode))
                probe.links.push_back(l);
        RunOptions options = m_options;
        options.workspace = nullptr; // a probe is not a run: nothing recorded, nothing cached
        options.onChange = {};
        options.useCache = false;
        const RunResult r = runPipeline(probe, NodeRegistry::builtin(), options);
        const NodeStatus &check = r.nodes.at(t.value);
        if (check.state != NodeState::Succeeded)
            continue; // its inputs are not there (yet): nothing to judge
        const Metrics &m = r.outputs.at(t.value).at("metrics").metrics;
        // What the check looked at: its inputs' digests.
        std::string inputs;
        for (const Link &l : m_graph.links)
            if (l.toNode == t.value)
                inputs += r.outputs.at(l.fromNode).at(l.fromPort).sha256;
        if (m.at("dataset_drift") > 0 && m_firedFor[t.value] != inputs) {
            m_firedFor[t.value] = inputs;
            events.push_back({"drift", t.value + ": " + (check.log.empty() ? std::string("dataset drift") : check.log.back())});
        }
    }
    return events;
}

} // namespace keel::pipeline
