#include "serve/requestparsing.h"

#include "core/error.h"

#include <functional>
#include <limits>
#include <set>

namespace keel::serve {

Json parseBody(const std::string &text)
{
    Json body;
    try {
        body = Json::parse(text);
    } catch (const Json::parse_error &e) {
        throwError(ErrorKind::BadInput, "the body is not JSON (at byte " + std::to_string(e.byte) + ")");
    } catch (const Json::exception &e) { // a number too large for a double, say
        throwError(ErrorKind::BadInput, std::string("the body cannot be read as JSON: ") + e.what());
    }
    if (!body.is_object())
        throwError(ErrorKind::BadInput, "the body must be a JSON object");
    return body;
}

namespace {

[[noreturn]] void wrongType(const char *name, const char *want)
{
    throwError(ErrorKind::BadInput, std::string("'") + name + "' must be " + want);
}

} // namespace

std::optional<double> numberField(const Json &body, const char *name, double low, double high)
{
    const auto it = body.find(name);
    if (it == body.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number())
        wrongType(name, "a number");
    const double v = it->get<double>();
    if (!(v >= low && v <= high))
        throwError(ErrorKind::BadInput, std::string("'") + name + "' must be between " + std::to_string(low).substr(0, 6) + " and " +
                                            std::to_string(high).substr(0, 6) + ", not " + it->dump());
    return v;
}

std::optional<std::int64_t> integerField(const Json &body, const char *name, std::int64_t low, std::int64_t high)
{
    const auto it = body.find(name);
    if (it == body.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number_integer())
        wrongType(name, "an integer");
    const std::int64_t v = it->get<std::int64_t>();
    if (v < low || v > high)
        throwError(ErrorKind::BadInput, std::string("'") + name + "' must be between " + std::to_string(low) + " and " + std::to_string(high) +
                                            ", not " + std::to_string(v));
    return v;
}

std::optional<bool> boolField(const Json &body, const char *name)
{
    const auto it = body.find(name);
    if (it == body.end() || it->is_null())
        return std::nullopt;
    if (!it->is_boolean())
        wrongType(name, "true or false");
    return it->get<bool>();
}

std::optional<std::string> stringField(const Json &body, const char *name)
{
    const auto it = body.find(name);
    if (it == body.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string())
        wrongType(name, "a string");
    return it->get<std::string>();
}

namespace {

std::vector<std::string> stopsOf(const Json &body)
{
    const auto it = body.find("stop");
    if (it == body.end() || it->is_null())
        return {};
    if (it->is_string())
        return {it->get<std::string>()};
    if (!it->is_array() || it->size() > 4)
        throwError(ErrorKind::BadInput, "'stop' must be a string or a list of at most 4 strings");
    std::vector<std::string> out;
    for (const Json &s : *it) {
        if (!s.is_string())
            throwError(ErrorKind::BadInput, "'stop' must be a string or a list of at most 4 strings");
        out.push_back(s.get<std::string>());
    }
    return out;
}

// The completions API's prompt: a string, a list of token ids, or a list of either (a batch).
std::vector<GenerationRequest::Prompt> promptsOf(const Json &body)
{
    static const char *shape = "'prompt' must be a string, a list of token ids, or a list of strings or of token id lists";
    const auto prompt = body.find("prompt");
    if (prompt == body.end() || !(prompt->is_string() || prompt->is_array()) || (prompt->is_array() && prompt->empty()))
        throwError(ErrorKind::BadInput, shape);
    auto ids = [](const Json &list, const std::string &where) {
        GenerationRequest::Prompt p;
        p.tokenized = true;
        for (const Json &id : list) {
            if (!id.is_number_integer())
                throwError(ErrorKind::BadInput, "'" + where + "': token ids must be whole numbers, not " + id.dump());
            p.ids.push_back(id.get<std::int64_t>());
        }
        if (p.ids.empty())
            throwError(ErrorKind::BadInput, "'" + where + "' has no tokens");
        return p;
    };
    std::vector<GenerationRequest::Prompt> out;
    if (prompt->is_string()) {
        out.push_back({prompt->get<std::string>(), {}, false});
    } else if ((*prompt)[0].is_number()) {
        out.push_back(ids(*prompt, "prompt"));
    } else {
        if (prompt->size() > 256)
            throwError(ErrorKind::BadInput, "'prompt' holds " + std::to_string(prompt->size()) + " prompts; at most 256 per request");
        for (std::size_t i = 0; i < prompt->size(); ++i) {
            const Json &p = (*prompt)[i];
            if (p.is_string())
                out.push_back({p.get<std::string>(), {}, false});
            else if (p.is_array())
                out.push_back(ids(p, "prompt[" + std::to_string(i) + "]"));
            else
                throwError(ErrorKind::BadInput, shape);
        }
    }
    return out;
}

std::string contentOf(const Json &message, std::size_t index)
{
    const auto c = message.find("content");
    if (c == message.end() || c->is_null())
        return {};
    if (c->is_string())
        return c->get<std::string>();
    if (c->is_array()) { // [{"type": "text", "text": ...}]
        std::string text;
        for (const Json &part : *c) {
            if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text") || !part["text"].is_string())
                throwError(ErrorKind::BadInput, "messages[" + std::to_string(index) + "].content: only text parts are supported");
            text += part["text"].get<std::string>();
        }
        return text;
    }
    throwError(ErrorKind::BadInput, "messages[" + std::to_string(index) + "].content must be a string or a list of text parts");
}

// A tensor's field, present and of the right kind, or an error naming the tensor and field.
const Json &tensorField(const Json &input, const char *field, const std::string &tensor, bool (Json::*is)() const noexcept, const char *want)
{
    const auto it = input.find(field);
    if (it == input.end() || !((*it).*is)())
        throwError(ErrorKind::BadInput, "input " + tensor + ": '" + field + "' must be " + want);
    return *it;
}

std::string tensorName(const Json &input, std::size_t index)
{
    if (!input.is_object())
        throwError(ErrorKind::BadInput, "inputs[" + std::to_string(index) + "] must be an object with name, shape, datatype and data");
    return tensorField(input, "name", "[" + std::to_string(index) + "]", &Json::is_string, "a string").get<std::string>();
}

// A tensor's cells in row-major order, checked against its shape and datatype.
std::vector<Json> cellsOf(const Json &input, const std::string &name, std::vector<std::int64_t> &shape)
{
    shape.clear();
    const std::string tensor = "\"" + name + "\"";
    for (const Json &d : tensorField(input, "shape", tensor, &Json::is_array, "a list of whole numbers")) {
        if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
            throwError(ErrorKind::BadInput, "input \"" + name + "\": shape must be whole numbers");
        shape.push_back(d.get<std::int64_t>());
    }
    if (shape.empty() || shape.size() > 2)
        throwError(ErrorKind::BadInput, "input \"" + name + "\": shape must be [rows] or [rows, columns]");
    const std::string datatype = tensorField(input, "datatype", tensor, &Json::is_string, "a string").get<std::string>();
    static const std::set<std::string> numeric{"FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64"};
    if (!numeric.count(datatype) && datatype != "BYTES" && datatype != "BOOL")
        throwError(ErrorKind::BadInput, "input \"" + name + "\": unknown datatype \"" + datatype + "\"");
    std::vector<Json> cells;
    std::function<void(const Json &)> flatten = [&](const Json &v) {
        if (v.is_array()) {
            for (const Json &e : v)
                flatten(e);
            return;
        }
        cells.push_back(v);
    };
    const auto data = input.find("data");
    if (data == input.end())
        throwError(ErrorKind::BadInput, "input " + tensor + ": 'data' is missing");
    flatten(*data);
    std::int64_t size = 1;
    for (std::int64_t d : shape)
        size *= d;
    if (std::int64_t(cells.size()) != size)
        throwError(ErrorKind::BadInput, "input \"" + name + "\": " + std::to_string(cells.size()) + " values do not fill shape " + input["shape"].dump());
    for (const Json &c : cells) {
        const bool ok = c.is_null() || (numeric.count(datatype) ? c.is_number() : datatype == "BOOL" ? c.is_boolean() : c.is_string());
        if (!ok)
            throwError(ErrorKind::BadInput, "input \"" + name + "\": " + c.dump() + " is not a " + datatype + " value");
    }
    return cells;
}

// The request's rows, one JSON object per row with the model's input columns.
} // namespace

std::vector<Json> kserveRows(const Json &body, const std::vector<std::string> &columns)
{
    const auto inputs = body.find("inputs");
    if (inputs == body.end() || !inputs->is_array() || inputs->empty())
        throwError(ErrorKind::BadInput, "'inputs' must be a non-empty list of tensors");
    std::vector<Json> rows;
    std::vector<std::int64_t> shape;
    auto ensureRows = [&](std::size_t n, const std::string &name) {
        if (rows.empty())
            rows.assign(n, Json::object());
        else if (rows.size() != n)
            throwError(ErrorKind::BadInput, "input \"" + name + "\" has " + std::to_string(n) + " rows, the others " + std::to_string(rows.size()));
    };
    if (inputs->size() == 1) {
        const Json &only = inputs->front();
        const std::string name = tensorName(only, 0);
        std::vector<Json> cells = cellsOf(only, name, shape);
        if (shape.size() == 2 && shape[1] > 1) { // one [N, D] tensor: the model's inputs in order
            if (std::size_t(shape[1]) != columns.size())
                throwError(ErrorKind::BadInput, "input \"" + name + "\" has " + std::to_string(shape[1]) + " columns; the model takes " +
                                                    std::to_string(columns.size()));
            ensureRows(std::size_t(shape[0]), name);
            for (std::size_t r = 0; r < rows.size(); ++r)
                for (std::size_t c = 0; c < columns.size(); ++c)
                    rows[r][columns[c]] = cells[r * columns.size() + c];
            return rows;
        }
    }
    for (std::size_t index = 0; index < inputs->size(); ++index) {
        const Json &input = (*inputs)[index];
        const std::string name = tensorName(input, index);
        std::vector<Json> cells = cellsOf(input, name, shape);
        if (shape.size() == 2 && shape[1] != 1)
            throwError(ErrorKind::BadInput, "input \"" + name + "\": a column's shape is [rows] or [rows, 1]");
        ensureRows(std::size_t(shape[0]), name);
        for (std::size_t r = 0; r < rows.size(); ++r)
            rows[r][name] = cells[r];
    }
    return rows;
}


GenerationRequest parseGenerationRequest(const Json &body, bool chat)
{
    GenerationRequest g;
    g.model = stringField(body, "model");
    if (const auto n = integerField(body, "n", 1, 128); n && *n != 1)
        throwError(ErrorKind::BadInput, "'n' must be 1: one choice per request");
    if (const auto it = body.find("response_format"); it != body.end() && !it->is_null()) {
        const std::string type = it->is_object() && it->contains("type") && (*it)["type"].is_string() ? (*it)["type"].get<std::string>() : "";
        if (type == "json_object") {
            g.grammar = nn::Grammar::jsonObject();
        } else if (type == "json_schema") {
            const auto spec = it->find("json_schema");
            if (spec == it->end() || !spec->is_object())
                throwError(ErrorKind::BadInput, "'response_format.json_schema' must be an object with a name and a schema");
            const auto schema = spec->find("schema");
            if (schema == spec->end() || !(schema->is_object() || schema->is_boolean()))
                throwError(ErrorKind::BadInput, "'response_format.json_schema.schema' must be a JSON Schema object");
            g.grammar = nn::Grammar::fromJsonSchema(schema->dump(), "response_format.json_schema.schema");
        } else if (type != "text") {
            throwError(ErrorKind::BadInput, "'response_format' " + (type.empty() ? std::string("must be an object with a type") : "type \"" + type + "\" is unknown") +
                                                " (text, json_object or json_schema)");
        }
    }
    for (const char *penalty : {"presence_penalty", "frequency_penalty"})
        if (const auto v = numberField(body, penalty, -2, 2); v && *v != 0)
            throwError(ErrorKind::BadInput, std::string("'") + penalty + "' is not supported (use 0)");
    g.stream = boolField(body, "stream").value_or(false);
    if (const auto it = body.find("stream_options"); it != body.end() && it->is_object())
        g.includeUsage = boolField(*it, "include_usage").value_or(false);
    if (chat) {
        g.logprobs = boolField(body, "logprobs").value_or(false);
        if (const auto top = integerField(body, "top_logprobs", 0, 20); top && *top > 0) {
            if (!g.logprobs)
                throwError(ErrorKind::BadInput, "'top_logprobs' needs 'logprobs': true");
            g.topLogprobs = std::size_t(*top);
        }
        const auto messages = body.find("messages");
        if (messages == body.end() || !messages->is_array() || messages->empty())
            throwError(ErrorKind::BadInput, "'messages' must be a non-empty list");
        for (std::size_t i = 0; i < messages->size(); ++i) {
            const Json &m = (*messages)[i];
            if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
                throwError(ErrorKind::BadInput, "messages[" + std::to_string(i) + "] needs a role");
            std::string role = m["role"].get<std::string>();
            if (role == "developer")
                role = "system";
            if (role != "system" && role != "user" && role != "assistant")
                throwError(ErrorKind::BadInput, "messages[" + std::to_string(i) + "].role \"" + role + "\" is not system, user or assistant");
            g.messages.push_back({role, contentOf(m, i)});
        }
    } else {
        g.prompts = promptsOf(body);
        g.echo = boolField(body, "echo").value_or(false);
        if (const auto lp = integerField(body, "logprobs", 0, 5)) {
            g.logprobs = true;
            g.topLogprobs = std::size_t(*lp);
        }
        if (g.stream && g.prompts.size() > 1)
            throwError(ErrorKind::BadInput, "'prompt': a streamed request takes one prompt");
    }
    g.maxTokens = integerField(body, "max_completion_tokens", std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
    if (!g.maxTokens)
        g.maxTokens = integerField(body, "max_tokens", std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
    if (g.maxTokens && *g.maxTokens < (g.echo ? 0 : 1))
        throwError(ErrorKind::BadInput, "'max_tokens' must be at least " + std::string(g.echo ? "0" : "1") + ", not " + std::to_string(*g.maxTokens));
    g.temperature = numberField(body, "temperature", 0, 2).value_or(1.0);
    g.topP = numberField(body, "top_p", 0, 1).value_or(1.0);
    if (g.topP <= 0)
        throwError(ErrorKind::BadInput, "'top_p' must be above 0");
    if (const auto seed = integerField(body, "seed", std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()))
        g.seed = std::uint64_t(*seed);
    g.stop = stopsOf(body);
    if (g.stream && g.logprobs && g.echo)
        throwError(ErrorKind::BadInput, "the prompt's logprobs (echo with logprobs) are not streamed; ask without 'stream'");
    return g;
}

} // namespace keel::serve
