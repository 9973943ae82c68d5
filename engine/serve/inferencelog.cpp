#include "serve/inferencelog.h"

#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"
#include "store/workspace.h"

#include <algorithm>
#include <ctime>

namespace keel::serve {

InferenceLog::InferenceLog(store::Workspace &workspace, std::mutex &dbMutex, std::size_t maxRows)
    : m_workspace(workspace), m_db(dbMutex), m_maxRows(std::max<std::size_t>(1, maxRows))
{
}

void InferenceLog::append(const std::string &model, int version, const std::string &alias, const std::string &requestId,
                          const std::vector<nlohmann::ordered_json> &inputs, const std::vector<std::string> &predictions, double latencyMs)
{
    std::lock_guard lock(m_db);
    auto &db = m_workspace.db();
    sql::Transaction tx(db);
    const std::int64_t now = nowMs();
    auto &insert = db.cached("INSERT INTO inference_log (model, version, alias, request_id, inputs, prediction, latency_ms, received_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (std::size_t i = 0; i < inputs.size(); ++i)
        insert.bindAll(model, version, alias, requestId, inputs[i].dump(), i < predictions.size() ? predictions[i] : std::string(), latencyMs, now).run();
    m_sinceTrim += inputs.size();
    if (m_sinceTrim >= std::min<std::size_t>(1000, m_maxRows)) {
        m_sinceTrim = 0;
        db.cached("DELETE FROM inference_log WHERE model = ?1 AND id < (SELECT id FROM inference_log WHERE model = ?1 ORDER BY id DESC "
                  "LIMIT 1 OFFSET ?2)")
            .bindAll(model, std::int64_t(m_maxRows) - 1)
            .run();
    }
    tx.commit();
}

} // namespace keel::serve
