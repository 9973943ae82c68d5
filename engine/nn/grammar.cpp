#include "nn/grammar.h"

#include "core/error.h"
#include "nn/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace keel::nn {

namespace {

using Json = nlohmann::ordered_json; // properties keep the schema's order

struct Sym {
    bool rule = false;
    std::uint32_t id = 0;
};
using Seq = std::vector<Sym>;

Seq operator+(Seq a, const Seq &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

// Builds a Grammar: rules are reserved, then defined; byte classes are shared.
class GrammarBuilder {
public:
    std::uint32_t reserve()
    {
        m_defs.emplace_back();
        return std::uint32_t(m_defs.size() - 1);
    }
    void define(std::uint32_t rule, std::vector<Seq> alternatives) { m_defs[rule] = std::move(alternatives); }
    Sym rule(std::vector<Seq> alternatives)
    {
        const std::uint32_t r = reserve();
        define(r, std::move(alternatives));
        return {true, r};
    }
    Sym ref(std::uint32_t rule) const { return {true, rule}; }
    Sym bytes(const std::bitset<256> &set)
    {
        const std::string key = set.to_string();
        const auto it = m_classIndex.find(key);
        if (it != m_classIndex.end())
            return {false, it->second};
        m_classes.push_back(set);
        m_classIndex.emplace(key, std::uint32_t(m_classes.size() - 1));
        return {false, std::uint32_t(m_classes.size() - 1)};
    }
    Sym range(unsigned char from, unsigned char to)
    {
        std::bitset<256> set;
        for (unsigned c = from; c <= to; ++c)
            set.set(c);
        return bytes(set);
    }
    Sym oneOf(std::string_view chars)
    {
        std::bitset<256> set;
        for (unsigned char c : chars)
            set.set(c);
        return bytes(set);
    }
    Seq text(std::string_view s)
    {
        Seq out;
        for (unsigned char c : s)
            out.push_back(range(c, c));
        return out;
    }
    Sym optional(const Seq &x) { return rule({x, {}}); }
    Sym star(const Seq &x)
    {
        const std::uint32_t r = reserve();
        define(r, {x + Seq{ref(r)}, {}});
        return ref(r);
    }
    // x repeated min to max times (max < 0: no upper bound).
    Seq repeat(const Seq &x, std::size_t min, long long max)
    {
        Seq out;
        for (std::size_t i = 0; i < min; ++i)
            out = out + x;
        if (max < 0) {
            out.push_back(star(x));
        } else if (std::size_t(max) > min) {
            // opt_k: up to k more.
            Sym tail = rule({{}});
            for (std::size_t k = 1; k <= std::size_t(max) - min; ++k)
                tail = rule({x + Seq{tail}, {}});
            out.push_back(tail);
        }
        return out;
    }

    std::shared_ptr<const Grammar> build(std::uint32_t start)
    {
        auto g = std::make_shared<Grammar>();
        g->m_classes = m_classes;
        // The start rule becomes rule 0: a rule of one alternative referring to it.
        std::vector<std::vector<Seq>> defs;
        defs.push_back({Seq{Sym{true, start + 1}}});
        for (auto &d : m_defs) {
            for (Seq &alt : d)
                for (Sym &s : alt)
                    if (s.rule)
                        ++s.id;
            defs.push_back(std::move(d));
        }
        checkNoLeftRecursion(defs);
        g->m_rules.resize(defs.size());
        for (std::size_t r = 0; r < defs.size(); ++r)
            for (const Seq &alt : defs[r]) {
                g->m_rules[r].push_back(std::uint32_t(g->m_symbols.size()));
                for (const Sym &s : alt)
                    g->m_symbols.push_back({s.rule ? Grammar::Kind::Rule : Grammar::Kind::Bytes, s.id});
                g->m_symbols.push_back({Grammar::Kind::End, 0});
            }
        return g;
    }

private:
    // A rule that can come back to itself before reading a byte would make the matcher loop
    // (a schema whose $ref points back at itself with nothing written in between).
    static void checkNoLeftRecursion(const std::vector<std::vector<Seq>> &defs)
    {
        std::vector<bool> nullable(defs.size(), false);
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t r = 0; r < defs.size(); ++r)
                if (!nullable[r])
                    for (const Seq &alt : defs[r])
                        if (std::all_of(alt.begin(), alt.end(), [&](const Sym &x) { return x.rule && nullable[x.id]; })) {
                            nullable[r] = changed = true;
                            break;
                        }
        }
        std::vector<std::vector<std::uint32_t>> first(defs.size());
        for (std::size_t r = 0; r < defs.size(); ++r)
            for (const Seq &alt : defs[r])
                for (const Sym &x : alt) {
                    if (!x.rule)
                        break;
                    first[r].push_back(x.id);
                    if (!nullable[x.id])
                        break;
                }
        std::vector<int> colour(defs.size(), 0); // 0 new, 1 on the path, 2 done
        std::vector<std::pair<std::uint32_t, std::size_t>> path;
        for (std::uint32_t start = 0; start < defs.size(); ++start) {
            if (colour[start])
                continue;
            path.push_back({start, 0});
            colour[start] = 1;
            while (!path.empty()) {
                auto &[r, next] = path.back();
                if (next == first[r].size()) {
                    colour[r] = 2;
                    path.pop_back();
                    continue;
                }
                const std::uint32_t to = first[r][next++];
                if (colour[to] == 1)
                    throwError(ErrorKind::BadInput, "the schema refers to itself ($ref) before anything is written, so no document can match it");
                if (colour[to] == 0) {
                    colour[to] = 1;
                    path.push_back({to, 0});
                }
            }
        }
    }

    std::vector<std::vector<Seq>> m_defs;
    std::vector<std::bitset<256>> m_classes;
    std::map<std::string, std::uint32_t> m_classIndex;
};

namespace {

// JSON's lexical pieces and a JSON Schema compiled onto a GrammarBuilder.
class JsonGrammar {
public:
    explicit JsonGrammar(GrammarBuilder &b)
        : b(b)
    {
    }

    // Between tokens: nothing, one space, or a line break and a bounded indent (so a model
    // cannot pad forever).
    Sym ws()
    {
        if (!m_ws)
            m_ws = b.rule({{}, b.text(" "), b.text("\n") + b.repeat({b.oneOf(" ")}, 0, 16)});
        return *m_ws;
    }

    // One character of a string's content: printable ASCII but '"' and '\', an escape, or a
    // well-formed UTF-8 sequence.
    Sym stringChar()
    {
        if (m_char)
            return *m_char;
        std::bitset<256> plain;
        for (unsigned c = 0x20; c < 0x80; ++c)
            plain.set(c);
        plain.reset('"');
        plain.reset('\\');
        const Sym cont = b.range(0x80, 0xBF);
        const Sym hex = b.oneOf("0123456789abcdefABCDEF");
        std::bitset<256> e3;
        for (unsigned c = 0xE1; c <= 0xEF; ++c)
            if (c != 0xED)
                e3.set(c);
        m_char = b.rule({
            {b.bytes(plain)},
            b.text("\\") + Seq{b.oneOf("\"\\/bfnrt")},
            b.text("\\u") + Seq{hex, hex, hex, hex},
            {b.range(0xC2, 0xDF), cont},
            {b.range(0xE0, 0xE0), b.range(0xA0, 0xBF), cont},
            {b.bytes(e3), cont, cont},
            {b.range(0xED, 0xED), b.range(0x80, 0x9F), cont},
            {b.range(0xF0, 0xF0), b.range(0x90, 0xBF), cont, cont},
            {b.range(0xF1, 0xF3), cont, cont, cont},
            {b.range(0xF4, 0xF4), b.range(0x80, 0x8F), cont, cont},
        });
        return *m_char;
    }

    Sym string(std::size_t minLength = 0, long long maxLength = -1)
    {
        if (minLength == 0 && maxLength < 0) {
            if (!m_string)
                m_string = b.rule({b.text("\"") + Seq{b.star({stringChar()})} + b.text("\"")});
            return *m_string;
        }
        return b.rule({b.text("\"") + b.repeat({stringChar()}, minLength, maxLength) + b.text("\"")});
    }

    // Integers up to 16 digits, fractions up to 16, exponents up to 3: what doubles carry.
    Sym integer()
    {
        if (!m_integer)
            m_integer = b.rule({Seq{b.optional(b.text("-"))} + Seq{b.rule({b.text("0"), Seq{b.range('1', '9')} + b.repeat({b.range('0', '9')}, 0, 15)})}});
        return *m_integer;
    }
    Sym number()
    {
        if (!m_number) {
            const Sym digit = b.range('0', '9');
            const Sym fraction = b.optional(b.text(".") + b.repeat({digit}, 1, 16));
            const Sym exponent = b.optional(Seq{b.oneOf("eE"), b.optional({b.oneOf("+-")})} + b.repeat({digit}, 1, 3));
            m_number = b.rule({{integer(), fraction, exponent}});
        }
        return *m_number;
    }

    Sym value()
    {
        if (m_value)
            return *m_value;
        const std::uint32_t v = b.reserve();
        m_value = b.ref(v);
        b.define(v, {{object()}, {array()}, {string()}, {number()}, b.text("true"), b.text("false"), b.text("null")});
        return *m_value;
    }
    Sym object() { return objectOf(value()); }
    // Any object whose member values are `member`.
    Sym objectOf(Sym member)
    {
        const Seq one = Seq{string(), ws()} + b.text(":") + Seq{ws(), member, ws()};
        const std::uint32_t tail = b.reserve();
        b.define(tail, {b.text(",") + Seq{ws()} + one + Seq{b.ref(tail)}, b.text("}")});
        return b.rule({b.text("{") + Seq{ws(), b.rule({b.text("}"), one + Seq{b.ref(tail)}})}});
    }
    Sym array() { return arrayOf(value(), 0, -1); }
    Sym arrayOf(Sym item, std::size_t min, long long max)
    {
        if (max == 0)
            return b.rule({b.text("[") + Seq{ws()} + b.text("]")});
        if (max < 0 && min == 0) {
            const std::uint32_t tail = b.reserve();
            b.define(tail, {b.text(",") + Seq{ws(), item, ws(), b.ref(tail)}, b.text("]")});
            return b.rule({b.text("[") + Seq{ws(), b.rule({b.text("]"), Seq{item, ws(), b.ref(tail)}})}});
        }
        // after[k]: k items written (1 <= k <= chain); past min without a bound, after[chain] loops.
        const std::size_t chain = max < 0 ? min : std::size_t(max);
        std::vector<std::uint32_t> after(chain + 1);
        for (auto &r : after)
            r = b.reserve();
        for (std::size_t k = 1; k <= chain; ++k) {
            std::vector<Seq> alts;
            if (k >= min)
                alts.push_back(b.text("]"));
            if (k < chain)
                alts.push_back(b.text(",") + Seq{ws(), item, ws(), b.ref(after[k + 1])});
            else if (max < 0)
                alts.push_back(b.text(",") + Seq{ws(), item, ws(), b.ref(after[k])});
            b.define(after[k], alts);
        }
        std::vector<Seq> first;
        if (min == 0)
            first.push_back(b.text("]"));
        first.push_back(Seq{item, ws(), b.ref(after[1])});
        return b.rule({b.text("[") + Seq{ws(), b.rule(first)}});
    }

    // A JSON Schema, at `path` (for messages), within the document `root` (for $ref).
    Sym schema(const Json &s, const std::string &path)
    {
        if (++m_depth > 64)
            throwError(ErrorKind::BadInput, path + ": schemas nested deeper than 64 are not supported by constrained decoding");
        struct Leave {
            int &depth;
            ~Leave() { --depth; }
        } leave{m_depth};
        if (s.is_boolean()) {
            if (!s.get<bool>())
                throwError(ErrorKind::BadInput, path + ": the schema false matches nothing");
            return value();
        }
        if (!s.is_object())
            throwError(ErrorKind::BadInput, path + " must be a schema (a JSON object or a boolean)");
        static const std::set<std::string> ignored{"$schema", "$id", "$comment", "title", "description", "default", "examples", "format",
                                                   "deprecated", "readOnly", "writeOnly", "$defs", "definitions", "strict", "name",
                                                   "contentEncoding", "contentMediaType"};
        static const std::set<std::string> handled{"type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "enum",
                                                   "const", "anyOf", "oneOf", "allOf", "$ref", "minLength", "maxLength", "nullable"};
        for (const auto &[key, v] : s.items())
            if (!ignored.count(key) && !handled.count(key))
                throwError(ErrorKind::BadInput, path + ": '" + key + "' is not supported by constrained decoding (supported: type, properties, required, "
                                                                     "additionalProperties, items, minItems, maxItems, enum, const, anyOf, oneOf, $ref, "
                                                                     "minLength, maxLength)");
        if (s.value("nullable", false)) {
            Json rest = s;
            rest.erase("nullable");
            return b.rule({{schema(rest, path)}, b.text("null")});
        }
        if (const auto c = s.find("const"); c != s.end())
            return b.rule({b.text(c->dump())});
        if (const auto e = s.find("enum"); e != s.end()) {
            if (!e->is_array() || e->empty())
                throwError(ErrorKind::BadInput, path + ".enum must be a non-empty list");
            std::vector<Seq> alts;
            for (const Json &v : *e)
                alts.push_back(b.text(v.dump()));
            return b.rule(alts);
        }
        if (const auto r = s.find("$ref"); r != s.end())
            return reference(r->is_string() ? r->get<std::string>() : std::string(), path);
        for (const char *combinator : {"anyOf", "oneOf"})
            if (const auto any = s.find(combinator); any != s.end()) {
                if (!any->is_array() || any->empty())
                    throwError(ErrorKind::BadInput, path + "." + combinator + " must be a non-empty list of schemas");
                std::vector<Seq> alts;
                for (std::size_t i = 0; i < any->size(); ++i)
                    alts.push_back({schema((*any)[i], path + "." + combinator + "[" + std::to_string(i) + "]")});
                return b.rule(alts);
            }
        if (const auto all = s.find("allOf"); all != s.end()) {
            if (!all->is_array() || all->size() != 1)
                throwError(ErrorKind::BadInput, path + ".allOf: only a list of one schema is supported by constrained decoding");
            return schema((*all)[0], path + ".allOf[0]");
        }
        const auto type = s.find("type");
        if (type == s.end())
            return s.contains("properties") || s.contains("additionalProperties") || s.contains("required") ? typed(s, "object", path)
                   : s.contains("items")                                                                    ? typed(s, "array", path)
                                                                                                            : value();
        if (type->is_string())
            return typed(s, type->get<std::string>(), path);
        if (type->is_array() && !type->empty()) {
            std::vector<Seq> alts;
            for (const Json &t : *type) {
                if (!t.is_string())
                    throwError(ErrorKind::BadInput, path + ".type must be a type name or a list of them");
                alts.push_back({typed(s, t.get<std::string>(), path)});
            }
            return b.rule(alts);
        }
        throwError(ErrorKind::BadInput, path + ".type must be a type name or a list of them");
    }

    const Json *root = nullptr;

private:
    std::size_t count(const Json &s, const char *key, const std::string &path, std::size_t fallback)
    {
        const auto it = s.find(key);
        if (it == s.end())
            return fallback;
        if (!it->is_number_integer() || it->get<long long>() < 0)
            throwError(ErrorKind::BadInput, path + "." + key + " must be a whole number");
        return std::size_t(it->get<long long>());
    }

    // minKey and maxKey of a schema (max −1: none), checked against each other and `limit`.
    std::pair<std::size_t, long long> bounds(const Json &s, const char *minKey, const char *maxKey, std::size_t limit, const char *what,
                                             const std::string &path)
    {
        const std::size_t min = count(s, minKey, path, 0);
        const long long max = s.contains(maxKey) ? (long long)count(s, maxKey, path, 0) : -1;
        if (max >= 0 && std::size_t(max) < min)
            throwError(ErrorKind::BadInput, path + ": " + maxKey + " is below " + minKey);
        if (min > limit || max > (long long)limit)
            throwError(ErrorKind::BadInput, path + ": " + what + " above " + std::to_string(limit) + " are not supported by constrained decoding");
        return {min, max};
    }

    Sym typed(const Json &s, const std::string &type, const std::string &path)
    {
        if (type == "string") {
            const auto [min, max] = bounds(s, "minLength", "maxLength", 4096, "string lengths", path);
            return string(min, max);
        }
        if (type == "integer")
            return integer();
        if (type == "number")
            return number();
        if (type == "boolean")
            return b.rule({b.text("true"), b.text("false")});
        if (type == "null")
            return b.rule({b.text("null")});
        if (type == "array") {
            const auto [min, max] = bounds(s, "minItems", "maxItems", 256, "item counts", path);
            const auto items = s.find("items");
            const Sym item = items == s.end() ? value() : schema(*items, path + ".items");
            return arrayOf(item, min, max);
        }
        if (type == "object")
            return objectSchema(s, path);
        throwError(ErrorKind::BadInput, path + ".type \"" + type + "\" is not a JSON Schema type");
    }

    // The declared properties in the schema's order, required ones always and optional ones
    // perhaps (other members are never generated, which every additionalProperties allows).
    Sym objectSchema(const Json &s, const std::string &path)
    {
        struct Member {
            std::string name;
            Sym value;
            bool required = false;
        };
        std::vector<Member> members;
        std::set<std::string> required;
        if (const auto req = s.find("required"); req != s.end()) {
            if (!req->is_array())
                throwError(ErrorKind::BadInput, path + ".required must be a list of property names");
            for (const Json &r : *req) {
                if (!r.is_string())
                    throwError(ErrorKind::BadInput, path + ".required must be a list of property names");
                required.insert(r.get<std::string>());
            }
        }
        const auto props = s.find("properties");
        const auto additional = s.find("additionalProperties");
        if (props != s.end()) {
            if (!props->is_object())
                throwError(ErrorKind::BadInput, path + ".properties must be an object of schemas");
            for (const auto &[name, sub] : props->items())
                members.push_back({name, schema(sub, path + ".properties." + name), required.count(name) > 0});
        }
        for (const std::string &name : required)
            if (props == s.end() || !props->contains(name)) {
                if (additional != s.end() && additional->is_boolean() && !additional->get<bool>())
                    throwError(ErrorKind::BadInput, path + ": \"" + name + "\" is required but not among the properties, and additionalProperties is false");
                members.push_back({name, additional == s.end() || additional->is_boolean() ? value() : schema(*additional, path + ".additionalProperties"), true});
            }
        if (members.empty()) {
            if (additional != s.end() && additional->is_boolean() && !additional->get<bool>())
                return b.rule({b.text("{") + Seq{ws()} + b.text("}")});
            if (additional != s.end() && additional->is_object())
                return objectOf(schema(*additional, path + ".additionalProperties"));
            return object();
        }
        // first_i: no member written yet, from member i on; rest_i: some written.
        const std::size_t n = members.size();
        std::vector<std::uint32_t> first(n + 1), rest(n + 1);
        for (std::size_t i = 0; i <= n; ++i) {
            first[i] = b.reserve();
            rest[i] = b.reserve();
        }
        b.define(first[n], {{}});
        b.define(rest[n], {{}});
        for (std::size_t i = n; i-- > 0;) {
            const Seq member = b.text(Json(members[i].name).dump()) + Seq{ws()} + b.text(":") + Seq{ws(), members[i].value, ws()};
            std::vector<Seq> f{member + Seq{b.ref(rest[i + 1])}}, r{b.text(",") + Seq{ws()} + member + Seq{b.ref(rest[i + 1])}};
            if (!members[i].required) {
                f.push_back({b.ref(first[i + 1])});
                r.push_back({b.ref(rest[i + 1])});
            }
            b.define(first[i], f);
            b.define(rest[i], r);
        }
        return b.rule({b.text("{") + Seq{ws(), b.ref(first[0])} + b.text("}")});
    }

    Sym reference(const std::string &ref, const std::string &path)
    {
        if (ref.empty() || ref[0] != '#')
            throwError(ErrorKind::BadInput, path + ".$ref must point into this schema (\"#/$defs/NAME\"), not \"" + ref + "\"");
        if (const auto it = m_refs.find(ref); it != m_refs.end())
            return b.ref(it->second);
        const Json *target = nullptr;
        try {
            target = &root->at(Json::json_pointer(ref.substr(1)));
        } catch (const Json::exception &) {
            throwError(ErrorKind::BadInput, path + ".$ref \"" + ref + "\" points at nothing in the schema");
        }
        const std::uint32_t r = b.reserve();
        m_refs.emplace(ref, r);
        b.define(r, {{schema(*target, ref)}});
        return b.ref(r);
    }

    GrammarBuilder &b;
    std::optional<Sym> m_ws, m_char, m_string, m_integer, m_number, m_value;
    std::map<std::string, std::uint32_t> m_refs;
    int m_depth = 0;
};

} // namespace

std::shared_ptr<const Grammar> Grammar::jsonValue()
{
    GrammarBuilder b;
    JsonGrammar json(b);
    return b.build(json.value().id);
}

std::shared_ptr<const Grammar> Grammar::jsonObject()
{
    GrammarBuilder b;
    JsonGrammar json(b);
    return b.build(json.object().id);
}

std::shared_ptr<const Grammar> Grammar::fromJsonSchema(std::string_view schema, const std::string &where)
{
    Json doc;
    try {
        doc = Json::parse(schema);
    } catch (const Json::exception &e) {
        throwError(ErrorKind::BadInput, where + " is not JSON: " + e.what());
    }
    GrammarBuilder b;
    JsonGrammar json(b);
    json.root = &doc;
    return b.build(json.schema(doc, where).id);
}

// ---- matching

namespace {

void expand(const Grammar &g, GrammarMatcher::Stack s, std::vector<GrammarMatcher::Stack> &out, int depth = 0)
{
    if (depth > 4096)
        throwError(ErrorKind::Internal, "the grammar recurses without reading a byte");
    if (s.empty()) {
        out.push_back(std::move(s));
        return;
    }
    const std::uint32_t pos = s.back();
    const Grammar::Symbol &sym = g.symbols()[pos];
    if (sym.kind == Grammar::Kind::Bytes) {
        out.push_back(std::move(s));
        return;
    }
    s.pop_back();
    if (g.symbols()[pos + 1].kind != Grammar::Kind::End)
        s.push_back(pos + 1);
    for (const std::uint32_t start : g.alternatives(sym.id)) {
        GrammarMatcher::Stack t = s;
        if (g.symbols()[start].kind != Grammar::Kind::End)
            t.push_back(start);
        expand(g, std::move(t), out, depth + 1);
    }
}

void dedupe(std::vector<GrammarMatcher::Stack> &stacks)
{
    std::sort(stacks.begin(), stacks.end());
    stacks.erase(std::unique(stacks.begin(), stacks.end()), stacks.end());
}

} // namespace

void GrammarMatcher::step(const Grammar &g, const std::vector<Stack> &in, unsigned char c, std::vector<Stack> &out)
{
    out.clear();
    for (const Stack &s : in) {
        if (s.empty())
            continue;
        const std::uint32_t pos = s.back();
        if (!g.allows(g.symbols()[pos].id, c))
            continue;
        Stack t(s.begin(), s.end() - 1);
        if (g.symbols()[pos + 1].kind != Grammar::Kind::End)
            t.push_back(pos + 1);
        expand(g, std::move(t), out);
    }
    if (out.size() > 1)
        dedupe(out);
}

GrammarMatcher::GrammarMatcher(std::shared_ptr<const Grammar> grammar)
    : m_grammar(std::move(grammar))
{
    for (const std::uint32_t start : m_grammar->alternatives(0)) {
        Stack s;
        if (m_grammar->symbols()[start].kind != Grammar::Kind::End)
            s.push_back(start);
        expand(*m_grammar, std::move(s), m_stacks);
    }
    dedupe(m_stacks);
}

bool GrammarMatcher::accept(std::string_view bytes)
{
    std::vector<Stack> current = m_stacks, next;
    for (unsigned char c : bytes) {
        step(*m_grammar, current, c, next);
        if (next.empty())
            return false;
        current.swap(next);
    }
    m_stacks.swap(current);
    return true;
}

bool GrammarMatcher::complete() const
{
    return std::any_of(m_stacks.begin(), m_stacks.end(), [](const Stack &s) { return s.empty(); });
}

bool GrammarMatcher::mustEnd() const
{
    return !m_stacks.empty() && std::all_of(m_stacks.begin(), m_stacks.end(), [](const Stack &s) { return s.empty(); });
}

std::string GrammarMatcher::keyOf(const std::vector<Stack> &stacks)
{
    std::string k;
    for (const Stack &s : stacks) {
        k.append(reinterpret_cast<const char *>(s.data()), s.size() * sizeof(std::uint32_t));
        k.append(4, '\xff');
    }
    return k;
}

std::string GrammarMatcher::key() const
{
    return keyOf(m_stacks);
}

// ---- tokens

TokenTrie::TokenTrie(const BpeTokenizer &tokenizer)
    : m_vocabulary(tokenizer.vocabularySize())
    , m_eos(tokenizer.eos())
{
    m_nodes.emplace_back();
    m_bytes.resize(m_vocabulary);
    for (std::size_t id = 0; id < m_vocabulary; ++id) {
        if (tokenizer.isSpecial(std::int32_t(id)))
            continue;
        const std::string bytes = tokenizer.tokenBytes(std::int32_t(id));
        if (bytes.empty())
            continue;
        m_bytes[id] = bytes;
        std::uint32_t node = 0;
        for (unsigned char c : bytes) {
            auto &children = m_nodes[node].children;
            auto it = std::find_if(children.begin(), children.end(), [c](const auto &p) { return p.first == c; });
            if (it == children.end()) {
                m_nodes.emplace_back();
                m_nodes[node].children.emplace_back(c, std::uint32_t(m_nodes.size() - 1));
                node = std::uint32_t(m_nodes.size() - 1);
            } else {
                node = it->second;
            }
        }
        m_nodes[node].tokens.push_back(std::int32_t(id));
    }
}

TokenConstraint::TokenConstraint(std::shared_ptr<const Grammar> grammar, std::shared_ptr<const TokenTrie> trie)
    : m_grammar(std::move(grammar))
    , m_trie(std::move(trie))
    , m_matcher(m_grammar)
{
}

int TokenConstraint::stateOf(std::vector<GrammarMatcher::Stack> stacks)
{
    std::string key = GrammarMatcher::keyOf(stacks);
    if (const auto it = m_stateIds.find(key); it != m_stateIds.end())
        return it->second;
    const int id = int(m_states.size());
    m_states.push_back(std::move(stacks));
    m_transitions.emplace_back(256, -2);
    m_stateIds.emplace(std::move(key), id);
    return id;
}

int TokenConstraint::transition(int state, unsigned char c)
{
    int next = m_transitions[std::size_t(state)][c];
    if (next != -2)
        return next;
    std::vector<GrammarMatcher::Stack> out;
    GrammarMatcher::step(*m_grammar, m_states[std::size_t(state)], c, out);
    next = out.empty() ? -1 : stateOf(std::move(out));
    m_transitions[std::size_t(state)][c] = next; // (stateOf may have grown the table: index again)
    return next;
}

std::shared_ptr<const TokenConstraint::Mask> TokenConstraint::allowed()
{
    std::string key = m_matcher.key();
    if (const auto it = m_masks.find(key); it != m_masks.end())
        return it->second;
    if (m_states.size() > 20000) { // bounded: a long generation starts the table afresh
        m_states.clear();
        m_stateIds.clear();
        m_transitions.clear();
    }
    auto mask = std::make_shared<Mask>((m_trie->vocabulary() + 63) / 64, 0);
    // Depth-first over the trie: a token is allowed when the grammar takes every byte of it.
    const auto &nodes = m_trie->nodes();
    std::vector<std::pair<std::uint32_t, int>> todo{{0, stateOf(m_matcher.stacks())}};
    while (!todo.empty()) {
        const auto [node, state] = todo.back();
        todo.pop_back();
        for (const auto &[c, child] : nodes[node].children) {
            const int next = transition(state, c);
            if (next < 0)
                continue;
            for (std::int32_t t : nodes[child].tokens)
                (*mask)[std::size_t(t) / 64] |= std::uint64_t(1) << (std::size_t(t) % 64);
            if (!nodes[child].children.empty())
                todo.emplace_back(child, next);
        }
    }
    if (m_masks.size() >= 512)
        m_masks.clear();
    m_masks.emplace(std::move(key), mask);
    return mask;
}

bool TokenConstraint::mask(std::vector<float> &logits)
{
    const auto allowedHere = allowed();
    bool any = false;
    const std::int32_t eos = m_trie->eos();
    for (std::size_t id = 0; id < logits.size(); ++id) {
        const bool ok = (id < m_trie->vocabulary() && ((*allowedHere)[id / 64] >> (id % 64)) & 1) ||
                        (std::int32_t(id) == eos && m_matcher.complete());
        if (ok)
            any = true;
        else
            logits[id] = -std::numeric_limits<float>::infinity();
    }
    return any;
}

void TokenConstraint::accept(std::int32_t token)
{
    if (token == m_trie->eos() && m_matcher.complete())
        return;
    if (token < 0 || std::size_t(token) >= m_trie->vocabulary() || m_trie->bytes(token).empty() || !m_matcher.accept(m_trie->bytes(token)))
        throwError(ErrorKind::Internal, "token " + std::to_string(token) + " was chosen though the grammar does not allow it");
}

} // namespace keel::nn
