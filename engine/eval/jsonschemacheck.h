#pragma once

// Checks a JSON value against a JSON Schema (draft 2020-12's validation vocabulary, the part
// is-json assertions use): type, enum, const, properties, required, additionalProperties,
// items, prefixItems, minItems, maxItems, uniqueItems, minLength, maxLength, pattern, minimum,
// maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, anyOf, oneOf, allOf, not, and $ref
// into #/$defs or #/definitions. Formats and annotations are not asserted.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace keel::eval {

// Empty when `value` matches; otherwise each violation with its JSON pointer ("/answer: expected
// a string, got a number").
std::vector<std::string> schemaViolations(const nlohmann::json &value, const nlohmann::json &schema);

} // namespace keel::eval
