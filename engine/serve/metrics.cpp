#include "serve/metrics.h"

#include "core/numbertext.h"

#include <array>
#include <cmath>
#include <limits>

namespace keel::serve {

namespace {

// Latency buckets from 1 ms to 60 s (seconds), as Prometheus client libraries space them.
constexpr std::array<double, 16> kBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60};

const std::map<std::string, std::string> &help()
{
    static const std::map<std::string, std::string> h{
        {"keel_requests_total", "HTTP requests answered, by endpoint and status"},
        {"keel_request_duration_seconds", "time from a request's arrival to its last byte, by endpoint"},
        {"keel_queue_depth", "generation requests waiting for a place in the batch"},
        {"keel_running_batch_size", "generation requests decoding in the running batch"},
        {"keel_time_to_first_token_seconds", "time from a generation request's arrival to its first token"},
        {"keel_inter_token_latency_seconds", "time between two streamed tokens"},
        {"keel_generated_tokens_total", "tokens generated, by model"},
        {"keel_prompt_tokens_total", "prompt tokens read, by model"},
        {"keel_tokens_per_second", "generated tokens per second of the last finished request, by model"},
        {"keel_model_loaded", "1 when the model is in memory, 0 when unloaded after being idle"},
        {"keel_predictions_total", "rows predicted by registry models, by model and version"},
        {"keel_model_version", "the registry version each served model@alias answers with now"},
        {"keel_rejected_total", "requests refused because the queue was full"},
        {"keel_kv_cache_positions", "KV-cache positions reserved by the running requests, and the budget they share"},
        {"keel_kv_cache_usage_ratio", "reserved KV-cache positions over the budget"},
        {"keel_cost_usd_total", "dollars this server has cost while it held a model, at its price per hour"},
        {"keel_cost_per_hour_usd", "what an hour of this server costs now: its price while it holds a model, 0 when scaled to zero"},
        {"keel_cost_per_1k_requests_usd", "dollars per 1,000 inference requests answered, over the server's life"},
    };
    return h;
}

std::string escape(const std::string &v)
{
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string withLabel(const std::string &labels, const std::string &extra)
{
    if (labels.empty())
        return "{" + extra + "}";
    return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

void header(std::string &out, const std::string &name, const char *type)
{
    const auto it = help().find(name);
    out += "# HELP " + name + " " + (it == help().end() ? name : it->second) + "\n";
    out += "# TYPE " + name + " " + type + "\n";
}

} // namespace

std::string Metrics::key(const Labels &labels)
{
    if (labels.empty())
        return {};
    std::string k = "{";
    for (std::size_t i = 0; i < labels.size(); ++i)
        k += (i ? "," : "") + labels[i].first + "=\"" + escape(labels[i].second) + "\"";
    return k + "}";
}

void Metrics::add(const std::string &counter, const Labels &labels, double value)
{
    std::lock_guard lock(m_mutex);
    m_counters[counter][key(labels)] += value;
}

void Metrics::set(const std::string &gauge, const Labels &labels, double value)
{
    std::lock_guard lock(m_mutex);
    m_gauges[gauge][key(labels)] = value;
}

void Metrics::observe(const std::string &histogram, const Labels &labels, double seconds)
{
    std::lock_guard lock(m_mutex);
    Histogram &h = m_histograms[histogram][key(labels)];
    if (h.buckets.empty())
        h.buckets.assign(kBounds.size(), 0);
    for (std::size_t i = 0; i < kBounds.size(); ++i)
        if (seconds <= kBounds[i])
            ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

double Metrics::value(const std::string &name, const Labels &labels) const
{
    std::lock_guard lock(m_mutex);
    for (const auto *family : {&m_counters, &m_gauges})
        if (const auto f = family->find(name); f != family->end())
            if (const auto v = f->second.find(key(labels)); v != f->second.end())
                return v->second;
    return 0.0;
}

double Metrics::total(const std::string &counter) const
{
    std::lock_guard lock(m_mutex);
    double sum = 0;
    if (const auto f = m_counters.find(counter); f != m_counters.end())
        for (const auto &[labels, v] : f->second)
            sum += v;
    return sum;
}

Metrics::HistogramTotals Metrics::histogram(const std::string &name) const
{
    std::lock_guard lock(m_mutex);
    HistogramTotals t;
    t.bounds.assign(kBounds.begin(), kBounds.end());
    t.cumulative.assign(kBounds.size(), 0);
    if (const auto f = m_histograms.find(name); f != m_histograms.end())
        for (const auto &[labels, h] : f->second) {
            for (std::size_t i = 0; i < kBounds.size(); ++i)
                t.cumulative[i] += h.buckets[i];
            t.count += h.count;
            t.sum += h.sum;
        }
    return t;
}

double Metrics::quantile(const HistogramTotals &later, const HistogramTotals &earlier, double q)
{
    const double n = double(later.count) - double(earlier.count);
    if (n <= 0 || later.bounds.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const double rank = q * n;
    double below = 0, lower = 0;
    for (std::size_t i = 0; i < later.bounds.size(); ++i) {
        const double upto = double(later.cumulative[i]) - (earlier.cumulative.empty() ? 0.0 : double(earlier.cumulative[i]));
        if (upto >= rank) {
            const double inBucket = upto - below;
            return inBucket > 0 ? lower + (later.bounds[i] - lower) * (rank - below) / inBucket : later.bounds[i];
        }
        below = upto;
        lower = later.bounds[i];
    }
    return later.bounds.back(); // in the +Inf bucket: the largest finite bound, as Prometheus answers
}

std::string Metrics::text() const
{
    std::lock_guard lock(m_mutex);
    std::string out;
    for (const auto &[name, series] : m_counters) {
        header(out, name, "counter");
        for (const auto &[labels, v] : series)
            out += name + labels + " " + shortestNumber(v) + "\n";
    }
    for (const auto &[name, series] : m_gauges) {
        header(out, name, "gauge");
        for (const auto &[labels, v] : series)
            out += name + labels + " " + shortestNumber(v) + "\n";
    }
    for (const auto &[name, series] : m_histograms) {
        header(out, name, "histogram");
        for (const auto &[labels, h] : series) {
            for (std::size_t i = 0; i < kBounds.size(); ++i)
                out += name + "_bucket" + withLabel(labels, "le=\"" + shortestNumber(kBounds[i]) + "\"") + " " + std::to_string(h.buckets[i]) + "\n";
            out += name + "_bucket" + withLabel(labels, "le=\"+Inf\"") + " " + std::to_string(h.count) + "\n";
            out += name + "_sum" + labels + " " + shortestNumber(h.sum) + "\n";
            out += name + "_count" + labels + " " + std::to_string(h.count) + "\n";
        }
    }
    return out;
}

} // namespace keel::serve
