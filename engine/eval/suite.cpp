#include "eval/suite.h"

#include "core/error.h"
#include "data/table.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace keel::eval {

namespace fs = std::filesystem;
using json = nlohmann::json;

const std::vector<std::string> &assertionTypes()
{
    static const std::vector<std::string> types = {
        "equals", "contains", "icontains", "contains-any", "icontains-any", "contains-all", "icontains-all", "regex",
        "starts-with", "is-json", "contains-json", "levenshtein", "rouge-n", "bleu", "similar", "latency", "cost",
        "perplexity", "pii", "prompt-injection", "is-refusal",
        // model-graded
        "llm-rubric", "model-graded-closedqa", "context-faithfulness", "answer-relevance", "context-recall", "context-precision",
        // retrieval against reference contexts (no judge)
        "context-hit-rate", "context-mrr",
        // lm-evaluation-harness's loglikelihood multiple choice, scored on the cell's own (local) model
        "multiple-choice",
    };
    return types;
}

bool isModelGraded(const std::string &type)
{
    return type == "llm-rubric" || type == "model-graded-closedqa" || type == "context-faithfulness" || type == "answer-relevance" ||
           type == "context-recall" || type == "context-precision";
}

std::string renderTemplate(const std::string &text, const std::map<std::string, std::string> &vars)
{
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t open = text.find('{', at);
        if (open == std::string::npos || open + 1 >= text.size()) {
            out.append(text, at, std::string::npos);
            break;
        }
        const char next = text[open + 1];
        if (next != '{' && next != '%' && next != '#') {
            out.append(text, at, open + 1 - at);
            at = open + 1;
            continue;
        }
        out.append(text, at, open - at);
        const std::string closer = next == '{' ? "}}" : next == '%' ? "%}" : "#}";
        const std::size_t close = text.find(closer, open + 2);
        if (close == std::string::npos)
            throwError(ErrorKind::BadInput, "the template has \"{" + std::string(1, next) + "\" at character " + std::to_string(open + 1) +
                                                " without its closing \"" + closer + "\"");
        std::string inside = text.substr(open + 2, close - open - 2);
        at = close + 2;
        if (next == '#')
            continue;
        if (next == '%')
            throwError(ErrorKind::BadInput, "the template uses \"{%" + inside + "%}\": Keel fills in {{ variables }} but does not run Nunjucks' control flow");
        auto trim = [](std::string s) {
            const auto b = s.find_first_not_of(" \t\n");
            const auto e = s.find_last_not_of(" \t\n");
            return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
        };
        std::vector<std::string> parts;
        std::stringstream split(inside);
        for (std::string p; std::getline(split, p, '|');)
            parts.push_back(trim(p));
        if (parts.empty() || parts[0].empty())
            throwError(ErrorKind::BadInput, "the template has an empty {{ }}");
        const auto var = vars.find(parts[0]);
        if (var == vars.end())
            throwError(ErrorKind::BadInput, "the variable '" + parts[0] + "' is not set for this case");
        std::string value = var->second;
        for (std::size_t i = 1; i < parts.size(); ++i) {
            const std::string &filter = parts[i];
            if (filter == "dump") {
                value = json(value).dump();
            } else if (filter == "trim") {
                value = trim(value);
            } else if (filter == "upper" || filter == "lower") {
                for (char &c : value)
                    c = char(filter == "upper" ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
            } else if (filter == "safe") {
            } else {
                throwError(ErrorKind::BadInput, "the template's filter '" + filter + "' is not one Keel knows (dump, trim, upper, lower, safe)");
            }
        }
        out += value;
    }
    return out;
}

namespace {

class Reader {
public:
    Reader(fs::path file, fs::path baseDir) : m_file(std::move(file)), m_base(std::move(baseDir)) {}

    std::string where(const YAML::Node &node) const
    {
        const YAML::Mark m = node.Mark();
        return m_file.filename().string() + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
    }
    [[noreturn]] void fail(const YAML::Node &node, const std::string &message) const
    {
        throwError(ErrorKind::BadInput, m_file.string() + ":" + where(node).substr(m_file.filename().string().size() + 1) + ": " + message);
    }
    void warn(const YAML::Node &node, const std::string &message) { m_warnings.push_back(where(node) + ": " + message); }

    std::string scalar(const YAML::Node &node, const std::string &field) const
    {
        if (!node.IsScalar())
            fail(node, "'" + field + "' must be text, not " + (node.IsSequence() ? "a list" : node.IsMap() ? "a mapping" : "empty"));
        return node.as<std::string>();
    }
    double number(const YAML::Node &node, const std::string &field) const
    {
        try {
            if (node.IsScalar())
                return node.as<double>();
        } catch (const YAML::Exception &) {
        }
        fail(node, "'" + field + "' must be a number, not '" + (node.IsScalar() ? node.as<std::string>() : std::string("...")) + "'");
    }

    static json toJson(const YAML::Node &node)
    {
        switch (node.Type()) {
        case YAML::NodeType::Sequence: {
            json a = json::array();
            for (const auto &item : node)
                a.push_back(toJson(item));
            return a;
        }
        case YAML::NodeType::Map: {
            json o = json::object();
            for (const auto &kv : node)
                o[kv.first.as<std::string>()] = toJson(kv.second);
            return o;
        }
        case YAML::NodeType::Scalar: {
            const std::string s = node.as<std::string>();
            if (node.Tag() == "!")  // quoted: always text
                return s;
            if (s == "true" || s == "True")
                return true;
            if (s == "false" || s == "False")
                return false;
            if (s == "null" || s == "~")
                return nullptr;
            try {
                std::size_t used = 0;
                const long long i = std::stoll(s, &used);
                if (used == s.size())
                    return i;
            } catch (const std::exception &) {
            }
            try {
                std::size_t used = 0;
                const double d = std::stod(s, &used);
                if (used == s.size() && s.find_first_of("0123456789") != std::string::npos)
                    return d;
            } catch (const std::exception &) {
            }
            return s;
        }
        default:
            return nullptr;
        }
    }

    fs::path resolve(const std::string &ref) const
    {
        fs::path p = ref.rfind("file://", 0) == 0 ? fs::path(ref.substr(7)) : fs::path(ref);
        return p.is_absolute() ? p : m_base / p;
    }
    std::string readText(const YAML::Node &node, const fs::path &path) const
    {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            fail(node, "cannot read " + path.string());
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    std::vector<PromptSpec> prompts(const YAML::Node &node)
    {
        std::vector<PromptSpec> out;
        auto add = [&](const YAML::Node &item) {
            PromptSpec p;
            std::string text;
            if (item.IsMap()) {
                for (const auto &kv : item) {
                    const std::string key = kv.first.as<std::string>();
                    if (key == "raw" || key == "text")
                        text = scalar(kv.second, "prompts[]." + key);
                    else if (key == "label")
                        p.label = scalar(kv.second, "prompts[].label");
                    else if (key == "id")
                        text = text.empty() ? scalar(kv.second, "prompts[].id") : text;
                    else if (key == "keelRaw")
                        p.raw = kv.second.as<bool>(false);
                    else
                        warn(kv.first, "the prompt field '" + key + "' is not supported by Keel and is ignored");
                }
            } else {
                text = scalar(item, "prompts[]");
            }
            if (text.rfind("file://", 0) == 0) {
                const fs::path path = resolve(text);
                const std::string content = readText(item, path);
                if (path.extension() == ".json") {
                    p.chat = true;
                    p.text = content;
                    p.id = p.label.empty() ? text : p.label;
                    out.push_back(p);
                    return;
                }
                // promptfoo splits a prompt file on lines of three dashes.
                std::size_t start = 0, n = 0;
                while (start <= content.size()) {
                    std::size_t sep = content.find("\n---\n", start);
                    PromptSpec part = p;
                    part.text = content.substr(start, sep == std::string::npos ? std::string::npos : sep - start);
                    part.id = (p.label.empty() ? text : p.label) + (n ? ":" + std::to_string(n + 1) : "");
                    out.push_back(part);
                    ++n;
                    if (sep == std::string::npos)
                        break;
                    start = sep + 5;
                }
                return;
            }
            p.text = text;
            const auto first = text.find_first_not_of(" \t\n");
            if (first != std::string::npos && text[first] == '[') {
                try {
                    const json messages = json::parse(text);
                    p.chat = messages.is_array();
                } catch (const json::exception &) {
                }
            }
            p.id = p.label.empty() ? text : p.label;
            out.push_back(p);
        };
        if (node.IsSequence())
            for (const auto &item : node)
                add(item);
        else if (node.IsScalar() || node.IsMap())
            add(node);
        if (out.empty())
            fail(node, "'prompts' lists no prompt");
        return out;
    }

    std::vector<ProviderSpec> providers(const YAML::Node &node)
    {
        std::vector<ProviderSpec> out;
        auto add = [&](const YAML::Node &item) {
            ProviderSpec p;
            p.where = where(item);
            if (item.IsMap()) {
                for (const auto &kv : item) {
                    const std::string key = kv.first.as<std::string>();
                    if (key == "id")
                        p.id = scalar(kv.second, "providers[].id");
                    else if (key == "label")
                        p.label = scalar(kv.second, "providers[].label");
                    else if (key == "config")
                        p.config = toJson(kv.second);
                    else
                        warn(kv.first, "the provider field '" + key + "' is not supported by Keel and is ignored");
                }
                if (p.id.empty())
                    fail(item, "a provider needs an 'id' (keel:MODEL, or openai:chat:MODEL with config.apiBaseUrl)");
            } else {
                p.id = scalar(item, "providers[]");
            }
            if (!p.config.is_object())
                fail(item, "the provider's 'config' must be a mapping");
            out.push_back(p);
        };
        if (node.IsSequence())
            for (const auto &item : node)
                add(item);
        else
            add(node);
        if (out.empty())
            fail(node, "'providers' lists no provider");
        return out;
    }

    Assertion assertion(const YAML::Node &node, std::string &caseError)
    {
        Assertion a;
        a.where = where(node);
        if (!node.IsMap())
            fail(node, "an assertion must be a mapping with a 'type'");
        for (const auto &kv : node) {
            const std::string key = kv.first.as<std::string>();
            if (key == "type")
                a.type = scalar(kv.second, "assert[].type");
            else if (key == "value")
                a.value = toJson(kv.second);
            else if (key == "threshold")
                a.threshold = number(kv.second, "assert[].threshold");
            else if (key == "weight")
                a.weight = number(kv.second, "assert[].weight");
            else if (key == "metric")
                a.metric = scalar(kv.second, "assert[].metric");
            else if (key == "provider")
                a.provider = kv.second.IsMap() ? toJson(kv.second).value("id", "") : scalar(kv.second, "assert[].provider");
            else
                warn(kv.first, "the assertion field '" + key + "' is not supported by Keel and is ignored");
        }
        if (a.type.empty())
            fail(node, "an assertion needs a 'type'");
        if (a.type.rfind("not-", 0) == 0) {
            a.negate = true;
            a.type = a.type.substr(4);
        }
        const auto &known = assertionTypes();
        if (std::find(known.begin(), known.end(), a.type) == known.end() && caseError.empty())
            caseError = a.where + ": the assertion type '" + a.fullType() + "' is not one Keel runs";
        if (a.weight < 0)
            fail(node, "an assertion's 'weight' must not be negative");
        return a;
    }

    struct Defaults {
        std::map<std::string, std::string> vars;
        std::vector<Assertion> asserts;
        std::optional<double> threshold;
        std::optional<RetrieveSpec> retrieve;
        json metadata = json::object();
        std::string error;
    };

    RetrieveSpec retrieve(const YAML::Node &node)
    {
        if (!node.IsMap())
            fail(node, "'retrieve' must be a mapping: {index: NAME, k: 4, mode: vector|keyword|hybrid, query: \"{{question}}\"}");
        RetrieveSpec r;
        for (const auto &kv : node) {
            const std::string key = kv.first.as<std::string>();
            if (key == "index")
                r.index = scalar(kv.second, "retrieve.index");
            else if (key == "k")
                r.k = std::size_t(std::max(1.0, number(kv.second, "retrieve.k")));
            else if (key == "mode")
                r.mode = scalar(kv.second, "retrieve.mode");
            else if (key == "query")
                r.query = scalar(kv.second, "retrieve.query");
            else if (key == "guards") {
                if (!kv.second.IsSequence())
                    fail(kv.second, "'retrieve.guards' is a list: [pii, prompt-injection]");
                for (const auto &g : kv.second) {
                    const std::string guard = scalar(g, "retrieve.guards[]");
                    if (guard != "pii" && guard != "prompt-injection")
                        fail(g, "'" + guard + "' is not a guard Keel has for retrieved context (pii, prompt-injection)");
                    r.guards.push_back(guard);
                }
            } else
                fail(kv.first, "'retrieve' has no field '" + key + "' (index, k, mode, query, guards)");
        }
        if (r.index.empty())
            fail(node, "'retrieve' needs an 'index'");
        if (r.mode != "vector" && r.mode != "keyword" && r.mode != "hybrid")
            fail(node, "'retrieve.mode' is vector, keyword or hybrid, not '" + r.mode + "'");
        return r;
    }

    // A test's fields; `vars` may hold lists, which promptfoo expands into one case per combination.
    void testFields(const YAML::Node &node, EvalCase &c, std::map<std::string, std::vector<std::string>> &vars, std::string *grader)
    {
        if (!node.IsMap())
            fail(node, "a test must be a mapping (vars, assert, description...)");
        for (const auto &kv : node) {
            const std::string key = kv.first.as<std::string>();
            if (key == "description") {
                c.description = scalar(kv.second, "description");
            } else if (key == "vars") {
                if (kv.second.IsScalar() && kv.second.as<std::string>().rfind("file://", 0) == 0) {
                    warn(kv.second, "vars from a file are not supported by Keel; list them in the test");
                    continue;
                }
                if (!kv.second.IsMap())
                    fail(kv.second, "'vars' must be a mapping of names to values");
                for (const auto &v : kv.second) {
                    const std::string name = v.first.as<std::string>();
                    std::vector<std::string> values;
                    if (v.second.IsSequence()) {
                        for (const auto &one : v.second)
                            values.push_back(one.IsScalar() ? one.as<std::string>() : toJson(one).dump());
                    } else if (v.second.IsScalar()) {
                        values.push_back(v.second.as<std::string>());
                    } else if (v.second.IsMap()) {
                        values.push_back(toJson(v.second).dump());
                    } else {
                        values.push_back("");
                    }
                    if (values.empty())
                        fail(v.second, "the variable '" + name + "' is an empty list");
                    vars[name] = values;
                }
            } else if (key == "assert") {
                if (!kv.second.IsSequence())
                    fail(kv.second, "'assert' must be a list of assertions");
                for (const auto &a : kv.second)
                    c.asserts.push_back(assertion(a, c.error));
            } else if (key == "threshold") {
                c.threshold = number(kv.second, "threshold");
            } else if (key == "metadata") {
                c.metadata = toJson(kv.second);
            } else if (key == "retrieve") {
                c.retrieve = retrieve(kv.second);
            } else if (key == "provider" || key == "providers") {
                c.providerFilter = kv.second.IsSequence() ? toJson(kv.second).dump() : scalar(kv.second, key);
            } else if (key == "options") {
                if (!kv.second.IsMap())
                    fail(kv.second, "'options' must be a mapping");
                for (const auto &o : kv.second) {
                    const std::string option = o.first.as<std::string>();
                    if (option == "provider" && grader)
                        *grader = o.second.IsMap() ? toJson(o.second).value("id", "") : scalar(o.second, "options.provider");
                    else
                        warn(o.first, "the option '" + option + "' is not supported by Keel and is ignored");
                }
            } else {
                warn(kv.first, "the test field '" + key + "' is not supported by Keel and is ignored");
            }
        }
    }

    void expand(const EvalCase &base, const std::map<std::string, std::vector<std::string>> &vars, const Defaults &d, std::vector<EvalCase> &out)
    {
        std::vector<std::pair<std::string, std::vector<std::string>>> lists(vars.begin(), vars.end());
        std::vector<std::size_t> at(lists.size(), 0);
        while (true) {
            EvalCase c = base;
            c.vars = d.vars;
            for (std::size_t i = 0; i < lists.size(); ++i)
                c.vars[lists[i].first] = lists[i].second[at[i]];
            std::vector<Assertion> asserts = d.asserts;
            asserts.insert(asserts.end(), c.asserts.begin(), c.asserts.end());
            c.asserts = std::move(asserts);
            if (!c.threshold)
                c.threshold = d.threshold;
            if (!c.retrieve)
                c.retrieve = d.retrieve;
            json metadata = d.metadata;
            metadata.update(c.metadata);
            c.metadata = metadata;
            if (c.error.empty())
                c.error = d.error;
            out.push_back(std::move(c));
            std::size_t i = 0;
            for (; i < lists.size(); ++i) {
                if (++at[i] < lists[i].second.size())
                    break;
                at[i] = 0;
            }
            if (i == lists.size())
                break;
        }
    }

    void testsFromNode(const YAML::Node &node, const Defaults &d, std::vector<EvalCase> &out, const std::string &whereOverride = {})
    {
        EvalCase c;
        c.where = whereOverride.empty() ? where(node) : whereOverride;
        std::map<std::string, std::vector<std::string>> vars;
        testFields(node, c, vars, nullptr);
        expand(c, vars, d, out);
    }

    // promptfoo's CSV shorthand for an expected value: "contains: x", "not-icontains: x",
    // "similar(0.8): x", "llm-rubric: x"; anything else is equals.
    Assertion expectedFromCsv(const std::string &cell, const std::string &at, std::string &caseError)
    {
        Assertion a;
        a.where = at;
        const auto colon = cell.find(':');
        std::string head = colon == std::string::npos ? std::string() : cell.substr(0, colon);
        std::optional<double> threshold;
        if (const auto paren = head.find('('); paren != std::string::npos && head.back() == ')') {
            try {
                threshold = std::stod(head.substr(paren + 1, head.size() - paren - 2));
            } catch (const std::exception &) {
            }
            head = head.substr(0, paren);
        }
        std::string bare = head.rfind("not-", 0) == 0 ? head.substr(4) : head;
        const auto &known = assertionTypes();
        if (!head.empty() && std::find(known.begin(), known.end(), bare) != known.end()) {
            a.type = bare;
            a.negate = bare.size() != head.size();
            std::string v = cell.substr(colon + 1);
            v.erase(0, v.find_first_not_of(' '));
            a.value = v;
            a.threshold = threshold;
        } else if (!head.empty() && (head == "javascript" || head == "python" || head == "fn" || head == "eval" || head == "grade")) {
            a.type = head;
            if (caseError.empty())
                caseError = at + ": the assertion type '" + head + "' is not one Keel runs";
        } else {
            a.type = "equals";
            a.value = cell;
        }
        return a;
    }

    void testsFromCsv(const YAML::Node &node, const fs::path &path, const Defaults &d, std::vector<EvalCase> &out)
    {
        data::Table table;
        try {
            const data::Table header = data::readDelimited(path, {}, 1);
            std::map<std::string, data::ColumnType> asText;
            for (const auto &col : header.columns)
                asText[col.name] = data::ColumnType::Text;
            table = data::readDelimited(path, asText);
        } catch (const Error &e) {
            fail(node, e.what());
        }
        // Each column's cell per row (missing cells empty).
        std::vector<std::vector<std::string>> cells(table.columns.size(), std::vector<std::string>(table.rows));
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const data::Column &col = table.columns[c];
            for (std::size_t i = 0; i < col.present(); ++i)
                cells[c][col.row(i)] = col.text(i);
        }
        for (std::size_t r = 0; r < table.rows; ++r) {
            EvalCase c;
            c.where = path.filename().string() + ":" + std::to_string(r + 2);
            std::map<std::string, std::vector<std::string>> vars;
            for (std::size_t col = 0; col < table.columns.size(); ++col) {
                const std::string &name = table.columns[col].name;
                const std::string &cell = cells[col][r];
                if (name.rfind("__expected", 0) == 0) {
                    if (!cell.empty())
                        c.asserts.push_back(expectedFromCsv(cell, c.where, c.error));
                } else if (name == "__description") {
                    c.description = cell;
                } else if (name == "__threshold") {
                    if (!cell.empty()) {
                        try {
                            c.threshold = std::stod(cell);
                        } catch (const std::exception &) {
                            fail(node, path.string() + ":" + std::to_string(r + 2) + ": __threshold '" + cell + "' is not a number");
                        }
                    }
                } else if (name.rfind("__metadata:", 0) == 0) {
                    c.metadata[name.substr(11)] = cell;
                } else if (name.rfind("__", 0) == 0) {
                    warn(node, path.filename().string() + ": the column '" + name + "' is not one Keel reads and is ignored");
                } else {
                    vars[name] = {cell};
                }
            }
            expand(c, vars, d, out);
        }
    }

    void testsFromFile(const YAML::Node &node, const std::string &ref, const Defaults &d, std::vector<EvalCase> &out)
    {
        const fs::path path = resolve(ref);
        const std::string ext = path.extension().string();
        if (ext == ".csv" || ext == ".tsv") {
            testsFromCsv(node, path, d, out);
            return;
        }
        if (ext == ".jsonl") {
            std::ifstream in(path);
            if (!in)
                fail(node, "cannot read " + path.string());
            std::size_t lineNo = 0;
            for (std::string line; std::getline(in, line);) {
                ++lineNo;
                if (line.find_first_not_of(" \t\r") == std::string::npos)
                    continue;
                const std::string at = path.filename().string() + ":" + std::to_string(lineNo);
                try {
                    if (!json::parse(line).is_object())
                        throwError(ErrorKind::BadInput, path.string() + ":" + std::to_string(lineNo) + ": a test line must be a JSON object");
                } catch (const json::exception &e) {
                    throwError(ErrorKind::BadInput, path.string() + ":" + std::to_string(lineNo) + ": not JSON: " + e.what());
                }
                Reader inner(path, m_base);
                const YAML::Node test = YAML::Load(line);
                inner.testsFromNode(test, d, out, at);
                for (auto &w : inner.m_warnings)
                    m_warnings.push_back(at + ": " + w);
            }
            return;
        }
        if (ext == ".yaml" || ext == ".yml" || ext == ".json") {
            YAML::Node root;
            try {
                root = YAML::LoadFile(path.string());
            } catch (const YAML::Exception &e) {
                throwError(ErrorKind::BadInput, path.string() + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                                                    ": " + e.msg);
            }
            Reader inner(path, path.parent_path());
            if (!root.IsSequence())
                inner.fail(root, "a test file must hold a list of tests");
            for (const auto &t : root)
                inner.testsFromNode(t, d, out);
            m_warnings.insert(m_warnings.end(), inner.m_warnings.begin(), inner.m_warnings.end());
            return;
        }
        fail(node, "tests from '" + ref + "': Keel reads .csv, .tsv, .jsonl, .yaml and .json test files");
    }

    EvalSuite read(const std::string &text)
    {
        YAML::Node root;
        try {
            root = YAML::Load(text);
        } catch (const YAML::Exception &e) {
            throwError(ErrorKind::BadInput, m_file.string() + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + e.msg);
        }
        if (!root.IsMap())
            throwError(ErrorKind::BadInput, m_file.string() + ":1:1: an eval suite is a mapping with prompts, providers and tests");
        EvalSuite suite;
        suite.file = m_file;
        Defaults d;
        YAML::Node prompts, providers, tests;
        bool hasPrompts = false, hasProviders = false, hasTests = false;
        for (const auto &kv : root) {
            const std::string key = kv.first.as<std::string>();
            if (key == "description")
                suite.description = scalar(kv.second, "description");
            else if (key == "prompts") {
                prompts = kv.second;
                hasPrompts = true;
            } else if (key == "providers" || key == "targets") {
                providers = kv.second;
                hasProviders = true;
            } else if (key == "tests") {
                tests = kv.second;
                hasTests = true;
            }
            else if (key == "defaultTest") {
                EvalCase c;
                std::map<std::string, std::vector<std::string>> vars;
                testFields(kv.second, c, vars, &suite.grader);
                for (const auto &[name, values] : vars) {
                    if (values.size() != 1)
                        fail(kv.second, "defaultTest's variable '" + name + "' must have one value");
                    d.vars[name] = values[0];
                }
                d.asserts = c.asserts;
                d.threshold = c.threshold;
                d.retrieve = c.retrieve;
                d.metadata = c.metadata;
                d.error = c.error;
            } else if (key == "sharing" || key == "tags" || key == "$schema")
                continue;
            else
                warn(kv.first, "'" + key + "' is not supported by Keel and is ignored");
        }
        if (!hasPrompts)
            fail(root, "the suite has no 'prompts'");
        if (!hasProviders)
            fail(root, "the suite has no 'providers'");
        suite.prompts = this->prompts(prompts);
        suite.providers = this->providers(providers);
        if (hasTests && !tests.IsNull()) {
            if (tests.IsScalar()) {
                testsFromFile(tests, tests.as<std::string>(), d, suite.cases);
            } else if (tests.IsSequence()) {
                for (const auto &t : tests) {
                    if (t.IsScalar())
                        testsFromFile(t, t.as<std::string>(), d, suite.cases);
                    else
                        testsFromNode(t, d, suite.cases);
                }
            } else {
                fail(tests, "'tests' must be a list of tests or a file:// path");
            }
        } else {
            // promptfoo runs the prompts once with defaultTest alone when there are no tests.
            EvalCase c;
            c.where = where(root);
            expand(c, {}, d, suite.cases);
        }
        for (std::size_t i = 0; i < suite.cases.size(); ++i)
            suite.cases[i].index = i;
        suite.warnings = m_warnings;
        return suite;
    }

private:
    fs::path m_file, m_base;
    std::vector<std::string> m_warnings;
};

} // namespace

EvalSuite parseSuite(const std::string &yaml, const fs::path &file, const fs::path &baseDir)
{
    return Reader(file, baseDir).read(yaml);
}

EvalSuite readSuite(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "cannot read the suite " + file.string());
    std::stringstream s;
    s << in.rdbuf();
    return parseSuite(s.str(), file, file.parent_path());
}

bool runsLocalModels(const EvalSuite &suite)
{
    const auto local = [](const std::string &id) { return id.rfind("keel:", 0) == 0; };
    return local(suite.grader) || std::any_of(suite.providers.begin(), suite.providers.end(), [&](const ProviderSpec &p) { return local(p.id); });
}

} // namespace keel::eval
