#include "drift/referenceprofiles.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/sha256.h"
#include "data/tablefile.h"
#include "drift/columndrift.h"
#include "drift/stattests.h"
#include "store/artifactstore.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace keel::drift {
namespace {

using nlohmann::ordered_json;

constexpr const char *kSelect = "SELECT id, name, source, source_sha256, source_size, overrides, table_sha256, rows, columns, summary, "
                                "created_at, actor, multivariate_fit FROM reference_profiles ";

ReferenceProfile readRow(const sql::Statement &st)
{
    ReferenceProfile p;
    p.id = st.int64(0);
    p.name = st.text(1);
    p.source = st.text(2);
    p.sourceSha256 = st.text(3);
    p.sourceSize = std::uint64_t(st.int64(4));
    p.overrides = st.text(5);
    p.tableSha256 = st.text(6);
    p.rows = std::size_t(st.int64(7));
    p.columns = std::size_t(st.int64(8));
    p.summary = st.text(9);
    p.createdAt = st.int64(10);
    p.actor = st.text(11);
    p.multivariateFit = st.text(12);
    return p;
}

std::string overridesJson(const std::map<std::string, data::ColumnType> &overrides)
{
    ordered_json o = ordered_json::object();
    for (const auto &[column, type] : overrides)
        o[column] = data::toString(type);
    return o.dump();
}

// numpy.quantile's default (linear interpolation between the closest ranks).
double quantile(const std::vector<double> &sorted, double q)
{
    const double at = q * double(sorted.size() - 1);
    const std::size_t lo = std::size_t(std::floor(at)), hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - double(lo));
}

// The multivariate fit a check with the default options makes of this reference (the columns it
// tests when the current data has the same ones), as JSON; '' when there is none to make (fewer
// than two such columns, or too few rows: the check then reports none either).
std::string defaultMultivariateFit(const data::Table &table)
{
    std::vector<ColumnTest> tests;
    MultivariateOptions options;
    for (const ColumnReport &c : planComparison(table, table, DriftOptions{}, tests).columns)
        options.columns.push_back(c.column);
    if (options.columns.size() < 2 || table.rows <= options.columns.size())
        return "";
    return toJson(fitMultivariate(table, options));
}

} // namespace

std::optional<std::string> profileName(const std::string &reference)
{
    if (reference.rfind("profile:", 0) != 0 || reference.size() == 8)
        return std::nullopt;
    return reference.substr(8);
}

std::string profileSummary(const data::Table &table)
{
    ordered_json columns = ordered_json::array();
    for (const data::Column &c : table.columns) {
        ordered_json o{{"column", c.name}, {"type", data::toString(c.type)}, {"present", c.present()}, {"missing", c.missing}};
        if (c.type == data::ColumnType::Numerical && !c.numbers.empty()) {
            std::vector<double> sorted = c.numbers;
            std::sort(sorted.begin(), sorted.end());
            const MeanStd spread = meanAndStd(sorted);
            ordered_json quantiles = ordered_json::object();
            for (double q : {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99})
                quantiles[std::to_string(int(std::lround(q * 100)))] = quantile(sorted, q);
            const auto edges = sturgesEdges(sorted);
            o["min"] = sorted.front();
            o["max"] = sorted.back();
            o["mean"] = spread.mean;
            o["std"] = spread.stddev;
            o["quantiles"] = quantiles;
            o["histogram"] = {{"edges", edges}, {"counts", histogramCounts(sorted, edges)}};
        } else if (c.type != data::ColumnType::Numerical && c.categories) {
            std::vector<std::pair<double, std::size_t>> counts(c.categories->size());
            for (std::size_t i = 0; i < counts.size(); ++i)
                counts[i].second = i;
            for (std::uint32_t code : c.codes)
                counts[code].first += 1;
            std::stable_sort(counts.begin(), counts.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
            ordered_json top = ordered_json::array();
            for (std::size_t i = 0; i < std::min<std::size_t>(counts.size(), 50); ++i)
                top.push_back({{"value", (*c.categories)[counts[i].second]}, {"count", counts[i].first}});
            o["distinct"] = c.distinct;
            o["top"] = top;
        }
        columns.push_back(std::move(o));
    }
    return ordered_json{{"rows", table.rows}, {"columns", columns}}.dump();
}

ReferenceProfiles::ReferenceProfiles(sql::Database &db, store::ArtifactStore &artifacts)
    : m_db(db)
    , m_artifacts(artifacts)
{
}

ReferenceProfile ReferenceProfiles::create(const std::string &name, const std::filesystem::path &file,
                                           const std::map<std::string, data::ColumnType> &overrides, const std::string &actor)
{
    if (name.empty() || name.size() > 200 || name.find_first_of("\n\r\t") != std::string::npos)
        throwError(ErrorKind::BadInput, "a profile name must be 1-200 characters on one line");
    ReferenceProfile p;
    p.name = name;
    p.source = std::filesystem::absolute(file).string();
    p.sourceSha256 = sha256File(file);
    p.sourceSize = std::filesystem::file_size(file);
    p.overrides = overridesJson(overrides);
    const data::Table table = data::readTable(file, overrides);
    p.rows = table.rows;
    p.columns = table.columns.size();
    p.summary = profileSummary(table);
    p.multivariateFit = defaultMultivariateFit(table);
    // The artifact first (content-addressed, written whole or not at all), then the record.
    p.tableSha256 = m_artifacts.put(data::encodeTable(table));
    p.createdAt = nowMs();
    p.actor = actor;
    sql::Transaction tx(m_db);
    m_db.cached("INSERT INTO reference_profiles (name, source, source_sha256, source_size, overrides, table_sha256, rows, columns, summary, "
                "created_at, actor, multivariate_fit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (name) DO UPDATE SET "
                "source = ?2, source_sha256 = ?3, source_size = ?4, overrides = ?5, table_sha256 = ?6, rows = ?7, columns = ?8, "
                "summary = ?9, created_at = ?10, actor = ?11, multivariate_fit = ?12")
        .bindAll(p.name, p.source, p.sourceSha256, std::int64_t(p.sourceSize), p.overrides, p.tableSha256, std::int64_t(p.rows),
                 std::int64_t(p.columns), p.summary, p.createdAt, p.actor, p.multivariateFit)
        .run();
    tx.commit();
    return get(name);
}

std::vector<ReferenceProfile> ReferenceProfiles::list()
{
    std::vector<ReferenceProfile> out;
    auto st = m_db.prepare(std::string(kSelect) + "ORDER BY name");
    while (st.step())
        out.push_back(readRow(st));
    return out;
}

ReferenceProfile ReferenceProfiles::get(const std::string &name)
{
    auto st = m_db.prepare(std::string(kSelect) + "WHERE name = ?1");
    st.bind(1, name);
    if (!st.step())
        throwError(ErrorKind::NotFound, "no reference profile named \"" + name + "\" in this workspace (keel drift profile REF --name " + name + ")");
    return readRow(st);
}

data::Table ReferenceProfiles::load(const std::string &name)
{
    const ReferenceProfile p = get(name);
    const MappedFile file = m_artifacts.map(p.tableSha256); // checks the hash; decoded from the mapping, not a copy
    return data::decodeTable(std::string_view(reinterpret_cast<const char *>(file.bytes().data()), file.size()), p.source);
}

std::optional<MultivariateFit> ReferenceProfiles::multivariateFit(const std::string &name)
{
    const ReferenceProfile p = get(name);
    if (p.multivariateFit.empty())
        return std::nullopt;
    return multivariateFitFromJson(p.multivariateFit);
}

std::optional<ReferenceProfile> ReferenceProfiles::findBySource(const std::string &sha256, const std::map<std::string, data::ColumnType> &overrides)
{
    auto st = m_db.prepare(std::string(kSelect) + "WHERE source_sha256 = ?1 AND overrides = ?2 ORDER BY created_at DESC LIMIT 1");
    st.bindAll(sha256, overridesJson(overrides));
    if (!st.step())
        return std::nullopt;
    return readRow(st);
}

} // namespace keel::drift
