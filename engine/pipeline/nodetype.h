#pragma once

#include "pipeline/value.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <map>
#include <string>
#include <vector>

// Marks a text of a node type that the window shows (title, category, description, port and param
// help). The engine keeps the English text; lupdate reads KEEL_UI_TEXT as QT_TRANSLATE_NOOP (see
// app/CMakeLists.txt), so the text is in the translation catalogue under its scope, and the
// window shows it translated through EngineText::pipelineText.
#define KEEL_UI_TEXT(scope, text) text

namespace keel::store {
class Workspace;
}

namespace keel::pipeline {

struct PortSpec {
    std::string name;
    PortType type = PortType::Any;
    bool required = true;
    std::string help;
};

// A parameter a node type takes, as the inspector's form and the file's validation see it.
struct ParamSpec {
    enum class Kind { String, Number, Integer, Boolean, Choice, Columns, Path, Mapping };
    std::string name;
    Kind kind = Kind::String;
    bool required = false;
    nlohmann::ordered_json defaultValue; // null: none
    std::vector<std::string> choices;    // Kind::Choice
    std::optional<double> min, max;      // Number, Integer
    std::string help;
};
const char *toString(ParamSpec::Kind kind);

// What a node sees while it runs.
class NodeContext {
public:
    virtual ~NodeContext() = default;
    virtual const nlohmann::ordered_json &params() const = 0;
    // The param's value, or its type's default.
    nlohmann::ordered_json param(const std::string &name) const;
    std::string text(const std::string &name) const;
    double number(const std::string &name) const;
    bool flag(const std::string &name) const;
    std::vector<std::string> list(const std::string &name) const;

    // The value on an input port; nullptr when an optional port has no link.
    virtual const Value *input(const std::string &port) const = 0;
    const Value &required(const std::string &port) const;
    virtual void output(const std::string &port, Value value) = 0;

    virtual void log(const std::string &line) = 0;
    virtual void progress(double fraction, const std::string &message = {}) = 0;
    virtual void throwIfStopped() const = 0;
    // The workspace the pipeline runs in (registry, tracking, artifacts); nullptr headless
    // without one, where nodes that need it fail saying so.
    virtual store::Workspace *workspace() const = 0;
    store::Workspace &requireWorkspace() const;
    // Runs `work` on the workspace with no other node or the executor writing to it meanwhile
    // (one database connection serves the whole run). Throws like requireWorkspace without one.
    virtual void withWorkspace(const std::function<void(store::Workspace &)> &work) = 0;
    // Where relative paths in params resolve: the pipeline file's folder.
    virtual std::filesystem::path baseDir() const = 0;
    // The tracking run of this pipeline run (empty without a workspace).
    virtual std::string pipelineRunUuid() const = 0;
    // Why this run happens: "manual", or a trigger and its finding ("drift: check: dataset drift …").
    virtual std::string runReason() const = 0;
    virtual const std::string &nodeId() const = 0;

    const ParamSpec *spec(const std::string &name) const;
    const struct NodeType *type = nullptr;
};

// A kind of node: its ports, its params, and what it does. `version` goes into every cache
// key, so changing what a type computes means raising it.
struct NodeType {
    std::string id;       // as files name it: "load-dataset"
    std::string title;    // as the palette shows it: "Load dataset"
    std::string category; // Data, Training, Evaluation, Registry, Monitoring, Utilities
    std::string description;
    int version = 1;
    std::vector<PortSpec> inputs, outputs;
    std::vector<ParamSpec> params;
    // Nodes that reach outside the pipeline (the registry, a process) always run.
    bool cacheable = true;
    std::function<void(NodeContext &)> run;
    // What the cache key needs beyond params and inputs: the digest of a file the node reads.
    std::function<std::string(NodeContext &)> fingerprint;

    const PortSpec *input(const std::string &name) const;
    const PortSpec *output(const std::string &name) const;
    const ParamSpec *param(const std::string &name) const;
};

} // namespace keel::pipeline
