#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace keel::data {
struct Table;
}

namespace keel::pipeline {

class Bundle;

// What flows along a link. A port accepts a link from a port of the same type, and Any
// accepts every type.
enum class PortType { Dataset, Model, Metrics, DriftReport, Index, EvalReport, Text, Any };
const char *toString(PortType type);
std::optional<PortType> portTypeFromString(const std::string &text);
bool compatible(PortType from, PortType to);

using Metrics = std::map<std::string, double>;

// A value a node produced: a table, a model bundle, metrics, or text (a report, a version).
struct Value {
    PortType type = PortType::Text;
    std::shared_ptr<const data::Table> table;
    std::shared_ptr<const Bundle> bundle;
    Metrics metrics;
    std::string text;
    std::string sha256; // of the value's stored form: what downstream cache keys are made of
};

} // namespace keel::pipeline
