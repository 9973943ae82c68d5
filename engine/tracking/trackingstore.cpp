#include "tracking/trackingstore.h"

#include "tracking/downsample.h"

#include "core/clock.h"
#include "core/error.h"
#include "store/artifactstore.h"
#include "store/database.h"
#include "tracking/downsample.h"
#include "tracking/runsearch.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <cmath>
#include <random>

namespace keel::tracking {
namespace {

std::string hex(std::uint64_t v, int digits)
{
    static constexpr char h[] = "0123456789abcdef";
    std::string s(digits, '0');
    for (int i = digits - 1; i >= 0; --i, v >>= 4)
        s[i] = h[v & 0xf];
    return s;
}

Experiment readExperiment(sql::Statement &st)
{
    Experiment e;
    e.id = st.int64(0);
    e.name = st.text(1);
    e.artifactLocation = st.text(2);
    e.lifecycleStage = st.text(3);
    e.createdAt = st.int64(4);
    e.updatedAt = st.int64(5);
    e.source = st.text(6);
    e.sourceId = st.text(7);
    return e;
}

constexpr const char *kExperimentColumns =
    "SELECT id, name, artifact_location, lifecycle_stage, created_at, updated_at, source, COALESCE(source_id, '') "
    "FROM experiments ";

} // namespace

std::string newRunUuid()
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return hex(rng(), 16) + hex(rng(), 16);
}

std::vector<ExperimentCost> costsByExperiment(sql::Database &db)
{
    // metric_series_by_key_value finds the two keys' series without reading the others.
    auto st = db.prepare("SELECT e.id, e.name, count(CASE WHEN m.key = 'cost_usd' THEN 1 END), "
                         "COALESCE(SUM(CASE WHEN m.key = 'cost_usd' THEN m.latest_value END), 0), "
                         "COALESCE(SUM(CASE WHEN m.key = 'gpu_seconds' THEN m.latest_value END), 0) "
                         "FROM metric_series m JOIN runs r ON r.id = m.run_id JOIN experiments e ON e.id = r.experiment_id "
                         "WHERE m.key IN ('cost_usd', 'gpu_seconds') AND m.latest_is_nan = 0 "
                         "AND r.lifecycle_stage = 'active' AND e.lifecycle_stage = 'active' "
                         "GROUP BY e.id HAVING count(CASE WHEN m.key = 'cost_usd' THEN 1 END) > 0 ORDER BY 4 DESC, e.name");
    std::vector<ExperimentCost> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), static_cast<int>(st.int64(2)), st.real(3), st.real(4)});
    return out;
}

TrackingStore::TrackingStore(sql::Database &db, store::ArtifactStore *artifacts)
    : m_db(db)
    , m_artifacts(artifacts)
{
}

namespace {

// Copies every file under `folder` into the artifact store and records it in `table` for the
// owner (replacing what the owner had there): runs' and logged models' artifacts alike.
int copyFolderArtifacts(sql::Database &db, store::ArtifactStore &artifacts, const std::string &table, const char *ownerColumn, std::int64_t owner,
                        const std::filesystem::path &folder)
{
    db.cached("DELETE FROM " + table + " WHERE " + ownerColumn + " = ?1").bind(1, owner).run();
    auto &insert = db.cached("INSERT INTO " + table + " (" + ownerColumn + ", path, sha256, size) VALUES (?1, ?2, ?3, ?4)");
    int files = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(folder, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file())
            continue;
        const std::string hash = artifacts.putFile(it->path());
        insert.bindAll(owner, std::filesystem::relative(it->path(), folder).generic_string(), hash, static_cast<std::int64_t>(it->file_size())).run();
        ++files;
    }
    return files;
}

} // namespace

int TrackingStore::importRunArtifacts(std::int64_t runId, const std::filesystem::path &folder)
{
    return m_artifacts ? copyFolderArtifacts(m_db, *m_artifacts, "run_artifacts", "run_id", runId, folder) : 0;
}

std::int64_t TrackingStore::upsertImportedLoggedModel(const LoggedModel &m)
{
    m_db.cached("INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, created_at, updated_at, status, status_message, "
                "lifecycle_stage, model_type, source_run_uuid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                "ON CONFLICT(model_id) DO UPDATE SET experiment_id = excluded.experiment_id, name = excluded.name, "
                "artifact_location = excluded.artifact_location, created_at = excluded.created_at, updated_at = excluded.updated_at, "
                "status = excluded.status, status_message = excluded.status_message, lifecycle_stage = excluded.lifecycle_stage, "
                "model_type = excluded.model_type, source_run_uuid = excluded.source_run_uuid")
        .bindAll(m.modelId, m.experimentId, m.name, m.artifactLocation, m.createdAt, m.updatedAt, m.status, m.statusMessage,
                 m.lifecycleStage == "deleted" ? "deleted" : "active", m.modelType, m.sourceRunUuid)
        .run();
    auto &idOf = m_db.cached("SELECT id FROM logged_models WHERE model_id = ?1");
    idOf.reset();
    idOf.bind(1, m.modelId);
    idOf.step();
    const std::int64_t id = idOf.int64(0);
    idOf.reset();
    for (const char *table : {"logged_model_params", "logged_model_tags", "logged_model_metrics"})
        m_db.cached(std::string("DELETE FROM ") + table + " WHERE logged_model_id = ?1").bind(1, id).run();
    auto &param = m_db.cached("INSERT INTO logged_model_params (logged_model_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto &[k, v] : m.params)
        param.bindAll(id, k, v).run();
    auto &tag = m_db.cached("INSERT INTO logged_model_tags (logged_model_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto &[k, v] : m.tags)
        tag.bindAll(id, k, v).run();
    auto &metric = m_db.cached("INSERT INTO logged_model_metrics (logged_model_id, key, value, step, timestamp, run_uuid, dataset_name, "
                               "dataset_digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (const LoggedModelMetric &x : m.metrics) {
        metric.bind(1, id).bind(2, x.key);
        if (std::isnan(x.value))
            metric.bind(3, nullptr);
        else
            metric.bind(3, x.value);
        metric.bind(4, x.step).bind(5, x.timestamp).bind(6, x.runUuid).bind(7, x.datasetName).bind(8, x.datasetDigest).run();
    }
    return id;
}

int TrackingStore::importLoggedModelArtifacts(std::int64_t loggedModelId, const std::filesystem::path &folder)
{
    return m_artifacts ? copyFolderArtifacts(m_db, *m_artifacts, "logged_model_artifacts", "logged_model_id", loggedModelId, folder) : 0;
}

std::vector<LoggedModel> TrackingStore::loggedModels(std::optional<std::int64_t> experimentId)
{
    std::vector<LoggedModel> out;
    auto st = m_db.prepare("SELECT m.id, m.model_id, m.experiment_id, COALESCE(e.source_id, CAST(e.id AS TEXT)), m.name, m.artifact_location, "
                           "m.created_at, m.updated_at, m.status, m.status_message, m.lifecycle_stage, m.model_type, m.source_run_uuid "
                           "FROM logged_models m JOIN experiments e ON e.id = m.experiment_id WHERE ?1 IS NULL OR m.experiment_id = ?1 "
                           "ORDER BY m.created_at DESC, m.model_id");
    st.bind(1, experimentId);
    while (st.step()) {
        LoggedModel m;
        m.id = st.int64(0);
        m.modelId = st.text(1);
        m.experimentId = st.int64(2);
        m.experimentSourceId = st.text(3);
        m.name = st.text(4);
        m.artifactLocation = st.text(5);
        m.createdAt = st.int64(6);
        m.updatedAt = st.int64(7);
        m.status = st.text(8);
        m.statusMessage = st.text(9);
        m.lifecycleStage = st.text(10);
        m.modelType = st.text(11);
        m.sourceRunUuid = st.text(12);
        out.push_back(std::move(m));
    }
    for (LoggedModel &m : out) {
        auto kv = [&](const char *table, std::map<std::string, std::string> &into) {
            auto q = m_db.prepare(std::string("SELECT key, value FROM ") + table + " WHERE logged_model_id = ?1");
            q.bind(1, m.id);
            while (q.step())
                into[q.text(0)] = q.text(1);
        };
        kv("logged_model_params", m.params);
        kv("logged_model_tags", m.tags);
        auto q = m_db.prepare("SELECT key, value, step, timestamp, run_uuid, dataset_name, dataset_digest FROM logged_model_metrics "
                              "WHERE logged_model_id = ?1 ORDER BY key, timestamp, step");
        q.bind(1, m.id);
        while (q.step())
            m.metrics.push_back({q.text(0), q.isNull(1) ? std::nan("") : q.real(1), q.int64(2), q.int64(3), q.text(4), q.text(5), q.text(6)});
    }
    return out;
}

std::optional<LoggedModel> TrackingStore::loggedModel(const std::string &modelId)
{
    for (LoggedModel &m : loggedModels())
        if (m.modelId == modelId)
            return std::move(m);
    return std::nullopt;
}

std::vector<LoggedModelArtifact> TrackingStore::loggedModelArtifacts(std::int64_t loggedModelId)
{
    std::vector<LoggedModelArtifact> out;
    auto q = m_db.prepare("SELECT path, sha256, size FROM logged_model_artifacts WHERE logged_model_id = ?1 ORDER BY path");
    q.bind(1, loggedModelId);
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.int64(2)});
    return out;
}

std::int64_t TrackingStore::createExperiment(const std::string &name, const std::map<std::string, std::string> &tags,
                                             const std::string &artifactLocation)
{
    if (name.empty())
        throwError(ErrorKind::BadInput, "an experiment needs a name");
    if (experimentByName(name))
        throwError(ErrorKind::Conflict, "an experiment named \"" + name + "\" already exists");
    sql::Transaction tx(m_db);
    const std::int64_t now = nowMs();
    m_db.cached("INSERT INTO experiments (name, artifact_location, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)")
        .bindAll(name, artifactLocation, now)
        .run();
    const std::int64_t id = m_db.lastInsertRowId();
    auto &tag = m_db.cached("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto &[k, v] : tags)
        tag.bindAll(id, k, v).run();
    tx.commit();
    return id;
}

std::optional<Experiment> TrackingStore::experiment(std::int64_t id)
{
    auto st = m_db.prepare(std::string(kExperimentColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    Experiment e = readExperiment(st);
    auto tags = m_db.prepare("SELECT key, value FROM experiment_tags WHERE experiment_id = ?1");
    tags.bind(1, id);
    while (tags.step())
        e.tags[tags.text(0)] = tags.text(1);
    return e;
}

std::optional<Experiment> TrackingStore::experimentByName(const std::string &name, const std::string &source)
{
    auto st = m_db.prepare("SELECT id FROM experiments WHERE name = ?1 AND source = ?2");
    st.bindAll(name, source);
    if (!st.step())
        return std::nullopt;
    return experiment(st.int64(0));
}

std::vector<Experiment> TrackingStore::experiments(bool includeDeleted)
{
    auto st = m_db.prepare(std::string(kExperimentColumns) +
                           (includeDeleted ? "ORDER BY id" : "WHERE lifecycle_stage = 'active' ORDER BY id"));
    std::vector<Experiment> out;
    while (st.step())
        out.push_back(readExperiment(st));
    auto tags = m_db.prepare("SELECT experiment_id, key, value FROM experiment_tags");
    while (tags.step()) {
        const auto id = tags.int64(0);
        auto it = std::find_if(out.begin(), out.end(), [id](const Experiment &e) { return e.id == id; });
        if (it != out.end())
            it->tags[tags.text(1)] = tags.text(2);
    }
    return out;
}

std::string TrackingStore::createRun(std::int64_t experimentId, const std::string &name, std::optional<std::int64_t> startTime,
                                     const std::string &userId, const std::optional<std::string> &parentUuid)
{
    if (!experiment(experimentId))
        throwError(ErrorKind::NotFound, "no experiment with id " + std::to_string(experimentId));
    const std::string uuid = newRunUuid();
    m_db.cached("INSERT INTO runs (uuid, experiment_id, name, status, start_time, user_id, parent_uuid) "
                "VALUES (?1, ?2, ?3, 'RUNNING', ?4, ?5, ?6)")
        .bindAll(uuid, experimentId, name, startTime.value_or(nowMs()), userId, parentUuid)
        .run();
    return uuid;
}

std::int64_t TrackingStore::runIdOf(const std::string &runUuid)
{
    auto &st = m_db.cached("SELECT id FROM runs WHERE uuid = ?1");
    st.bind(1, runUuid);
    if (!st.step())
        throwError(ErrorKind::NotFound, "no run with id " + runUuid);
    const auto id = st.int64(0);
    st.reset();
    return id;
}

std::int64_t TrackingStore::seriesId(std::int64_t runId, const std::string &key)
{
    auto &find = m_db.cached("SELECT id FROM metric_series WHERE run_id = ?1 AND key = ?2");
    find.bindAll(runId, key);
    if (find.step()) {
        const auto id = find.int64(0);
        find.reset();
        return id;
    }
    find.reset();
    m_db.cached("INSERT INTO metric_series (run_id, key) VALUES (?1, ?2)").bindAll(runId, key).run();
    return m_db.lastInsertRowId();
}

namespace {
// MLflow's order for "latest": step, then timestamp, then value (a NaN counts as its stored 0).
bool laterThan(const MetricPoint &a, const MetricPoint &b)
{
    const double va = std::isnan(a.value) ? 0.0 : a.value;
    const double vb = std::isnan(b.value) ? 0.0 : b.value;
    return std::tie(a.step, a.timestamp, va) > std::tie(b.step, b.timestamp, vb);
}

// The step widths of the stored overview levels (metric_buckets, migration 13).
constexpr std::array<std::int64_t, 6> kBucketWidths{64, 512, 4096, 32768, 262144, 2097152};

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return (a - ((a % b) + b) % b) / b;
}
} // namespace

void TrackingStore::updateBuckets(std::int64_t series, std::span<const MetricPoint> points)
{
    struct Bucket {
        std::int64_t index;
        MetricPoint lo, hi;
    };
    // Up to kRows buckets per statement (running statements is what costs); SET expressions
    // read the stored row's values, so each column compares with the old one.
    constexpr std::size_t kRows = 16;
    static const std::array<std::string, kRows + 1> upserts = [] {
        std::array<std::string, kRows + 1> sql;
        for (std::size_t n = 1; n <= kRows; ++n) {
            sql[n] = "INSERT INTO metric_buckets (series_id, width, bucket, lo_step, lo_timestamp, lo_value, hi_step, hi_timestamp, hi_value) VALUES ";
            for (std::size_t r = 0; r < n; ++r) {
                sql[n] += r ? ",(" : "(";
                for (std::size_t c = 0; c < 9; ++c)
                    sql[n] += (c ? ",?" : "?") + std::to_string(9 * r + c + 1);
                sql[n] += ")";
            }
            sql[n] += " ON CONFLICT (series_id, width, bucket) DO UPDATE SET "
                      "lo_step = CASE WHEN excluded.lo_value < lo_value THEN excluded.lo_step ELSE lo_step END, "
                      "lo_timestamp = CASE WHEN excluded.lo_value < lo_value THEN excluded.lo_timestamp ELSE lo_timestamp END, "
                      "lo_value = min(lo_value, excluded.lo_value), "
                      "hi_step = CASE WHEN excluded.hi_value > hi_value THEN excluded.hi_step ELSE hi_step END, "
                      "hi_timestamp = CASE WHEN excluded.hi_value > hi_value THEN excluded.hi_timestamp ELSE hi_timestamp END, "
                      "hi_value = max(hi_value, excluded.hi_value)";
        }
        return sql;
    }();
    struct Row {
        std::int64_t width;
        Bucket bucket;
    };
    std::vector<Row> rows;
    std::vector<Bucket> buckets;
    for (const std::int64_t width : kBucketWidths) {
        buckets.clear();
        bool sorted = true;
        for (const MetricPoint &p : points) {
            if (std::isnan(p.value))
                continue;
            const std::int64_t b = floorDiv(p.step, width);
            if (!buckets.empty() && buckets.back().index == b) {
                Bucket &last = buckets.back();
                if (p.value < last.lo.value)
                    last.lo = p;
                if (p.value > last.hi.value)
                    last.hi = p;
                continue;
            }
            sorted = sorted && (buckets.empty() || buckets.back().index < b);
            buckets.push_back({b, p, p});
        }
        if (!sorted) { // points logged out of step order: one row per bucket all the same
            std::stable_sort(buckets.begin(), buckets.end(), [](const Bucket &a, const Bucket &b) { return a.index < b.index; });
            std::vector<Bucket> merged;
            for (const Bucket &b : buckets) {
                if (!merged.empty() && merged.back().index == b.index) {
                    if (b.lo.value < merged.back().lo.value)
                        merged.back().lo = b.lo;
                    if (b.hi.value > merged.back().hi.value)
                        merged.back().hi = b.hi;
                } else {
                    merged.push_back(b);
                }
            }
            buckets.swap(merged);
        }
        for (const Bucket &b : buckets)
            rows.push_back({width, b});
    }
    for (std::size_t at = 0; at < rows.size(); at += kRows) {
        const std::size_t n = std::min(kRows, rows.size() - at);
        auto &upsert = m_db.cached(upserts[n]);
        for (std::size_t r = 0; r < n; ++r) {
            const Row &row = rows[at + r];
            const int first = int(9 * r + 1);
            upsert.bind(first, series).bind(first + 1, row.width).bind(first + 2, row.bucket.index);
            upsert.bind(first + 3, row.bucket.lo.step).bind(first + 4, row.bucket.lo.timestamp).bind(first + 5, row.bucket.lo.value);
            upsert.bind(first + 6, row.bucket.hi.step).bind(first + 7, row.bucket.hi.timestamp).bind(first + 8, row.bucket.hi.value);
        }
        upsert.run();
    }
}

void TrackingStore::appendPoints(std::int64_t runId, const std::string &key, std::span<const MetricPoint> points)
{
    if (key.empty())
        throwError(ErrorKind::BadInput, "a metric needs a key");
    if (points.empty())
        return;
    const std::int64_t series = seriesId(runId, key);
    // Many rows per statement: SQLite's cost here is running a statement, not storing a row
    // (1,000,000 points took 1.23 s one row at a time, 0.6 s in statements of 64). What is left
    // after the statements of 64 goes in statements of 32, 16, ... 1 rows, so a batch of 100 points
    // of a key runs 3 statements, not 37.
    constexpr std::size_t kRows = 64, kSizes = 7; // 64, 32, ... 1 rows
    static const std::array<std::string, kSizes> inserts = [] {
        std::array<std::string, kSizes> sql;
        for (std::size_t i = 0; i < kSizes; ++i) {
            sql[i] = "INSERT OR IGNORE INTO metric_points (series_id, step, timestamp, value, is_nan) VALUES ";
            for (std::size_t r = 0; r < (kRows >> i); ++r)
                sql[i] += (r ? ",(?1," : "(?1,") + std::string("?") + std::to_string(2 + 4 * r) + ",?" + std::to_string(3 + 4 * r) + ",?" +
                          std::to_string(4 + 4 * r) + ",?" + std::to_string(5 + 4 * r) + ")";
        }
        return sql;
    }();
    std::int64_t inserted = 0;
    const MetricPoint *best = &points.front();
    std::size_t at = 0;
    for (std::size_t i = 0; i < kSizes; ++i) {
        const std::size_t rows = kRows >> i;
        if (at + rows > points.size())
            continue;
        auto &insert = m_db.cached(inserts[i]);
        for (; at + rows <= points.size(); at += rows) {
            insert.bind(1, series);
            for (std::size_t r = 0; r < rows; ++r) {
                const MetricPoint &p = points[at + r];
                const bool nan = std::isnan(p.value);
                const int first = int(2 + 4 * r);
                insert.bind(first, p.step).bind(first + 1, p.timestamp).bind(first + 2, nan ? 0.0 : p.value).bind(first + 3, nan ? 1 : 0);
                if (laterThan(p, *best))
                    best = &p;
            }
            insert.run();
            inserted += m_db.changes();
        }
    }
    if (inserted > 0)
        updateBuckets(series, points);
    // The stored latest changes only when this batch has a later point (as MLflow updates it).
    auto &current = m_db.cached("SELECT latest_step, latest_timestamp, latest_value, latest_is_nan FROM metric_series WHERE id = ?1");
    current.bind(1, series);
    current.step();
    const bool replace = current.isNull(0) ||
                         laterThan(*best, MetricPoint{current.int64(0), current.int64(1), current.int64(3) ? std::nan("") : current.real(2)});
    current.reset();
    if (replace) {
        const bool nan = std::isnan(best->value);
        m_db.cached("UPDATE metric_series SET latest_value = ?2, latest_is_nan = ?3, latest_step = ?4, latest_timestamp = ?5, "
                    "points = points + ?6 WHERE id = ?1")
            .bindAll(series, nan ? 0.0 : best->value, nan ? 1 : 0, best->step, best->timestamp, inserted)
            .run();
    } else {
        m_db.cached("UPDATE metric_series SET points = points + ?2 WHERE id = ?1").bindAll(series, inserted).run();
    }
}

void TrackingStore::logBatch(const std::string &runUuid, std::span<const Metric> metrics,
                             std::span<const std::pair<std::string, std::string>> params,
                             std::span<const std::pair<std::string, std::string>> tags)
{
    sql::Transaction tx(m_db);
    const std::int64_t runId = runIdOf(runUuid);
    auto &existing = m_db.cached("SELECT value FROM params WHERE run_id = ?1 AND key = ?2");
    auto &insertParam = m_db.cached("INSERT INTO params (run_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto &[key, value] : params) {
        if (key.empty())
            throwError(ErrorKind::BadInput, "run " + runUuid + ": a param needs a key");
        existing.bindAll(runId, key);
        if (existing.step()) {
            const std::string old = existing.text(0);
            existing.reset();
            if (old != value)
                throwError(ErrorKind::Conflict, "run " + runUuid + ": param \"" + key + "\" was logged as \"" + old +
                                                    "\" and cannot change to \"" + value + "\" (params are immutable)");
            continue;
        }
        existing.reset();
        insertParam.bindAll(runId, key, value).run();
    }
    auto &setTag = m_db.cached("INSERT INTO tags (run_id, key, value) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value");
    for (const auto &[key, value] : tags) {
        if (key.empty())
            throwError(ErrorKind::BadInput, "run " + runUuid + ": a tag needs a key");
        setTag.bindAll(runId, key, value).run();
        if (key == "mlflow.runName")
            m_db.cached("UPDATE runs SET name = ?2 WHERE id = ?1").bindAll(runId, value).run();
    }
    // Group points by key so each series is looked up and refreshed once per batch.
    std::map<std::string, std::vector<MetricPoint>> byKey;
    for (const Metric &m : metrics)
        byKey[m.key].push_back({m.step, m.timestamp, m.value});
    for (const auto &[key, points] : byKey)
        appendPoints(runId, key, points);
    tx.commit();
}

void TrackingStore::logDatasets(const std::string &runUuid, std::span<const DatasetInput> inputs)
{
    sql::Transaction tx(m_db);
    const std::int64_t runId = runIdOf(runUuid);
    auto &st = m_db.cached("INSERT OR REPLACE INTO run_datasets (run_id, name, digest, source_type, source, context) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const DatasetInput &d : inputs)
        st.bindAll(runId, d.name, d.digest, d.sourceType, d.source, d.context).run();
    tx.commit();
}

void TrackingStore::setRunStatus(const std::string &runUuid, const std::string &status, std::optional<std::int64_t> endTime)
{
    if (!isRunStatus(status))
        throwError(ErrorKind::BadInput, "\"" + status + "\" is not a run status (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED)");
    const std::int64_t runId = runIdOf(runUuid);
    m_db.cached("UPDATE runs SET status = ?2, end_time = ?3 WHERE id = ?1").bindAll(runId, status, endTime).run();
}

std::optional<RunData> TrackingStore::run(const std::string &runUuid)
{
    // Cached statements: search results are read a run at a time, and preparing six statements
    // per run was two thirds of a search's time.
    auto &st = m_db.cached("SELECT id, uuid, experiment_id, name, status, start_time, end_time, user_id, source_type, "
                           "source_name, source_version, lifecycle_stage, artifact_uri, parent_uuid FROM runs WHERE uuid = ?1");
    st.bind(1, runUuid);
    if (!st.step()) {
        st.reset();
        return std::nullopt;
    }
    RunData data;
    Run &r = data.run;
    r.id = st.int64(0);
    r.uuid = st.text(1);
    r.experimentId = st.int64(2);
    r.name = st.text(3);
    r.status = st.text(4);
    r.startTime = st.optionalInt64(5);
    r.endTime = st.optionalInt64(6);
    r.userId = st.text(7);
    r.sourceType = st.text(8);
    r.sourceName = st.text(9);
    r.sourceVersion = st.text(10);
    r.lifecycleStage = st.text(11);
    r.artifactUri = st.text(12);
    r.parentUuid = st.optionalText(13);
    st.reset();

    auto &params = m_db.cached("SELECT key, value FROM params WHERE run_id = ?1");
    params.bind(1, r.id);
    while (params.step())
        data.params[params.text(0)] = params.text(1);
    params.reset();
    auto &tags = m_db.cached("SELECT key, value FROM tags WHERE run_id = ?1");
    tags.bind(1, r.id);
    while (tags.step())
        data.tags[tags.text(0)] = tags.text(1);
    tags.reset();
    auto &latest = m_db.cached("SELECT key, latest_value, latest_is_nan, latest_step, latest_timestamp FROM metric_series "
                               "WHERE run_id = ?1 AND points > 0");
    latest.bind(1, r.id);
    while (latest.step()) {
        Metric m;
        m.key = latest.text(0);
        m.value = latest.int64(2) ? std::nan("") : latest.real(1);
        m.step = latest.int64(3);
        m.timestamp = latest.int64(4);
        data.latestMetrics[m.key] = m;
    }
    latest.reset();
    auto &datasets = m_db.cached("SELECT name, digest, source_type, source, context FROM run_datasets WHERE run_id = ?1");
    datasets.bind(1, r.id);
    while (datasets.step())
        data.datasets.push_back({datasets.text(0), datasets.text(1), datasets.text(2), datasets.text(3), datasets.text(4)});
    datasets.reset();
    auto &artifacts = m_db.cached("SELECT path, sha256, size FROM run_artifacts WHERE run_id = ?1 ORDER BY path");
    artifacts.bind(1, r.id);
    while (artifacts.step())
        data.artifacts.push_back({artifacts.text(0), artifacts.text(1), static_cast<std::uint64_t>(artifacts.int64(2))});
    artifacts.reset();
    return data;
}

std::vector<std::string> TrackingStore::metricKeys(const std::string &runUuid)
{
    auto st = m_db.prepare("SELECT s.key FROM metric_series s JOIN runs r ON r.id = s.run_id WHERE r.uuid = ?1 ORDER BY s.key");
    st.bind(1, runUuid);
    std::vector<std::string> keys;
    while (st.step())
        keys.push_back(st.text(0));
    return keys;
}

std::vector<MetricPoint> TrackingStore::metricHistory(const std::string &runUuid, const std::string &key)
{
    auto st = m_db.prepare("SELECT p.step, p.timestamp, p.value, p.is_nan FROM metric_points p "
                           "JOIN metric_series s ON s.id = p.series_id JOIN runs r ON r.id = s.run_id "
                           "WHERE r.uuid = ?1 AND s.key = ?2 ORDER BY p.step, p.timestamp");
    st.bindAll(runUuid, key);
    std::vector<MetricPoint> out;
    while (st.step())
        out.push_back({st.int64(0), st.int64(1), st.int64(3) ? std::nan("") : st.real(2)});
    return out;
}

std::int64_t TrackingStore::metricPointCount(const std::string &runUuid, const std::string &key)
{
    auto &st = m_db.cached("SELECT s.points FROM metric_series s JOIN runs r ON r.id = s.run_id WHERE r.uuid = ?1 AND s.key = ?2");
    st.bindAll(runUuid, key);
    const std::int64_t points = st.step() ? st.int64(0) : 0;
    st.reset();
    return points;
}

std::vector<MetricPoint> TrackingStore::metricOverview(const std::string &runUuid, const std::string &key, std::size_t maxPoints)
{
    maxPoints = std::max<std::size_t>(maxPoints, 4);
    auto series = m_db.prepare("SELECT s.id, s.points FROM metric_series s JOIN runs r ON r.id = s.run_id WHERE r.uuid = ?1 AND s.key = ?2");
    series.bindAll(runUuid, key);
    if (!series.step())
        return {};
    const std::int64_t id = series.int64(0), count = series.int64(1);
    series.reset();
    if (count <= std::int64_t(2 * maxPoints))
        return downsampleMinMax(metricHistory(runUuid, key), maxPoints);
    // The first and last plotted points, then the finest level with at most maxPoints buckets
    // between them.
    const auto end = [&](const char *order) -> std::optional<MetricPoint> {
        auto st = m_db.prepare(std::string("SELECT step, timestamp, value FROM metric_points WHERE series_id = ?1 AND is_nan = 0 ORDER BY ") + order +
                               " LIMIT 1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        return MetricPoint{st.int64(0), st.int64(1), st.real(2)};
    };
    const auto first = end("step, timestamp"), last = end("step DESC, timestamp DESC");
    if (!first || !last)
        return {};
    std::int64_t width = kBucketWidths.back();
    for (const std::int64_t w : kBucketWidths) {
        if (floorDiv(last->step, w) - floorDiv(first->step, w) + 1 <= std::int64_t(maxPoints)) {
            width = w;
            break;
        }
    }
    auto buckets = m_db.prepare("SELECT lo_step, lo_timestamp, lo_value, hi_step, hi_timestamp, hi_value FROM metric_buckets "
                                "WHERE series_id = ?1 AND width = ?2 ORDER BY bucket");
    buckets.bindAll(id, width);
    std::vector<MetricPoint> out{*first};
    const auto add = [&out](const MetricPoint &p) {
        if (!(p == out.back()))
            out.push_back(p);
    };
    while (buckets.step()) {
        MetricPoint lo{buckets.int64(0), buckets.int64(1), buckets.real(2)}, hi{buckets.int64(3), buckets.int64(4), buckets.real(5)};
        if (std::tie(hi.step, hi.timestamp) < std::tie(lo.step, lo.timestamp))
            std::swap(lo, hi);
        add(lo);
        add(hi);
    }
    add(*last);
    // A level with more buckets than asked for (a very long series): reduce what it gave.
    return out.size() > maxPoints ? downsampleMinMax(out, maxPoints) : out;
}

std::int64_t TrackingStore::upsertImportedExperiment(const Experiment &e)
{
    m_db.cached("INSERT INTO experiments (name, artifact_location, lifecycle_stage, created_at, updated_at, source, source_id) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (source, source_id) DO UPDATE SET name = excluded.name, "
                "artifact_location = excluded.artifact_location, lifecycle_stage = excluded.lifecycle_stage, "
                "created_at = excluded.created_at, updated_at = excluded.updated_at")
        .bindAll(e.name, e.artifactLocation, e.lifecycleStage, e.createdAt, e.updatedAt, e.source, e.sourceId)
        .run();
    auto &id = m_db.cached("SELECT id FROM experiments WHERE source = ?1 AND source_id = ?2");
    id.bindAll(e.source, e.sourceId);
    id.step();
    const std::int64_t experimentId = id.int64(0);
    id.reset();
    m_db.cached("DELETE FROM experiment_tags WHERE experiment_id = ?1").bind(1, experimentId).run();
    auto &tag = m_db.cached("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto &[k, v] : e.tags)
        tag.bindAll(experimentId, k, v).run();
    return experimentId;
}

std::int64_t TrackingStore::upsertImportedRun(const Run &r)
{
    m_db.cached("INSERT INTO runs (uuid, experiment_id, name, status, start_time, end_time, user_id, source_type, "
                "source_name, source_version, lifecycle_stage, artifact_uri, parent_uuid) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (uuid) DO UPDATE SET "
                "experiment_id = excluded.experiment_id, name = excluded.name, status = excluded.status, "
                "start_time = excluded.start_time, end_time = excluded.end_time, user_id = excluded.user_id, "
                "source_type = excluded.source_type, source_name = excluded.source_name, "
                "source_version = excluded.source_version, lifecycle_stage = excluded.lifecycle_stage, "
                "artifact_uri = excluded.artifact_uri, parent_uuid = excluded.parent_uuid")
        .bindAll(r.uuid, r.experimentId, r.name, r.status, r.startTime, r.endTime, r.userId, r.sourceType, r.sourceName,
                 r.sourceVersion, r.lifecycleStage, r.artifactUri, r.parentUuid)
        .run();
    return runIdOf(r.uuid);
}

void TrackingStore::replaceRunContents(std::int64_t runId, const std::map<std::string, std::string> &params,
                                       const std::map<std::string, std::string> &tags, std::span<const DatasetInput> datasets)
{
    for (const char *table : {"params", "tags", "run_datasets", "metric_series"})
        m_db.cached(std::string("DELETE FROM ") + table + " WHERE run_id = ?1").bind(1, runId).run();
    auto &param = m_db.cached("INSERT INTO params (run_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto &[k, v] : params)
        param.bindAll(runId, k, v).run();
    auto &tag = m_db.cached("INSERT INTO tags (run_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto &[k, v] : tags)
        tag.bindAll(runId, k, v).run();
    auto &ds = m_db.cached("INSERT OR REPLACE INTO run_datasets (run_id, name, digest, source_type, source, context) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const DatasetInput &d : datasets)
        ds.bindAll(runId, d.name, d.digest, d.sourceType, d.source, d.context).run();
}

SearchResult TrackingStore::search(const SearchQuery &query)
{
    return searchRuns(m_db, query);
}

} // namespace keel::tracking
