#include "pipeline/pipelinefile.h"

#include "core/error.h"
#include "core/numbertext.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

namespace keel::pipeline {

namespace {

using Json = nlohmann::ordered_json;

struct Reader {
    std::string file;

    FilePos pos(const YAML::Node &n) const
    {
        const YAML::Mark m = n.Mark();
        return m.is_null() ? FilePos{} : FilePos{m.line + 1, m.column + 1};
    }
    [[noreturn]] void fail(const YAML::Node &n, const std::string &message) const
    {
        const FilePos p = pos(n);
        throwError(ErrorKind::BadInput, file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + message);
    }
    void onlyKeys(const YAML::Node &map, const std::set<std::string> &allowed, const std::string &what) const
    {
        for (const auto &kv : map) {
            const std::string key = kv.first.Scalar();
            if (!allowed.count(key)) {
                std::string list;
                for (const std::string &a : allowed)
                    list += (list.empty() ? "" : ", ") + a;
                fail(kv.first, "unknown key \"" + key + "\" in " + what + " (expected " + list + ")");
            }
        }
    }
    std::string text(const YAML::Node &n, const std::string &what) const
    {
        if (!n.IsScalar())
            fail(n, what + " must be text");
        return n.Scalar();
    }
    // A YAML value as JSON, scalars typed by YAML 1.2's core schema.
    Json value(const YAML::Node &n) const
    {
        switch (n.Type()) {
        case YAML::NodeType::Null: return nullptr;
        case YAML::NodeType::Scalar: {
            const std::string &s = n.Scalar();
            if (n.Tag() == "!") // quoted
                return s;
            static const std::regex integer(R"([-+]?[0-9]+)"), real(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
            if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
                return nullptr;
            if (s == "true" || s == "True" || s == "TRUE")
                return true;
            if (s == "false" || s == "False" || s == "FALSE")
                return false;
            if (std::regex_match(s, integer)) {
                try {
                    return std::stoll(s);
                } catch (const std::out_of_range &) {
                    return std::strtod(s.c_str(), nullptr);
                }
            }
            if (std::regex_match(s, real))
                return std::strtod(s.c_str(), nullptr);
            return s;
        }
        case YAML::NodeType::Sequence: {
            Json a = Json::array();
            for (const auto &e : n)
                a.push_back(value(e));
            return a;
        }
        case YAML::NodeType::Map: {
            Json o = Json::object();
            for (const auto &kv : n)
                o[kv.first.Scalar()] = value(kv.second);
            return o;
        }
        case YAML::NodeType::Undefined: break;
        }
        return nullptr;
    }
};

// YAML text as a node tree; a syntax error names where, the line and the column.
YAML::Node loadYaml(const std::string &text, const std::string &where)
{
    try {
        return YAML::Load(text);
    } catch (const YAML::ParserException &e) {
        throwError(ErrorKind::BadInput, where + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
}

// "node.port" of a link end.
std::pair<std::string, std::string> endOf(const Reader &r, const YAML::Node &n, const char *which)
{
    const std::string s = r.text(n, std::string("a link's \"") + which + "\"");
    const auto dot = s.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == s.size())
        r.fail(n, std::string("a link's \"") + which + "\" must be NODE.PORT, not \"" + s + "\"");
    return {s.substr(0, dot), s.substr(dot + 1)};
}

// Numbers in their shortest round-trip form: 0.25, not 0.25000000000000000.
std::string numberText(const Json &v)
{
    if (v.is_number_integer())
        return std::to_string(v.get<long long>());
    if (v.is_number_unsigned())
        return std::to_string(v.get<unsigned long long>());
    const double d = v.get<double>();
    if (std::isnan(d))
        return ".nan";
    if (std::isinf(d))
        return d > 0 ? ".inf" : "-.inf";
    std::string s = shortestNumber(d);
    if (s.find_first_of(".e") == std::string::npos)
        s += ".0"; // stays a float when read again
    return s;
}

void emit(YAML::Emitter &out, const Json &v)
{
    if (v.is_null()) {
        out << YAML::Null;
    } else if (v.is_boolean()) {
        out << (v.get<bool>() ? "true" : "false");
    } else if (v.is_number()) {
        out << numberText(v);
    } else if (v.is_string()) {
        // Text that would read back as something else is quoted.
        const std::string s = v.get<std::string>();
        bool ambiguous = true;
        try {
            Reader r;
            const YAML::Node read = YAML::Load(s);
            const Json plain = read.IsScalar() ? r.value(read) : Json();
            ambiguous = s.empty() || !plain.is_string() || plain.get<std::string>() != s;
        } catch (const YAML::Exception &) {
        }
        if (ambiguous)
            out << YAML::DoubleQuoted << s;
        else
            out << s;
    } else if (v.is_array()) {
        const bool flat = std::all_of(v.begin(), v.end(), [](const Json &e) { return !e.is_structured(); });
        out << (flat ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
        for (const auto &e : v)
            emit(out, e);
        out << YAML::EndSeq;
    } else {
        out << YAML::BeginMap;
        for (const auto &[k, e] : v.items()) {
            out << YAML::Key << k << YAML::Value;
            emit(out, e);
        }
        out << YAML::EndMap;
    }
}

} // namespace

Graph parsePipeline(const std::string &text, const std::string &fileName)
{
    Reader r{fileName};
    const YAML::Node root = loadYaml(text, fileName);
    if (!root.IsMap())
        throwError(ErrorKind::BadInput, fileName + ": a pipeline file is a mapping with name, nodes and links");
    r.onlyKeys(root, {"name", "description", "nodes", "links", "triggers"}, "the pipeline");
    Graph g;
    if (root["name"])
        g.name = r.text(root["name"], "name");
    if (root["description"])
        g.description = r.text(root["description"], "description");
    if (const YAML::Node nodes = root["nodes"]) {
        if (!nodes.IsSequence())
            r.fail(nodes, "\"nodes\" must be a list");
        for (const YAML::Node &n : nodes) {
            if (!n.IsMap())
                r.fail(n, "a node must be a mapping with id and type");
            r.onlyKeys(n, {"id", "type", "params", "position"}, "a node");
            Node node;
            node.pos = r.pos(n);
            if (!n["id"])
                r.fail(n, "a node needs an \"id\"");
            if (!n["type"])
                r.fail(n, "node \"" + n["id"].as<std::string>("") + "\" needs a \"type\"");
            node.id = r.text(n["id"], "a node's id");
            node.type = r.text(n["type"], "a node's type");
            if (const YAML::Node p = n["position"]) {
                if (!p.IsSequence() || p.size() != 2 || !r.value(p[0]).is_number() || !r.value(p[1]).is_number())
                    r.fail(p, "\"position\" must be [x, y]");
                node.x = r.value(p[0]).get<double>();
                node.y = r.value(p[1]).get<double>();
            }
            if (const YAML::Node params = n["params"]) {
                if (!params.IsMap() && !params.IsNull())
                    r.fail(params, "\"params\" of node \"" + node.id + "\" must be a mapping");
                for (const auto &kv : params) {
                    node.params[kv.first.Scalar()] = r.value(kv.second);
                    node.paramPos[kv.first.Scalar()] = r.pos(kv.second);
                }
            }
            g.nodes.push_back(std::move(node));
        }
    }
    if (const YAML::Node links = root["links"]) {
        if (!links.IsSequence())
            r.fail(links, "\"links\" must be a list");
        for (const YAML::Node &l : links) {
            if (!l.IsMap() || !l["from"] || !l["to"])
                r.fail(l, "a link needs \"from\" and \"to\" (NODE.PORT each)");
            r.onlyKeys(l, {"from", "to"}, "a link");
            Link link;
            link.pos = r.pos(l);
            std::tie(link.fromNode, link.fromPort) = endOf(r, l["from"], "from");
            std::tie(link.toNode, link.toPort) = endOf(r, l["to"], "to");
            g.links.push_back(std::move(link));
        }
    }
    if (const YAML::Node triggers = root["triggers"]) {
        if (!triggers.IsSequence())
            r.fail(triggers, "\"triggers\" must be a list");
        for (const YAML::Node &t : triggers) {
            if (!t.IsMap() || t.size() != 1)
                r.fail(t, "a trigger is one of schedule: CRON, files: FOLDER, drift: NODE");
            r.onlyKeys(t, {"schedule", "files", "drift"}, "a trigger");
            const auto kv = *t.begin();
            g.triggers.push_back({kv.first.Scalar(), r.text(kv.second, "a trigger's value"), r.pos(t)});
        }
    }
    return g;
}

std::string formatYaml(const nlohmann::ordered_json &value)
{
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, value);
    return std::string(out.c_str()) + "\n";
}

std::string formatParams(const nlohmann::ordered_json &params)
{
    return params.empty() ? std::string() : formatYaml(params);
}

nlohmann::ordered_json parseParams(const std::string &text, const std::string &where)
{
    Reader r{where};
    const YAML::Node root = loadYaml(text, where);
    if (root.IsNull())
        return Json::object();
    if (!root.IsMap())
        throwError(ErrorKind::BadInput, where + ": params are \"name: value\" lines");
    return r.value(root);
}

Graph loadPipeline(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, file.string() + ": no such pipeline file");
    std::ostringstream text;
    text << in.rdbuf();
    return parsePipeline(text.str(), file.string());
}

std::string formatPipeline(const Graph &g)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value;
    emit(out, g.name);
    if (!g.description.empty()) {
        out << YAML::Key << "description" << YAML::Value;
        emit(out, g.description);
    }
    out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
    for (const Node &n : g.nodes) {
        out << YAML::BeginMap;
        out << YAML::Key << "id" << YAML::Value;
        emit(out, n.id);
        out << YAML::Key << "type" << YAML::Value;
        emit(out, n.type);
        out << YAML::Key << "position" << YAML::Value;
        emit(out, Json::array({n.x, n.y}));
        if (!n.params.empty()) {
            out << YAML::Key << "params" << YAML::Value;
            emit(out, n.params);
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::Key << "links" << YAML::Value << YAML::BeginSeq;
    for (const Link &l : g.links)
        out << YAML::BeginMap << YAML::Key << "from" << YAML::Value << (l.fromNode + "." + l.fromPort) << YAML::Key << "to" << YAML::Value
            << (l.toNode + "." + l.toPort) << YAML::EndMap;
    out << YAML::EndSeq;
    if (!g.triggers.empty()) {
        out << YAML::Key << "triggers" << YAML::Value << YAML::BeginSeq;
        for (const Trigger &t : g.triggers) {
            out << YAML::BeginMap << YAML::Key << t.kind << YAML::Value;
            emit(out, t.value);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

void savePipeline(const Graph &graph, const std::filesystem::path &file)
{
    const std::string text = formatPipeline(graph);
    const auto temp = file.parent_path() / ("." + file.filename().string() + ".saving");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out)
            throwError(ErrorKind::Io, temp.string() + ": cannot write");
    }
    if (FILE *f = std::fopen(temp.c_str(), "rb")) {
        ::fsync(fileno(f));
        std::fclose(f);
    }
    std::error_code ec;
    std::filesystem::rename(temp, file, ec);
    if (ec)
        throwError(ErrorKind::Io, file.string() + ": cannot save (" + ec.message() + ")");
}

} // namespace keel::pipeline
