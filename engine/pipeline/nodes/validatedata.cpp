#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "data/table.h"

#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace keel::pipeline {

namespace {

using Kind = ParamSpec::Kind;

// The first few failing rows as the file numbers them (the header is line 1).
std::string examples(const std::vector<std::size_t> &rows)
{
    std::ostringstream out;
    for (std::size_t i = 0; i < rows.size() && i < 5; ++i)
        out << (i ? ", " : "") << rows[i] + 2;
    if (rows.size() > 5)
        out << ", …";
    return out.str();
}

std::string cellText(const data::Column &c, std::size_t i)
{
    if (c.type != data::ColumnType::Numerical)
        return c.text(i);
    std::ostringstream out;
    out.precision(15);
    out << c.numbers[i];
    return out.str();
}

} // namespace

NodeType validateDataNode()
{
    NodeType t;
    t.id = "validate-data";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Validate data");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Data");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Checks the rows against a schema, as Great Expectations or pandera would: required columns and their "
                    "types, no missing values, value ranges, allowed categories, unique keys, row-count bounds. A failing check "
                    "fails the node with a report naming each column, the count and example lines.");
    t.inputs = {{"dataset", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "the rows to check")}};
    t.outputs = {{"dataset", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "the same rows, when every check passed")},
                 {"report", PortType::Text, false, KEEL_UI_TEXT("keel::pipeline", "what was checked")}};
    t.params = {
        {"columns", Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "columns that must be present")},
        {"types", Kind::Mapping, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "column: numerical | categorical | boolean | datetime | text")},
        {"not_null", Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "columns that must have no missing values")},
        {"ranges", Kind::Mapping, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "column: [min, max] (inclusive; null for no bound)")},
        {"allowed", Kind::Mapping, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "column: [the values it may take]")},
        {"unique", Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "columns whose values must not repeat")},
        {"min_rows", Kind::Integer, false, nullptr, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "fewest rows accepted")},
        {"max_rows", Kind::Integer, false, nullptr, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "most rows accepted")},
    };
    t.run = [](NodeContext &ctx) {
        const Value &in = ctx.required("dataset");
        const data::Table &table = *in.table;
        std::vector<std::string> failures;
        int checks = 0;
        auto column = [&](const std::string &name) -> const data::Column * {
            const data::Column *c = table.column(name);
            if (!c)
                failures.push_back("column \"" + name + "\": missing from the data");
            return c;
        };
        for (const std::string &name : ctx.list("columns")) {
            ++checks;
            column(name);
        }
        const auto types = ctx.param("types");
        if (types.is_object())
            for (const auto &[name, want] : types.items()) {
                ++checks;
                if (const data::Column *c = column(name); c && want.is_string() && data::toString(c->type) != want.get<std::string>())
                    failures.push_back("column \"" + name + "\": is " + data::toString(c->type) + ", expected " + want.get<std::string>());
            }
        for (const std::string &name : ctx.list("not_null")) {
            ++checks;
            const data::Column *c = column(name);
            if (!c || c->missing == 0)
                continue;
            std::vector<std::size_t> rows;
            std::vector<char> present(table.rows, 0);
            for (std::size_t i = 0; i < c->present(); ++i)
                present[c->row(i)] = 1;
            for (std::size_t r = 0; r < table.rows; ++r)
                if (!present[r])
                    rows.push_back(r);
            failures.push_back("column \"" + name + "\": " + std::to_string(c->missing) + " missing values (lines " + examples(rows) + ")");
        }
        const auto ranges = ctx.param("ranges");
        if (ranges.is_object())
            for (const auto &[name, bounds] : ranges.items()) {
                ++checks;
                const data::Column *c = column(name);
                if (!c)
                    continue;
                if (c->type != data::ColumnType::Numerical) {
                    failures.push_back("column \"" + name + "\": a range needs numbers, but it is " + data::toString(c->type));
                    continue;
                }
                const double lo = bounds.is_array() && bounds.size() > 0 && bounds[0].is_number() ? bounds[0].get<double>() : -INFINITY;
                const double hi = bounds.is_array() && bounds.size() > 1 && bounds[1].is_number() ? bounds[1].get<double>() : INFINITY;
                std::vector<std::size_t> rows;
                for (std::size_t i = 0; i < c->present(); ++i)
                    if (!(c->numbers[i] >= lo && c->numbers[i] <= hi))
                        rows.push_back(c->row(i));
                if (!rows.empty())
                    failures.push_back("column \"" + name + "\": " + std::to_string(rows.size()) + " values outside [" + bounds.dump() +
                                       "] (lines " + examples(rows) + ")");
            }
        const auto allowed = ctx.param("allowed");
        if (allowed.is_object())
            for (const auto &[name, values] : allowed.items()) {
                ++checks;
                const data::Column *c = column(name);
                if (!c)
                    continue;
                std::set<std::string> ok;
                for (const auto &v : values)
                    ok.insert(v.is_string() ? v.get<std::string>() : v.dump());
                std::vector<std::size_t> rows;
                std::set<std::string> seen;
                for (std::size_t i = 0; i < c->present(); ++i)
                    if (const std::string v = cellText(*c, i); !ok.count(v)) {
                        rows.push_back(c->row(i));
                        seen.insert(v);
                    }
                if (!rows.empty()) {
                    std::string list;
                    for (const std::string &v : seen)
                        list += (list.empty() ? "" : ", ") + ("\"" + v + "\"");
                    failures.push_back("column \"" + name + "\": " + std::to_string(rows.size()) + " values not allowed (" + list +
                                       "; lines " + examples(rows) + ")");
                }
            }
        for (const std::string &name : ctx.list("unique")) {
            ++checks;
            const data::Column *c = column(name);
            if (!c)
                continue;
            std::map<std::string, std::size_t> first;
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < c->present(); ++i)
                if (!first.emplace(cellText(*c, i), c->row(i)).second)
                    rows.push_back(c->row(i));
            if (!rows.empty())
                failures.push_back("column \"" + name + "\": " + std::to_string(rows.size()) + " repeated values (lines " + examples(rows) + ")");
        }
        if (!ctx.param("min_rows").is_null()) {
            ++checks;
            if (double(table.rows) < ctx.number("min_rows"))
                failures.push_back(std::to_string(table.rows) + " rows, fewer than min_rows " + ctx.param("min_rows").dump());
        }
        if (!ctx.param("max_rows").is_null()) {
            ++checks;
            if (double(table.rows) > ctx.number("max_rows"))
                failures.push_back(std::to_string(table.rows) + " rows, more than max_rows " + ctx.param("max_rows").dump());
        }
        std::string report = std::to_string(checks) + " checks on " + std::to_string(table.rows) + " rows of " + table.source.string();
        if (!failures.empty()) {
            report += ": " + std::to_string(failures.size()) + " failed";
            for (const std::string &f : failures)
                report += "\n  " + f;
            throwError(ErrorKind::BadInput, report);
        }
        report += ": all passed";
        ctx.log(report);
        ctx.output("dataset", in);
        ctx.output("report", textValue(report));
    };
    return t;
}

} // namespace keel::pipeline
