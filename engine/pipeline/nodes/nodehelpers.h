#pragma once

#include "pipeline/value.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace keel::data {
struct Table;
struct Column;
}

namespace keel::pipeline {

class Bundle;

// A table as a value: its digest is the SHA-256 of its binary form (data/tablefile), so equal
// tables have equal cache keys wherever they came from.
Value tableValue(data::Table table);
Value bundleValue(Bundle bundle);
Value metricsValue(Metrics metrics);
Value textValue(std::string text);

// A column's cells as labels by row (nullopt where missing): texts as they are, numbers in
// their shortest form ("1", "0.5"), so 1 and 1.0 are one class.
std::vector<std::optional<std::string>> labelsOf(const data::Table &table, const std::string &column);
// The distinct labels in scikit-learn's classes_ order: by value for a numerical column, else
// as text.
std::vector<std::string> sortedClasses(const data::Table &table, const std::string &column);
// The column's numbers by row (NaN where missing); throws naming it when it is not numerical.
std::vector<double> numbersOf(const data::Table &table, const std::string &column);
const struct data::Column &requireColumn(const data::Table &table, const std::string &column, const std::string &role);

} // namespace keel::pipeline
