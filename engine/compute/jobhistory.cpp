#include "compute/jobhistory.h"

#include "core/log.h"
#include "store/database.h"
#include "store/workspace.h"

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace keel::compute {

JobHistory::JobHistory(const std::filesystem::path &databasePath)
    : m_path(databasePath)
{
    {
        sql::Database db = store::openWorkspaceConnection(m_path);
        markInterrupted(db);
    }
    m_thread = std::thread([this] { writerLoop(); });
}

JobHistory::~JobHistory()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void JobHistory::onJobEvent(const JobEvent &event)
{
    if (event.type == JobEventType::Progress)
        return; // the final state carries the last message; progress ticks are not history
    {
        std::lock_guard lock(m_mutex);
        m_pending.push_back(event);
        ++m_received;
    }
    m_wake.notify_one();
}

void JobHistory::flush()
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t target = m_received;
    m_wake.notify_one();
    m_written.wait(lock, [&] { return m_committed >= target || m_stop; });
}

void JobHistory::writerLoop()
{
    std::optional<sql::Database> db;
    try {
        db.emplace(store::openWorkspaceConnection(m_path));
    } catch (const std::exception &e) {
        log::error("job history is off: " + std::string(e.what()));
    }
    for (;;) {
        std::vector<JobEvent> batch;
        bool stopping = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || !m_pending.empty(); });
            batch.swap(m_pending);
            stopping = m_stop;
        }
        if (db && !batch.empty()) {
            try {
                write(*db, batch);
            } catch (const std::exception &e) {
                log::warning("could not record " + std::to_string(batch.size()) + " job events: " + e.what());
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_committed += batch.size();
        }
        m_written.notify_all();
        if (stopping) {
            std::lock_guard lock(m_mutex);
            if (m_pending.empty())
                return;
        }
    }
}

void JobHistory::write(sql::Database &db, const std::vector<JobEvent> &batch)
{
    sql::Transaction tx(db);
    const std::int64_t pid = ::getpid();
    for (const JobEvent &event : batch) {
        const JobInfo &j = event.info;
        switch (event.type) {
        case JobEventType::Submitted: {
            auto &st = db.cached("INSERT INTO jobs (name, kind, device_need, priority, memory_estimate, state, "
                                 "submitted_at, owner_pid) VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7)");
            st.bindAll(j.name, j.kind, toString(j.need), j.priority, static_cast<std::int64_t>(j.memoryEstimate),
                       j.submittedMs, pid)
                .run();
            m_rowOf[j.id] = db.lastInsertRowId();
            break;
        }
        case JobEventType::Started: {
            auto it = m_rowOf.find(j.id);
            if (it == m_rowOf.end())
                break;
            auto &st = db.cached("UPDATE jobs SET state = 'running', device = ?2, started_at = ?3 WHERE id = ?1");
            st.bindAll(it->second, j.device ? j.device->toString() : std::string("cpu"), j.startedMs).run();
            break;
        }
        case JobEventType::Finished: {
            auto it = m_rowOf.find(j.id);
            if (it == m_rowOf.end())
                break;
            auto &st = db.cached("UPDATE jobs SET state = ?2, device = ?3, progress = ?4, message = ?5, error = ?6, "
                                 "started_at = ?7, finished_at = ?8, device_seconds = ?9, cost_usd = ?10, "
                                 "gpu_utilisation_mean = ?11, gpu_utilisation_peak = ?12, gpu_memory_peak = ?13 WHERE id = ?1");
            st.bind(1, it->second).bind(2, toString(j.state));
            if (j.device)
                st.bind(3, j.device->toString());
            else
                st.bind(3, nullptr);
            st.bind(4, j.progress).bind(5, j.message);
            if (j.error.empty())
                st.bind(6, nullptr);
            else
                st.bind(6, j.error);
            if (j.startedMs)
                st.bind(7, j.startedMs);
            else
                st.bind(7, nullptr);
            st.bind(8, j.finishedMs);
            if (j.startedMs)
                st.bind(9, j.deviceSeconds);
            else
                st.bind(9, nullptr);
            if (j.startedMs && j.costUsd >= 0)
                st.bind(10, j.costUsd);
            else
                st.bind(10, nullptr);
            if (j.usage && j.usage->meanUtilisationPercent >= 0)
                st.bind(11, j.usage->meanUtilisationPercent).bind(12, j.usage->peakUtilisationPercent);
            else
                st.bind(11, nullptr).bind(12, nullptr);
            if (j.usage)
                st.bind(13, static_cast<std::int64_t>(j.usage->peakMemoryUsed));
            else
                st.bind(13, nullptr);
            st.run();
            m_rowOf.erase(it);
            break;
        }
        case JobEventType::Progress:
            break;
        }
    }
    tx.commit();
}

std::vector<JobRecord> JobHistory::list(sql::Database &db, int limit)
{
    auto st = db.prepare("SELECT id, name, kind, device_need, COALESCE(device, ''), priority, memory_estimate, state, "
                         "progress, message, COALESCE(error, ''), submitted_at, started_at, finished_at, "
                         "device_seconds, cost_usd, gpu_utilisation_mean, gpu_utilisation_peak, gpu_memory_peak "
                         "FROM jobs ORDER BY id DESC LIMIT ?1");
    st.bind(1, limit);
    std::vector<JobRecord> out;
    while (st.step()) {
        JobRecord r;
        r.id = st.int64(0);
        r.name = st.text(1);
        r.kind = st.text(2);
        r.deviceNeed = st.text(3);
        r.device = st.text(4);
        r.priority = static_cast<int>(st.int64(5));
        r.memoryEstimate = static_cast<std::uint64_t>(st.int64(6));
        r.state = st.text(7);
        r.progress = st.real(8);
        r.message = st.text(9);
        r.error = st.text(10);
        r.submittedMs = st.int64(11);
        r.startedMs = st.optionalInt64(12);
        r.finishedMs = st.optionalInt64(13);
        r.deviceSeconds = st.optionalReal(14);
        r.costUsd = st.optionalReal(15);
        r.gpuUtilisationMean = st.optionalReal(16);
        if (const auto peak = st.optionalInt64(17))
            r.gpuUtilisationPeak = static_cast<int>(*peak);
        if (const auto peak = st.optionalInt64(18))
            r.gpuMemoryPeak = static_cast<std::uint64_t>(*peak);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<DayCost> JobHistory::costsByDay(sql::Database &db, std::int64_t sinceMs)
{
    auto st = db.prepare("SELECT date(finished_at / 1000, 'unixepoch', 'localtime') AS day, count(*), "
                         "COALESCE(SUM(device_seconds), 0), "
                         "COALESCE(SUM(CASE WHEN device LIKE 'cuda%' THEN device_seconds END), 0), COALESCE(SUM(cost_usd), 0) "
                         "FROM jobs WHERE finished_at IS NOT NULL AND finished_at >= ?1 GROUP BY day ORDER BY day DESC");
    st.bind(1, sinceMs);
    std::vector<DayCost> out;
    while (st.step())
        out.push_back({st.text(0), static_cast<int>(st.int64(1)), st.real(2), st.real(3), st.real(4)});
    return out;
}

int JobHistory::markInterrupted(sql::Database &db)
{
    auto owners = db.prepare("SELECT DISTINCT owner_pid FROM jobs WHERE state IN ('queued', 'running')");
    std::vector<std::int64_t> gone;
    while (owners.step()) {
        const auto pid = owners.int64(0);
        // kill(pid, 0) probes without signalling: ESRCH means no such process.
        if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH))
            gone.push_back(pid);
    }
    int changed = 0;
    if (gone.empty())
        return 0;
    sql::Transaction tx(db);
    auto &st = db.cached("UPDATE jobs SET state = 'failed', error = 'interrupted: Keel stopped before this job "
                         "finished' WHERE state IN ('queued', 'running') AND owner_pid = ?1");
    for (auto pid : gone) {
        st.bind(1, pid).run();
        changed += db.changes();
    }
    tx.commit();
    return changed;
}

} // namespace keel::compute
