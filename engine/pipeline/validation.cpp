#include "pipeline/validation.h"

#include "pipeline/noderegistry.h"

#include <algorithm>
#include <map>
#include <set>

namespace keel::pipeline {

std::string Problem::text(const std::string &file) const
{
    std::string out;
    if (!file.empty())
        out += file + (pos.line ? ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) : std::string()) + ": ";
    if (severity == Severity::Warning)
        out += "warning: ";
    if (!node.empty())
        out += "node \"" + node + "\": ";
    if (!field.empty())
        out += field + ": ";
    return out + message;
}

bool hasErrors(const std::vector<Problem> &problems)
{
    return std::any_of(problems.begin(), problems.end(), [](const Problem &p) { return p.severity == Problem::Severity::Error; });
}

namespace {

std::string checkParam(const ParamSpec &spec, const nlohmann::ordered_json &v)
{
    using Kind = ParamSpec::Kind;
    if (v.is_null())
        return spec.required ? "is required" : std::string();
    switch (spec.kind) {
    case Kind::String:
    case Kind::Path:
        if (!v.is_string())
            return "must be text, not " + v.dump();
        if (spec.required && v.get<std::string>().empty())
            return "is required";
        break;
    case Kind::Number:
    case Kind::Integer: {
        if (!v.is_number())
            return "must be a number, not " + v.dump();
        const double d = v.get<double>();
        if (spec.kind == Kind::Integer && !v.is_number_integer() && d != double(static_cast<long long>(d)))
            return "must be a whole number, not " + v.dump();
        if (spec.min && d < *spec.min)
            return "must be at least " + nlohmann::json(*spec.min).dump() + ", not " + v.dump();
        if (spec.max && d > *spec.max)
            return "must be at most " + nlohmann::json(*spec.max).dump() + ", not " + v.dump();
        break;
    }
    case Kind::Boolean:
        if (!v.is_boolean())
            return "must be true or false, not " + v.dump();
        break;
    case Kind::Choice: {
        const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
        if (std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
            std::string list;
            for (const std::string &c : spec.choices)
                list += (list.empty() ? "" : ", ") + c;
            return "must be one of " + list + ", not " + v.dump();
        }
        break;
    }
    case Kind::Columns:
        if (v.is_string())
            break;
        if (!v.is_array() || !std::all_of(v.begin(), v.end(), [](const auto &e) { return e.is_string(); }))
            return "must be a list of column names, not " + v.dump();
        break;
    case Kind::Mapping:
        if (!v.is_object())
            return "must be a mapping (column: value), not " + v.dump();
        break;
    }
    return {};
}

} // namespace

std::vector<Problem> validate(const Graph &g, const NodeRegistry &registry)
{
    std::vector<Problem> out;
    auto error = [&](const std::string &node, const std::string &field, const std::string &message, FilePos pos) {
        out.push_back({Problem::Severity::Error, node, field, message, pos});
    };
    std::set<std::string> ids;
    for (const Node &n : g.nodes) {
        if (n.id.empty())
            error({}, {}, "a node has an empty id", n.pos);
        else if (!ids.insert(n.id).second)
            error(n.id, {}, "the id is used by another node", n.pos);
        const NodeType *type = registry.find(n.type);
        if (!type) {
            std::string known;
            for (const NodeType &t : registry.types())
                known += (known.empty() ? "" : ", ") + t.id;
            error(n.id, {}, "unknown node type \"" + n.type + "\" (known: " + known + ")", n.pos);
            continue;
        }
        for (const auto &[name, value] : n.params.items()) {
            const FilePos at = n.paramPos.count(name) ? n.paramPos.at(name) : n.pos;
            const ParamSpec *spec = type->param(name);
            if (!spec) {
                std::string known;
                for (const ParamSpec &p : type->params)
                    known += (known.empty() ? "" : ", ") + p.name;
                error(n.id, "param \"" + name + "\"", "unknown for " + type->title + " (it takes " + (known.empty() ? "none" : known) + ")", at);
                continue;
            }
            if (const std::string why = checkParam(*spec, value); !why.empty())
                error(n.id, "param \"" + name + "\"", why, at);
        }
        for (const ParamSpec &spec : type->params)
            if (spec.required && spec.defaultValue.is_null() && (!n.params.contains(spec.name) || n.params[spec.name].is_null()))
                error(n.id, "param \"" + spec.name + "\"", "is required (" + spec.help + ")", n.pos);
    }
    std::map<std::pair<std::string, std::string>, int> into;
    for (const Link &l : g.links) {
        const Node *from = g.node(l.fromNode), *to = g.node(l.toNode);
        if (!from)
            error({}, {}, "a link comes from \"" + l.fromNode + "\", which is not a node", l.pos);
        if (!to)
            error({}, {}, "a link goes to \"" + l.toNode + "\", which is not a node", l.pos);
        if (!from || !to)
            continue;
        const NodeType *ft = registry.find(from->type), *tt = registry.find(to->type);
        if (!ft || !tt)
            continue;
        const PortSpec *out = ft->output(l.fromPort), *in = tt->input(l.toPort);
        if (!out)
            error(from->id, "output \"" + l.fromPort + "\"", ft->title + " has no such output", l.pos);
        if (!in)
            error(to->id, "input \"" + l.toPort + "\"", tt->title + " has no such input", l.pos);
        if (!out || !in)
            continue;
        if (!compatible(out->type, in->type))
            error(to->id, "input \"" + l.toPort + "\"",
                  std::string("takes ") + toString(in->type) + ", but " + l.fromNode + "." + l.fromPort + " gives " + toString(out->type), l.pos);
        if (++into[{l.toNode, l.toPort}] == 2)
            error(to->id, "input \"" + l.toPort + "\"", "has more than one link into it", l.pos);
    }
    for (const Node &n : g.nodes)
        if (const NodeType *type = registry.find(n.type))
            for (const PortSpec &in : type->inputs)
                if (in.required && !into.count({n.id, in.name}))
                    error(n.id, "input \"" + in.name + "\"", std::string("is not connected (it needs ") + toString(in.type) + ")", n.pos);
    std::vector<std::string> cycle;
    if (ids.size() == g.nodes.size() && !g.topologicalOrder(&cycle) && !cycle.empty() && g.node(cycle.front())) {
        std::string path;
        for (const std::string &id : cycle)
            path += id + " → ";
        path += cycle.front();
        error(cycle.front(), {}, "the links form a cycle: " + path, g.node(cycle.front())->pos);
    }
    for (const Trigger &t : g.triggers)
        if (t.kind == "drift" && !g.node(t.value))
            error({}, "trigger", "drift names \"" + t.value + "\", which is not a node", t.pos);
    return out;
}

} // namespace keel::pipeline
