#include "drift/driftreports.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/sha256.h"
#include "drift/driftanalysis.h"
#include "drift/referenceprofiles.h"
#include "store/database.h"

namespace keel::drift {
namespace {

constexpr const char *kSelect =
    "SELECT r.id, r.created_at, r.actor, r.reference, r.reference_sha256, r.current, r.current_sha256, r.model_version_id, "
    "COALESCE(m.name, ''), COALESCE(v.version, 0), r.columns, r.drifted_columns, r.dataset_drift, r.quality_alerts "
    "FROM drift_reports r LEFT JOIN model_versions v ON v.id = r.model_version_id "
    "LEFT JOIN registered_models m ON m.id = v.model_id ";

StoredDriftReport readRow(const sql::Statement &st)
{
    StoredDriftReport r;
    r.id = st.int64(0);
    r.createdAt = st.int64(1);
    r.actor = st.text(2);
    r.reference = st.text(3);
    r.referenceSha256 = st.text(4);
    r.current = st.text(5);
    r.currentSha256 = st.text(6);
    r.modelVersionId = st.optionalInt64(7);
    r.model = st.text(8);
    r.version = int(st.int64(9));
    r.columns = std::size_t(st.int64(10));
    r.driftedColumns = std::size_t(st.int64(11));
    r.datasetDrift = st.int64(12) != 0;
    r.qualityAlerts = std::size_t(st.int64(13));
    return r;
}

} // namespace

DriftReports::DriftReports(sql::Database &db)
    : m_db(db)
{
}

std::int64_t DriftReports::save(const DriftAnalysis &a, std::optional<std::int64_t> modelVersionId, const std::string &actor)
{
    // Digests first: reading the files can fail, and then nothing is written.
    std::string referenceSha;
    std::string referenceName = std::filesystem::absolute(a.request.reference).string();
    if (const auto profile = profileName(a.request.reference.string())) {
        // A profile: the digest of the file it was made from.
        auto &st = m_db.cached("SELECT source_sha256 FROM reference_profiles WHERE name = ?1");
        st.bind(1, *profile);
        if (st.step())
            referenceSha = st.text(0);
        st.reset();
        referenceName = a.request.reference.string();
    } else {
        referenceSha = sha256File(a.request.reference);
    }
    const std::string currentSha = sha256File(a.request.current);
    const std::string json = toJson(a, -1);
    sql::Transaction tx(m_db);
    if (modelVersionId) {
        auto &st = m_db.cached("SELECT 1 FROM model_versions WHERE id = ?1");
        st.bind(1, *modelVersionId);
        const bool found = st.step();
        st.reset();
        if (!found)
            throwError(ErrorKind::NotFound, "no model version with id " + std::to_string(*modelVersionId));
    }
    m_db.cached("INSERT INTO drift_reports (created_at, actor, reference, reference_sha256, current, current_sha256, model_version_id, "
                "columns, drifted_columns, dataset_drift, quality_alerts, report) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
        .bindAll(nowMs(), actor, referenceName, referenceSha,
                 std::filesystem::absolute(a.request.current).string(), currentSha, modelVersionId, std::int64_t(a.report.columns.size()),
                 std::int64_t(a.report.driftedColumns), std::int64_t(a.report.datasetDrift ? 1 : 0),
                 std::int64_t(a.quality ? a.quality->alerts : 0), json)
        .run();
    const std::int64_t id = m_db.lastInsertRowId();
    tx.commit();
    return id;
}

std::vector<StoredDriftReport> DriftReports::list(std::optional<std::int64_t> modelVersionId, int limit)
{
    std::vector<StoredDriftReport> out;
    auto st = m_db.prepare(std::string(kSelect) + "WHERE (?1 IS NULL OR r.model_version_id = ?1) ORDER BY r.id DESC LIMIT ?2");
    st.bindAll(modelVersionId, limit);
    while (st.step())
        out.push_back(readRow(st));
    return out;
}

StoredDriftReport DriftReports::get(std::int64_t id)
{
    auto st = m_db.prepare(std::string(kSelect) + "WHERE r.id = ?1");
    st.bind(1, id);
    if (!st.step())
        throwError(ErrorKind::NotFound, "no drift report " + std::to_string(id) + " in this workspace");
    return readRow(st);
}

std::string DriftReports::json(std::int64_t id)
{
    auto st = m_db.prepare("SELECT report FROM drift_reports WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        throwError(ErrorKind::NotFound, "no drift report " + std::to_string(id) + " in this workspace");
    return st.text(0);
}

} // namespace keel::drift
