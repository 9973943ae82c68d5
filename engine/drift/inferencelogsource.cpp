#include "drift/inferencelogsource.h"

#include "core/error.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <ctime>

namespace keel::drift {

bool isInferenceLogSource(const std::string &source, std::string *model)
{
    constexpr std::string_view prefix = "serve-log:";
    if (source.rfind(prefix, 0) != 0 || source.size() == prefix.size())
        return false;
    if (model)
        *model = source.substr(prefix.size());
    return true;
}

data::Table readInferenceLog(sql::Database &db, const std::string &model, std::size_t lastRows)
{
    auto q = db.prepare(
        "SELECT inputs, prediction, version, received_at FROM (SELECT id, inputs, prediction, version, received_at FROM inference_log "
        "WHERE model = ?1 ORDER BY id DESC LIMIT ?2) ORDER BY id");
    q.bindAll(model, lastRows > 0 ? std::int64_t(lastRows) : std::int64_t(-1));
    std::vector<nlohmann::ordered_json> rows;
    while (q.step()) {
        nlohmann::ordered_json row = nlohmann::ordered_json::parse(q.text(0));
        row["prediction"] = q.text(1);
        row["model_version"] = q.int64(2);
        const std::time_t t = std::time_t(q.int64(3) / 1000);
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
        row["received_at"] = when;
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        throwError(ErrorKind::NotFound, "serve-log:" + model + ": the inference log holds no requests to " + model +
                                            " (serve it with keel serve registry:" + model + "@ALIAS)");
    return data::tableFromJsonRows(rows, "serve-log:" + model);
}

} // namespace keel::drift
