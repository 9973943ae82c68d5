#include "eval/assertions.h"

#include "core/error.h"
#include "eval/guardrails.h"
#include "eval/jsonschemacheck.h"
#include "eval/textmetrics.h"
#include "rag/measure.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <sstream>

namespace keel::eval {

using json = nlohmann::json;

std::string renderedText(const json &value, const std::map<std::string, std::string> &vars)
{
    if (value.is_null())
        return {};
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    return renderTemplate(text, vars);
}

std::vector<std::string> renderedList(const json &value, const std::map<std::string, std::string> &vars)
{
    std::vector<std::string> out;
    if (value.is_array()) {
        for (const json &v : value)
            out.push_back(renderedText(v, vars));
        return out;
    }
    // promptfoo: a comma-separated string for the -any and -all types.
    std::stringstream in(renderedText(value, vars));
    for (std::string item; std::getline(in, item, ',');) {
        const auto b = item.find_first_not_of(' ');
        const auto e = item.find_last_not_of(' ');
        if (b != std::string::npos)
            out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string shown(const std::string &s)
{
    return "\"" + (s.size() > 80 ? s.substr(0, 80) + "…" : s) + "\"";
}

// The first JSON object or array inside `text` (promptfoo's contains-json).
std::optional<json> firstJson(const std::string &text)
{
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (text[at] != '{' && text[at] != '[')
            continue;
        int depth = 0;
        bool inString = false, escaped = false;
        for (std::size_t j = at; j < text.size(); ++j) {
            const char c = text[j];
            if (inString) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (c == '"')
                inString = true;
            else if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0) {
                try {
                    return json::parse(text.substr(at, j - at + 1));
                } catch (const json::exception &) {
                    break;
                }
            }
        }
    }
    return std::nullopt;
}

std::string findingsText(const std::vector<Finding> &findings)
{
    std::string s;
    for (std::size_t i = 0; i < findings.size() && i < 5; ++i)
        s += (i ? ", " : "") + findings[i].kind + " " + shown(findings[i].text);
    if (findings.size() > 5)
        s += ", … (" + std::to_string(findings.size()) + " in all)";
    return s;
}

} // namespace

AssertionResult checkAssertion(const Assertion &a, const CaseView &view, const Embedder &embed)
{
    AssertionResult r;
    r.type = a.fullType();
    r.weight = a.weight;
    r.metric = a.metric;
    r.where = a.where;
    const std::string &out = view.output;
    bool pass = false;
    double score = 0;
    try {
        const std::string &t = a.type;
        if (t == "equals") {
            if (a.value.is_object() || a.value.is_array()) {
                try {
                    pass = json::parse(out) == a.value;
                } catch (const json::exception &) {
                    pass = false;
                }
            } else {
                pass = out == renderedText(a.value, view.vars);
            }
            r.reason = pass ? "the output equals the expected value" : "expected " + shown(renderedText(a.value, view.vars)) + ", got " + shown(out);
        } else if (t == "contains" || t == "icontains") {
            const std::string v = renderedText(a.value, view.vars);
            pass = t == "contains" ? out.find(v) != std::string::npos : lower(out).find(lower(v)) != std::string::npos;
            r.reason = std::string(pass ? "the output contains " : "the output does not contain ") + shown(v);
        } else if (t == "contains-any" || t == "icontains-any" || t == "contains-all" || t == "icontains-all") {
            const bool ci = t[0] == 'i', all = t.find("all") != std::string::npos;
            const std::string hay = ci ? lower(out) : out;
            std::vector<std::string> found, missing;
            for (const std::string &v : renderedList(a.value, view.vars))
                (hay.find(ci ? lower(v) : v) != std::string::npos ? found : missing).push_back(v);
            pass = all ? missing.empty() : !found.empty();
            r.reason = all ? (pass ? "the output contains every value" : "missing " + shown(missing.front()))
                           : (pass ? "the output contains " + shown(found.front()) : "the output contains none of the values");
        } else if (t == "regex") {
            const std::string v = renderedText(a.value, view.vars);
            try {
                pass = std::regex_search(out, std::regex(v, std::regex::ECMAScript));
            } catch (const std::regex_error &e) {
                r.error = true;
                r.reason = "the pattern " + shown(v) + " is not a regular expression: " + e.what();
                return r;
            }
            r.reason = std::string(pass ? "the output matches " : "the output does not match ") + shown(v);
        } else if (t == "starts-with") {
            const std::string v = renderedText(a.value, view.vars);
            pass = out.rfind(v, 0) == 0;
            r.reason = std::string(pass ? "the output starts with " : "the output does not start with ") + shown(v);
        } else if (t == "is-json" || t == "contains-json") {
            std::optional<json> parsed;
            if (t == "is-json") {
                try {
                    parsed = json::parse(out);
                } catch (const json::exception &e) {
                    r.reason = std::string("the output is not JSON: ") + e.what();
                }
            } else {
                parsed = firstJson(out);
                if (!parsed)
                    r.reason = "the output holds no JSON object or array";
            }
            pass = parsed.has_value();
            if (parsed && !a.value.is_null()) {
                json schema = a.value;
                if (schema.is_string())
                    schema = json::parse(renderedText(a.value, view.vars));
                const auto violations = schemaViolations(*parsed, schema);
                pass = violations.empty();
                r.reason = pass ? "the JSON matches the schema" : "the JSON does not match the schema: " + violations.front();
            } else if (pass) {
                r.reason = "the output is JSON";
            }
        } else if (t == "levenshtein") {
            const std::string v = renderedText(a.value, view.vars);
            const double d = double(levenshtein(out, v));
            const double limit = a.threshold.value_or(5);
            r.value = d;
            pass = d <= limit;
            r.reason = "Levenshtein distance " + std::to_string(int(d)) + (pass ? " <= " : " > ") + std::to_string(int(limit));
        } else if (t == "rouge-n") {
            int n = 1;
            std::string ref = renderedText(a.value, view.vars);
            if (a.value.is_object()) {
                n = a.value.value("n", 1);
                ref = renderedText(a.value.value("value", json()), view.vars);
            }
            const double f = rougeN(ref, out, n).fmeasure;
            r.value = f;
            score = f;
            pass = f >= a.threshold.value_or(0.75);
            r.reason = "ROUGE-" + std::to_string(n) + " F-measure " + std::to_string(f).substr(0, 5) + (pass ? " >= " : " < ") +
                       std::to_string(a.threshold.value_or(0.75)).substr(0, 4);
        } else if (t == "bleu") {
            const std::vector<std::string> refs = a.value.is_array() ? renderedList(a.value, view.vars) : std::vector<std::string>{renderedText(a.value, view.vars)};
            const double b = sentenceBleu(out, refs);
            r.value = b;
            score = b;
            pass = b >= a.threshold.value_or(0.5);
            r.reason = "BLEU " + std::to_string(b).substr(0, 5) + (pass ? " >= " : " < ") + std::to_string(a.threshold.value_or(0.5)).substr(0, 4);
        } else if (t == "similar") {
            if (!embed) {
                r.error = true;
                r.reason = "'similar' needs a sentence encoder (all-MiniLM-L6-v2: scripts/fetch-models.sh), and none was found";
                return r;
            }
            const std::vector<std::string> refs = a.value.is_array() ? renderedList(a.value, view.vars) : std::vector<std::string>{renderedText(a.value, view.vars)};
            std::vector<std::string> texts{out};
            texts.insert(texts.end(), refs.begin(), refs.end());
            const auto vectors = embed(texts);
            double best = 0;
            for (std::size_t i = 1; i < vectors.size(); ++i)
                best = std::max(best, cosineSimilarity(vectors[0], vectors[i]));
            r.value = best;
            score = best;
            pass = best >= a.threshold.value_or(0.75);
            r.reason = "cosine similarity " + std::to_string(best).substr(0, 5) + (pass ? " >= " : " < ") + std::to_string(a.threshold.value_or(0.75)).substr(0, 4);
        } else if (t == "latency" || t == "cost") {
            if (!a.threshold) {
                r.error = true;
                r.reason = "'" + t + "' needs a threshold (" + (t == "latency" ? "milliseconds" : "US dollars") + ")";
                return r;
            }
            const double v = view.completion ? (t == "latency" ? view.completion->latencyMs : view.completion->cost) : 0;
            r.value = v;
            pass = v <= *a.threshold;
            std::ostringstream s;
            s << t << " " << v << (t == "latency" ? " ms" : " $") << (pass ? " <= " : " > ") << *a.threshold;
            r.reason = s.str();
        } else if (t == "perplexity") {
            if (!view.completion || view.completion->logprobs.empty()) {
                r.error = true;
                r.reason = "the provider returned no token log probabilities to compute perplexity from";
                return r;
            }
            double sum = 0;
            for (const float lp : view.completion->logprobs)
                sum += lp;
            const double ppl = std::exp(-sum / double(view.completion->logprobs.size()));
            r.value = ppl;
            pass = !a.threshold || ppl <= *a.threshold;
            score = 1.0 / ppl;
            r.reason = "perplexity " + std::to_string(ppl).substr(0, 6) + (a.threshold ? (pass ? " <= " : " > ") + std::to_string(*a.threshold).substr(0, 6) : "");
        } else if (t == "pii") {
            std::vector<std::string> names, kinds;
            if (a.value.is_object()) {
                names = renderedList(a.value.value("names", json::array()), view.vars);
                kinds = renderedList(a.value.value("kinds", json::array()), view.vars);
            } else if (a.value.is_array()) {
                names = renderedList(a.value, view.vars);
            }
            const auto found = findPii(out, names, kinds);
            // pii passes when personal data is found (use not-pii to require none), as contains does.
            pass = !found.empty();
            r.value = double(found.size());
            r.reason = found.empty() ? "no personal data found" : "personal data: " + findingsText(found);
        } else if (t == "prompt-injection") {
            // In the output and, when the case retrieved context, in that context.
            std::vector<Finding> found = findPromptInjection(out);
            for (const auto &c : view.contexts)
                for (const Finding &f : findPromptInjection(c.text))
                    found.push_back({f.kind + " (in " + c.source + ")", f.begin, f.end, f.text});
            const auto input = view.vars.find("query") != view.vars.end() ? view.vars.at("query") : std::string();
            for (const Finding &f : findPromptInjection(input))
                found.push_back({f.kind + " (in the input)", f.begin, f.end, f.text});
            pass = !found.empty();
            r.value = double(found.size());
            r.reason = found.empty() ? "no prompt injection found" : "prompt injection: " + findingsText(found);
        } else if (t == "is-refusal") {
            const auto found = findRefusal(out);
            pass = !found.empty() || out.find_first_not_of(" \t\n") == std::string::npos;
            r.reason = found.empty() ? (pass ? "the output is empty" : "the output answers") : "a refusal: " + findingsText(found);
        } else if (t == "context-hit-rate" || t == "context-mrr") {
            if (view.contexts.empty()) {
                r.error = true;
                r.reason = "the case retrieved no context (give it 'retrieve:' with a RAG index)";
                return r;
            }
            rag::Qrels qrels;
            for (const std::string &s : renderedList(a.value, view.vars))
                qrels["q"][s] = 1;
            rag::RunResults run;
            std::map<std::string, double> best;
            for (std::size_t i = 0; i < view.contexts.size(); ++i)
                best.try_emplace(view.contexts[i].source, double(view.contexts.size() - i));
            for (const auto &[source, s] : best)
                run["q"].push_back({source, s});
            const int k = int(view.contexts.size());
            const auto scores = rag::evaluateRetrieval(qrels, run, {k});
            const double v = t == "context-hit-rate" ? scores.mean.at("success_" + std::to_string(k)) : scores.mean.at("recip_rank");
            r.value = v;
            score = v;
            pass = v >= a.threshold.value_or(t == "context-hit-rate" ? 1.0 : 0.5);
            r.reason = (t == "context-hit-rate" ? "hit rate@" + std::to_string(k) + " " : std::string("reciprocal rank ")) + std::to_string(v).substr(0, 5);
        } else {
            r.error = true;
            r.reason = "the assertion type '" + r.type + "' is not one Keel runs";
            return r;
        }
    } catch (const std::exception &e) {
        r.error = true;
        r.reason = e.what();
        return r;
    }
    // Types without a graded score score 1 on a pass.
    if (!r.value || a.type == "levenshtein" || a.type == "latency" || a.type == "cost" || a.type == "pii" || a.type == "prompt-injection")
        score = pass ? 1.0 : 0.0;
    if (a.negate) {
        pass = !pass;
        score = 1.0 - score;
        r.reason = "not: " + r.reason;
    }
    r.pass = pass;
    r.score = score;
    return r;
}

CaseVerdict aggregate(const std::vector<AssertionResult> &results, std::optional<double> threshold)
{
    CaseVerdict v;
    double weighted = 0, weights = 0;
    bool allPass = true;
    for (const AssertionResult &r : results) {
        if (r.error) {
            v.error = true;
            if (v.reason.empty())
                v.reason = r.type + ": " + r.reason;
            continue;
        }
        weighted += r.weight * r.score;
        weights += r.weight;
        if (!r.pass && r.weight > 0) {
            allPass = false;
            if (v.reason.empty())
                v.reason = r.type + ": " + r.reason;
        }
    }
    v.score = weights > 0 ? weighted / weights : (results.empty() ? 1.0 : 0.0);
    v.pass = !v.error && (threshold ? v.score >= *threshold : allPass);
    if (threshold && !v.error)
        v.reason = v.pass ? "" : "the weighted score " + std::to_string(v.score).substr(0, 5) + " is under the threshold " + std::to_string(*threshold).substr(0, 4);
    return v;
}

} // namespace keel::eval
