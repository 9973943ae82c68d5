#pragma once

#include "pipeline/graph.h"

#include <string>
#include <vector>

namespace keel::pipeline {

class NodeRegistry;

// One thing wrong with a pipeline, naming the node and the port or parameter, and where the
// file has it.
struct Problem {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    std::string node;
    std::string field; // a port or a parameter; empty for the node itself
    std::string message;
    FilePos pos;
    // "file:12:5: node "train": param "C": must be a number".
    std::string text(const std::string &file = {}) const;
};

// Checks a graph against the node types: unique ids, known types, links between existing
// ports of compatible types, at most one link into an input, required inputs connected,
// params known, of their kind, inside their bounds and present when required, and no cycle.
std::vector<Problem> validate(const Graph &graph, const NodeRegistry &registry);
bool hasErrors(const std::vector<Problem> &problems);

} // namespace keel::pipeline
