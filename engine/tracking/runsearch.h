#pragma once

#include "tracking/records.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace keel::sql {
class Database;
}

namespace keel::tracking {

// MLflow's run search, as its documentation and its SQL store define it:
//   metrics.acc > 0.9 and params.lr = '0.01' and tags.team LIKE '%nlp%' and attributes.status = 'FINISHED'
// Entities: metric(s), param(s)/parameter(s), tag(s), attribute(s)/attr/run, dataset(s); a key
// with other characters is quoted with backticks or double quotes. Conditions are joined by
// AND only. Metrics compare their latest value (NaN matches only "!="); LIKE is
// case-sensitive, ILIKE is not; IS NULL / IS NOT NULL test presence; IN / NOT IN take a list
// for attributes.run_id and dataset keys.

enum class ViewType { ActiveOnly, DeletedOnly, All };

struct Condition {
    enum class Entity { Metric, Param, Tag, Attribute, Dataset };
    Entity entity;
    std::string key;          // aliases resolved: created → start_time, "Run name" → run_name
    std::string comparator;   // upper case: = != > >= < <= LIKE ILIKE IN NOT IN IS NULL IS NOT NULL
    std::variant<std::monostate, double, std::int64_t, std::string, std::vector<std::string>> value;
};

struct OrderBy {
    Condition::Entity entity;
    std::string key;
    bool ascending = true;
};

// Throws keel::Error (BadInput) naming the 1-based position and the token at fault.
std::vector<Condition> parseFilter(const std::string &filter);
OrderBy parseOrderBy(const std::string &clause);

struct SearchQuery {
    std::vector<std::int64_t> experimentIds;  // empty: every experiment
    std::string filter;
    std::vector<std::string> orderBy;         // "metrics.loss ASC", "attributes.start_time DESC"
    int maxResults = 1000;                    // MLflow's default; at most 50,000
    std::string pageToken;                    // from the previous result; empty for the first page
    ViewType view = ViewType::ActiveOnly;
};

struct SearchResult {
    std::vector<std::string> runUuids;        // in order
    std::string nextPageToken;                // empty on the last page
};

SearchResult searchRuns(sql::Database &db, const SearchQuery &query);

} // namespace keel::tracking
