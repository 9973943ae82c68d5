#pragma once

#include "pipeline/graph.h"

#include <filesystem>
#include <string>

namespace keel::pipeline {

// Pipeline files are YAML with readable diffs:
//
//   name: wine-quality
//   nodes:
//     - id: load
//       type: load-dataset
//       position: [40, 120]
//       params:
//         path: winequality-red.csv
//   links:
//     - from: load.dataset
//       to: split.dataset
//   triggers:
//     - schedule: "0 3 * * *"
//
// Plain scalars are typed as YAML 1.2's core schema does (null, true/false, integers, floats);
// quoted ones are always text. Unknown keys and values of the wrong type are keel::Error
// (BadInput) naming the file, line and column. Only the file's shape is checked here;
// validate() checks it against the node types.
Graph parsePipeline(const std::string &text, const std::string &fileName);
Graph loadPipeline(const std::filesystem::path &file);

// A node's params as the file writes them ("C: 1.0" lines), and read back from such text;
// errors name `where`, the line and the column.
std::string formatParams(const nlohmann::ordered_json &params);
nlohmann::ordered_json parseParams(const std::string &text, const std::string &where);

// Keel's own form of a pipeline: the same text for the same graph, so saving what was loaded
// from a file Keel wrote gives the file back byte for byte.
std::string formatPipeline(const Graph &graph);
// Any JSON value as block YAML the way pipeline files are written (texts that would read back
// as something else quoted), for the files Keel writes for other tools.
std::string formatYaml(const nlohmann::ordered_json &value);
// Written to a temporary file, flushed and renamed over `file`: a crash leaves the old file.
void savePipeline(const Graph &graph, const std::filesystem::path &file);

} // namespace keel::pipeline
