// Experiment tracking: ingest, search and chart queries. Prints one line per figure
// (<what> <count> <value>), which scripts/bench.sh sets beside MLflow's
// (bench/tracking_peer.py) on the same machine.
//
//   bench_tracking ingest N          N metric points, 10 keys, batches of 1,000 (MLflow's limit) and of 100,000
//   bench_tracking search STORE      import an MLflow store, then the same search as the peer, best of 10
//   bench_tracking chart RUNS STEPS  RUNS runs × STEPS points; down-sampled series for all of them
#include "core/clock.h"
#include "store/database.h"
#include "store/workspace.h"
#include "tracking/downsample.h"
#include "tracking/mlflowimport.h"
#include "tracking/runsearch.h"
#include "tracking/trackingstore.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

using namespace keel;
using namespace keel::tracking;
namespace fs = std::filesystem;

namespace {

double seconds(std::int64_t startNs)
{
    return double(steadyNs() - startNs) / 1e9;
}

long peakRssKb()
{
    std::ifstream in("/proc/self/status");
    std::string key;
    long value = 0;
    while (in >> key) {
        if (key == "VmHWM:") {
            in >> value;
            return value;
        }
        in.ignore(1 << 20, '\n');
    }
    return 0;
}

fs::path scratch(const char *name)
{
    const fs::path dir = fs::temp_directory_path() / ("keel-bench-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir);
    return dir;
}

void ingest(std::int64_t n)
{
    for (const std::int64_t batch : {std::int64_t(1000), std::int64_t(100000)}) {
        const fs::path dir = scratch("ingest");
        auto ws = store::Workspace::create(dir);
        TrackingStore store(ws->db());
        const std::string run = store.createRun(store.createExperiment("ingest"));
        std::mt19937_64 rng(1);
        std::uniform_real_distribution<double> u;
        std::vector<Metric> points;
        points.reserve(std::size_t(n));
        for (std::int64_t i = 0; i < n; ++i)
            points.push_back({"metric_" + std::to_string(i % 10), u(rng), 1700000000000 + i, i / 10});
        const auto t = steadyNs();
        for (std::int64_t i = 0; i < n; i += batch)
            store.logBatch(run, std::span(points).subspan(std::size_t(i), std::size_t(std::min(batch, n - i))));
        std::printf("keel_ingest_batch%lld %lld %.3f\n", static_cast<long long>(batch), static_cast<long long>(n), seconds(t));
        ws.reset();
        fs::remove_all(dir);
    }
}

void search(const fs::path &mlflowStore)
{
    const fs::path dir = scratch("search");
    auto ws = store::Workspace::create(dir);
    TrackingStore store(ws->db());
    auto t = steadyNs();
    const auto report = importMlflowSqlite(mlflowStore, store);
    std::printf("keel_import %d %.3f\n", report.runs, seconds(t));
    SearchQuery q;
    q.filter = "metrics.acc > 0.9 and params.lr = '0.01'";
    q.orderBy = {"metrics.acc DESC"};
    q.maxResults = 1000;
    double best = 1e300, bestIds = 1e300;
    std::size_t count = 0;
    for (int i = 0; i < 10; ++i) { // best of 10: each takes milliseconds
        t = steadyNs();
        const auto result = store.search(q);
        bestIds = std::min(bestIds, seconds(t));
        // Like MLflow's search_runs, return whole runs: params, tags and latest metrics.
        for (const auto &uuid : result.runUuids)
            (void)store.run(uuid);
        best = std::min(best, seconds(t));
        count = result.runUuids.size();
    }
    std::printf("keel_search_ids %zu %.4f\n", count, bestIds);
    std::printf("keel_search %zu %.4f\n", count, best);
    ws.reset();
    fs::remove_all(dir);
}

void chart(int runs, int steps)
{
    const fs::path dir = scratch("chart");
    auto ws = store::Workspace::create(dir);
    TrackingStore store(ws->db());
    const auto exp = store.createExperiment("chart");
    std::mt19937_64 rng(3);
    std::normal_distribution<double> noise(0.0, 0.05);
    std::vector<std::string> ids;
    auto t = steadyNs();
    for (int r = 0; r < runs; ++r) {
        ids.push_back(store.createRun(exp, "run " + std::to_string(r)));
        std::vector<Metric> points;
        points.reserve(std::size_t(steps));
        for (int s = 0; s < steps; ++s)
            points.push_back({"loss", 2.0 * std::exp(-s / (steps / 5.0)) + noise(rng), 1700000000000 + s, s});
        store.logBatch(ids.back(), points);
    }
    std::printf("keel_chart_write %lld %.3f\n", static_cast<long long>(runs) * steps, seconds(t));
    ws.reset();
    ws = store::Workspace::open(dir); // a cold connection, as a user opening the workspace has
    TrackingStore reader(ws->db());
    const long rssBefore = peakRssKb();
    // The first draw, as the Experiments area makes it: each run's stored overview.
    t = steadyNs();
    std::size_t drawn = 0;
    for (const auto &id : ids)
        drawn += reader.metricOverview(id, "loss", 2000).size();
    std::printf("keel_chart_first %zu %.3f\n", drawn, seconds(t));
    // Then every point, for zooming (the window's background job), down-sampled the same way.
    t = steadyNs();
    drawn = 0;
    std::vector<std::vector<MetricPoint>> cache;
    for (const auto &id : ids) {
        cache.push_back(reader.metricHistory(id, "loss"));
        drawn += downsampleMinMax(cache.back(), 2000).size();
    }
    std::printf("keel_chart_all_points %zu %.3f\n", drawn, seconds(t));
    // Redrawing (a resize, a zoom) works from the series kept in memory.
    std::vector<SeriesPyramid> pyramids;
    for (auto &series : cache)
        pyramids.emplace_back(std::move(series));
    cache.clear();
    t = steadyNs();
    drawn = 0;
    for (const auto &p : pyramids)
        drawn += p.query(0, steps, 2000).size();
    std::printf("keel_chart_redraw %zu %.4f\n", drawn, seconds(t));
    t = steadyNs();
    drawn = 0;
    for (const auto &p : pyramids)
        drawn += p.query(steps / 2, steps / 2 + steps / 20, 2000).size(); // zoomed to 5% of the steps
    std::printf("keel_chart_zoom %zu %.4f\n", drawn, seconds(t));
    std::printf("keel_chart_memory_mb %d %.1f\n", runs, double(peakRssKb() - rssBefore) / 1024.0);
    std::printf("keel_chart_db_mb %d %.1f\n", runs, double(fs::file_size(dir / "workspace.db")) / 1e6);
    ws.reset();
    fs::remove_all(dir);
}

} // namespace

int main(int argc, char **argv)
{
    const std::string what = argc > 1 ? argv[1] : "";
    if (what == "ingest" && argc == 3)
        ingest(std::stoll(argv[2]));
    else if (what == "search" && argc == 3)
        search(argv[2]);
    else if (what == "chart" && argc == 4)
        chart(std::stoi(argv[2]), std::stoi(argv[3]));
    else {
        std::fprintf(stderr, "usage: bench_tracking ingest N | search MLFLOW_DB | chart RUNS STEPS\n");
        return 2;
    }
    return 0;
}
