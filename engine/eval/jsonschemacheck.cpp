#include "eval/jsonschemacheck.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

namespace keel::eval {

namespace {
using json = nlohmann::json;

std::string typeName(const json &v)
{
    switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "value";
    }
}

bool hasType(const json &v, const std::string &type)
{
    if (type == "number")
        return v.is_number();
    if (type == "integer")
        return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    return typeName(v) == type;
}

std::size_t codePoints(const std::string &s)
{
    std::size_t n = 0;
    for (const unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

class Checker {
public:
    explicit Checker(const json &root) : m_root(root) {}

    void check(const json &v, const json &schema, const std::string &at, std::vector<std::string> &out, int depth = 0)
    {
        if (depth > 64) {
            out.push_back(at + ": the schema nests deeper than 64 levels");
            return;
        }
        if (schema.is_boolean()) {
            if (!schema.get<bool>())
                out.push_back(at + ": no value is allowed here");
            return;
        }
        if (!schema.is_object())
            return;
        const std::string where = at.empty() ? "/" : at;
        if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
            const std::string r = ref->get<std::string>();
            if (r.rfind("#/", 0) == 0) {
                try {
                    check(v, m_root.at(json::json_pointer(r.substr(1))), at, out, depth + 1);
                } catch (const json::exception &) {
                    out.push_back(where + ": the schema's $ref " + r + " points nowhere");
                }
            } else if (r == "#") {
                check(v, m_root, at, out, depth + 1);
            }
        }
        if (auto t = schema.find("type"); t != schema.end()) {
            bool ok = false;
            std::string expected;
            for (const json &one : t->is_array() ? *t : json::array({*t})) {
                if (!one.is_string())
                    continue;
                ok = ok || hasType(v, one.get<std::string>()) || (one == "null" && v.is_null());
                expected += (expected.empty() ? "" : " or ") + one.get<std::string>();
            }
            if (!ok) {
                out.push_back(where + ": expected " + article(expected) + ", got " + article(typeName(v)));
                return;
            }
        }
        if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
            if (std::find(e->begin(), e->end(), v) == e->end())
                out.push_back(where + ": " + v.dump() + " is not one of " + e->dump());
        }
        if (auto c = schema.find("const"); c != schema.end() && *c != v)
            out.push_back(where + ": expected " + c->dump() + ", got " + v.dump());
        if (v.is_object())
            checkObject(v, schema, at, out, depth);
        if (v.is_array())
            checkArray(v, schema, at, out, depth);
        if (v.is_string()) {
            const std::string s = v.get<std::string>();
            if (auto m = schema.find("minLength"); m != schema.end() && m->is_number() && codePoints(s) < m->get<double>())
                out.push_back(where + ": shorter than " + m->dump() + " characters");
            if (auto m = schema.find("maxLength"); m != schema.end() && m->is_number() && codePoints(s) > m->get<double>())
                out.push_back(where + ": longer than " + m->dump() + " characters");
            if (auto p = schema.find("pattern"); p != schema.end() && p->is_string()) {
                try {
                    if (!std::regex_search(s, std::regex(p->get<std::string>(), std::regex::ECMAScript)))
                        out.push_back(where + ": does not match the pattern " + p->dump());
                } catch (const std::regex_error &) {
                    out.push_back(where + ": the schema's pattern " + p->dump() + " is not a regular expression");
                }
            }
        }
        if (v.is_number()) {
            const double x = v.get<double>();
            auto bound = [&](const char *key, auto fails, const char *words) {
                if (auto b = schema.find(key); b != schema.end() && b->is_number() && fails(x, b->get<double>()))
                    out.push_back(where + ": " + v.dump() + " " + words + " " + b->dump());
            };
            bound("minimum", [](double a, double b) { return a < b; }, "is less than");
            bound("maximum", [](double a, double b) { return a > b; }, "is more than");
            bound("exclusiveMinimum", [](double a, double b) { return a <= b; }, "is not more than");
            bound("exclusiveMaximum", [](double a, double b) { return a >= b; }, "is not less than");
            if (auto m = schema.find("multipleOf"); m != schema.end() && m->is_number() && m->get<double>() > 0) {
                const double q = x / m->get<double>();
                if (std::abs(q - std::round(q)) > 1e-9)
                    out.push_back(where + ": " + v.dump() + " is not a multiple of " + m->dump());
            }
        }
        if (auto all = schema.find("allOf"); all != schema.end() && all->is_array())
            for (const json &s : *all)
                check(v, s, at, out, depth + 1);
        auto matches = [&](const json &s) {
            std::vector<std::string> inner;
            check(v, s, at, inner, depth + 1);
            return inner.empty();
        };
        if (auto any = schema.find("anyOf"); any != schema.end() && any->is_array()) {
            if (std::none_of(any->begin(), any->end(), matches))
                out.push_back(where + ": matches none of anyOf's schemas");
        }
        if (auto one = schema.find("oneOf"); one != schema.end() && one->is_array()) {
            const auto n = std::count_if(one->begin(), one->end(), matches);
            if (n != 1)
                out.push_back(where + ": matches " + std::to_string(n) + " of oneOf's schemas, not exactly one");
        }
        if (auto no = schema.find("not"); no != schema.end() && matches(*no))
            out.push_back(where + ": matches the schema under \"not\"");
    }

private:
    static std::string article(const std::string &word)
    {
        return (std::string("aeiou").find(word.empty() ? 'x' : word[0]) != std::string::npos ? "an " : "a ") + word;
    }

    void checkObject(const json &v, const json &schema, const std::string &at, std::vector<std::string> &out, int depth)
    {
        const json empty = json::object();
        const json &properties = schema.contains("properties") && schema["properties"].is_object() ? schema["properties"] : empty;
        if (auto r = schema.find("required"); r != schema.end() && r->is_array())
            for (const json &name : *r)
                if (name.is_string() && !v.contains(name.get<std::string>()))
                    out.push_back((at.empty() ? "/" : at) + ": the required property \"" + name.get<std::string>() + "\" is missing");
        const auto additional = schema.find("additionalProperties");
        for (const auto &[key, value] : v.items()) {
            const std::string path = at + "/" + key;
            if (auto p = properties.find(key); p != properties.end())
                check(value, *p, path, out, depth + 1);
            else if (additional != schema.end())
                check(value, *additional, path, out, depth + 1);
        }
        if (auto m = schema.find("minProperties"); m != schema.end() && m->is_number() && double(v.size()) < m->get<double>())
            out.push_back((at.empty() ? "/" : at) + ": fewer than " + m->dump() + " properties");
        if (auto m = schema.find("maxProperties"); m != schema.end() && m->is_number() && double(v.size()) > m->get<double>())
            out.push_back((at.empty() ? "/" : at) + ": more than " + m->dump() + " properties");
    }

    void checkArray(const json &v, const json &schema, const std::string &at, std::vector<std::string> &out, int depth)
    {
        std::size_t first = 0;
        if (auto prefix = schema.find("prefixItems"); prefix != schema.end() && prefix->is_array()) {
            for (; first < std::min(prefix->size(), v.size()); ++first)
                check(v[first], (*prefix)[first], at + "/" + std::to_string(first), out, depth + 1);
        }
        if (auto items = schema.find("items"); items != schema.end() && (items->is_object() || items->is_boolean()))
            for (std::size_t i = first; i < v.size(); ++i)
                check(v[i], *items, at + "/" + std::to_string(i), out, depth + 1);
        const std::string where = at.empty() ? "/" : at;
        if (auto m = schema.find("minItems"); m != schema.end() && m->is_number() && double(v.size()) < m->get<double>())
            out.push_back(where + ": fewer than " + m->dump() + " items");
        if (auto m = schema.find("maxItems"); m != schema.end() && m->is_number() && double(v.size()) > m->get<double>())
            out.push_back(where + ": more than " + m->dump() + " items");
        if (auto u = schema.find("uniqueItems"); u != schema.end() && u->is_boolean() && u->get<bool>()) {
            std::set<std::string> seen;
            for (const json &item : v)
                if (!seen.insert(item.dump()).second) {
                    out.push_back(where + ": " + item.dump() + " appears more than once");
                    break;
                }
        }
    }

    const json &m_root;
};
} // namespace

std::vector<std::string> schemaViolations(const nlohmann::json &value, const nlohmann::json &schema)
{
    std::vector<std::string> out;
    Checker(schema).check(value, schema, "", out);
    return out;
}

} // namespace keel::eval
