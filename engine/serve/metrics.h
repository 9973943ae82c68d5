#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace keel::serve {

// What /metrics reports, in Prometheus' text exposition format: counters, gauges and
// histograms with labels. Safe to update from every request thread.
class Metrics {
public:
    using Labels = std::vector<std::pair<std::string, std::string>>;
    void add(const std::string &counter, const Labels &labels, double value = 1.0);
    void set(const std::string &gauge, const Labels &labels, double value);
    void observe(const std::string &histogram, const Labels &labels, double seconds);
    // Every metric with its HELP and TYPE lines.
    std::string text() const;
    // A counter's or gauge's value (0 when never set); for tests and the window.
    double value(const std::string &name, const Labels &labels = {}) const;
    // A counter summed over all its label sets.
    double total(const std::string &counter) const;

    // A histogram summed over its label sets, for quantiles over an interval.
    struct HistogramTotals {
        std::vector<double> bounds;            // upper bounds, seconds
        std::vector<std::uint64_t> cumulative; // observations <= each bound
        std::uint64_t count = 0;
        double sum = 0;
    };
    HistogramTotals histogram(const std::string &name) const;
    // The q-quantile of the observations made between `earlier` and `later` (snapshots of the
    // same histogram), interpolated within its bucket as Prometheus' histogram_quantile does;
    // NaN when there were none.
    static double quantile(const HistogramTotals &later, const HistogramTotals &earlier, double q);

private:
    struct Histogram {
        std::vector<std::uint64_t> buckets; // cumulative counts per bound in kBounds
        std::uint64_t count = 0;
        double sum = 0;
    };
    static std::string key(const Labels &labels);
    mutable std::mutex m_mutex;
    std::map<std::string, std::map<std::string, double>> m_counters, m_gauges;
    std::map<std::string, std::map<std::string, Histogram>> m_histograms;
};

} // namespace keel::serve
