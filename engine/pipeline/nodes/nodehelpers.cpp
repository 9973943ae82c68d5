#include "pipeline/nodes/nodehelpers.h"

#include "core/sha256.h"
#include "data/table.h"
#include "data/tablefile.h"
#include "pipeline/bundle.h"

#include "core/error.h"
#include "core/numbertext.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace keel::pipeline {

Value tableValue(data::Table table)
{
    Value v;
    v.type = PortType::Dataset;
    v.sha256 = sha256Hex(data::encodeTable(table));
    v.table = std::make_shared<const data::Table>(std::move(table));
    return v;
}

Value bundleValue(Bundle bundle)
{
    Value v;
    v.type = PortType::Model;
    v.sha256 = sha256Hex(bundle.toJson().dump());
    v.bundle = std::make_shared<const Bundle>(std::move(bundle));
    return v;
}

Value metricsValue(Metrics metrics)
{
    Value v;
    v.type = PortType::Metrics;
    v.sha256 = sha256Hex(nlohmann::json(metrics).dump());
    v.metrics = std::move(metrics);
    return v;
}

Value textValue(std::string text)
{
    Value v;
    v.type = PortType::Text;
    v.sha256 = sha256Hex(text);
    v.text = std::move(text);
    return v;
}

const data::Column &requireColumn(const data::Table &table, const std::string &column, const std::string &role)
{
    const data::Column *c = table.column(column);
    if (!c)
        throwError(ErrorKind::BadInput, table.source.string() + ": no column \"" + column + "\" (" + role + ")");
    return *c;
}

std::vector<std::optional<std::string>> labelsOf(const data::Table &table, const std::string &column)
{
    const data::Column &c = requireColumn(table, column, "the target");
    std::vector<std::optional<std::string>> out(table.rows);
    for (std::size_t i = 0; i < c.present(); ++i)
        out[c.row(i)] = c.type == data::ColumnType::Numerical ? shortestNumber(c.numbers[i]) : c.text(i);
    return out;
}

std::vector<std::string> sortedClasses(const data::Table &table, const std::string &column)
{
    const data::Column &c = requireColumn(table, column, "the target");
    if (c.type == data::ColumnType::Numerical) {
        std::set<double> values(c.numbers.begin(), c.numbers.end());
        std::vector<std::string> out;
        for (double v : values)
            out.push_back(shortestNumber(v));
        return out;
    }
    std::set<std::string> values;
    for (std::size_t i = 0; i < c.present(); ++i)
        values.insert(c.text(i));
    return {values.begin(), values.end()};
}

std::vector<double> numbersOf(const data::Table &table, const std::string &column)
{
    const data::Column &c = requireColumn(table, column, "the target");
    if (c.type != data::ColumnType::Numerical)
        throwError(ErrorKind::BadInput, "column \"" + column + "\" is " + data::toString(c.type) + ", but a regression needs numbers");
    std::vector<double> out(table.rows, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < c.present(); ++i)
        out[c.row(i)] = c.numbers[i];
    return out;
}

} // namespace keel::pipeline
