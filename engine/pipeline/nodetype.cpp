#include "pipeline/nodetype.h"

#include "core/error.h"

namespace keel::pipeline {

const char *toString(ParamSpec::Kind kind)
{
    switch (kind) {
    case ParamSpec::Kind::String: return "string";
    case ParamSpec::Kind::Number: return "number";
    case ParamSpec::Kind::Integer: return "integer";
    case ParamSpec::Kind::Boolean: return "boolean";
    case ParamSpec::Kind::Choice: return "choice";
    case ParamSpec::Kind::Columns: return "list of columns";
    case ParamSpec::Kind::Path: return "path";
    case ParamSpec::Kind::Mapping: return "mapping";
    }
    return "string";
}

const PortSpec *NodeType::input(const std::string &name) const
{
    for (const PortSpec &p : inputs)
        if (p.name == name)
            return &p;
    return nullptr;
}

const PortSpec *NodeType::output(const std::string &name) const
{
    for (const PortSpec &p : outputs)
        if (p.name == name)
            return &p;
    return nullptr;
}

const ParamSpec *NodeType::param(const std::string &name) const
{
    for (const ParamSpec &p : params)
        if (p.name == name)
            return &p;
    return nullptr;
}

const ParamSpec *NodeContext::spec(const std::string &name) const
{
    return type ? type->param(name) : nullptr;
}

nlohmann::ordered_json NodeContext::param(const std::string &name) const
{
    const auto &p = params();
    if (auto it = p.find(name); it != p.end() && !it->is_null())
        return *it;
    if (const ParamSpec *s = spec(name))
        return s->defaultValue;
    return nullptr;
}

std::string NodeContext::text(const std::string &name) const
{
    const auto v = param(name);
    if (v.is_string())
        return v.get<std::string>();
    return v.is_null() ? std::string() : v.dump();
}

double NodeContext::number(const std::string &name) const
{
    const auto v = param(name);
    return v.is_number() ? v.get<double>() : 0.0;
}

bool NodeContext::flag(const std::string &name) const
{
    const auto v = param(name);
    return v.is_boolean() && v.get<bool>();
}

std::vector<std::string> NodeContext::list(const std::string &name) const
{
    const auto v = param(name);
    std::vector<std::string> out;
    if (v.is_array())
        for (const auto &e : v)
            out.push_back(e.is_string() ? e.get<std::string>() : e.dump());
    else if (v.is_string() && !v.get<std::string>().empty())
        out.push_back(v.get<std::string>());
    return out;
}

const Value &NodeContext::required(const std::string &port) const
{
    const Value *v = input(port);
    if (!v)
        throwError(ErrorKind::BadInput, "node \"" + nodeId() + "\": input \"" + port + "\" is not connected");
    return *v;
}

store::Workspace &NodeContext::requireWorkspace() const
{
    if (!workspace())
        throwError(ErrorKind::BadInput, "node \"" + nodeId() + "\" (" + (type ? type->title : std::string()) +
                                            ") needs a workspace: run the pipeline with --workspace DIR or from the app");
    return *workspace();
}

} // namespace keel::pipeline
