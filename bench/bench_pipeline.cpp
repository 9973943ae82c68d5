// Pipelines: how the canvas copes with a large graph and what the executor costs per node.
//   bench_pipeline [NODES]   (default 2000 nodes and 1.5 links per node)
// Prints: load and first paint of the graph, frame times fitted, zoomed in and while panning;
// executor overhead per node (pool jobs, with and without the workspace cache, all cached);
// the demo pipeline's first run and cached re-run. Never fails on time.
#include "compute/workerpool.h"
#include "core/clock.h"
#include "models/pipelinegraphmodel.h"
#include "models/session.h"
#include "pipeline/executor.h"
#include "pipeline/noderegistry.h"
#include "pipeline/pipelinefile.h"
#include "store/workspace.h"
#include "widgets/pipeline/pipelinescene.h"

#include <QApplication>
#include <QGraphicsView>
#include <QScrollBar>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <vector>

using namespace keel;
using namespace keel::pipeline;

namespace {

double ms(std::int64_t fromNs)
{
    return double(steadyNs() - fromNs) / 1e6;
}

double percentile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, std::size_t(q * double(v.size())))];
}

// Layers of 20: in each, Validate data nodes chained from the layer before and Drift checks
// taking two of the layer before's datasets, half and half: 1.5 links per node.
Graph layeredGraph(int nodes)
{
    Graph g;
    g.name = "large";
    const int width = 20;
    g.nodes.push_back({"source", "load-dataset", {{"path", "data.csv"}}, 0, 0, {}, {}});
    std::vector<std::string> previous{"source"};
    for (int layer = 0; int(g.nodes.size()) < nodes; ++layer) {
        std::vector<std::string> datasets;
        for (int k = 0; k < width && int(g.nodes.size()) < nodes; ++k) {
            const std::string id = "n" + std::to_string(g.nodes.size());
            const double x = 240.0 * (layer + 1), y = 120.0 * k;
            const std::string &a = previous[std::size_t(k) % previous.size()];
            if (k % 2 == 0) {
                g.nodes.push_back({id, "validate-data", nlohmann::ordered_json::object(), x, y, {}, {}});
                g.links.push_back({a, "dataset", id, "dataset", {}});
                datasets.push_back(id);
            } else {
                g.nodes.push_back({id, "drift-check", nlohmann::ordered_json::object(), x, y, {}, {}});
                g.links.push_back({a, "dataset", id, "reference", {}});
                g.links.push_back({previous[std::size_t(k + 1) % previous.size()], "dataset", id, "current", {}});
            }
        }
        previous = datasets;
    }
    return g;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 2000;
    QTemporaryDir tmp;
    const std::filesystem::path dir = tmp.path().toStdString();

    // The canvas.
    const Graph big = layeredGraph(count);
    savePipeline(big, dir / "large.yaml");
    std::int64_t t = steadyNs();
    PipelineGraphModel model;
    model.load(dir / "large.yaml");
    const double parseMs = ms(t);
    t = steadyNs();
    PipelineScene scene(&model);
    scene.rebuildNow();
    const double sceneMs = ms(t);
    QGraphicsView view(&scene);
    view.setRenderHint(QPainter::Antialiasing);
    view.resize(1280, 800);
    view.show();
    t = steadyNs();
    view.fitInView(scene.itemsBoundingRect(), Qt::KeepAspectRatio);
    QImage frame(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&frame);
    view.render(&painter);
    const double firstPaintMs = ms(t);
    auto frames = [&](int n, const std::function<void(int)> &step) {
        std::vector<double> times;
        for (int i = 0; i < n; ++i) {
            step(i);
            const std::int64_t f = steadyNs();
            view.render(&painter);
            times.push_back(ms(f));
        }
        return times;
    };
    const auto fitted = frames(10, [](int) {});
    view.resetTransform();
    const auto zoomed = frames(10, [&](int i) { view.centerOn(scene.itemsBoundingRect().left() + 200 * i, 600); });
    const auto panning = frames(30, [&](int) { view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + 40); });
    std::printf("canvas: %d nodes, %zu links\n", int(big.nodes.size()), big.links.size());
    std::printf("  load (read and validate the file)   %8.1f ms\n", parseMs);
    std::printf("  build the scene                     %8.1f ms\n", sceneMs);
    std::printf("  first paint, whole graph fitted     %8.1f ms\n", firstPaintMs);
    std::printf("  frame, whole graph      p50 %6.1f ms  p95 %6.1f ms\n", percentile(fitted, 0.5), percentile(fitted, 0.95));
    std::printf("  frame, zoomed in (1:1)  p50 %6.1f ms  p95 %6.1f ms\n", percentile(zoomed, 0.5), percentile(zoomed, 0.95));
    std::printf("  frame, panning          p50 %6.1f ms  p95 %6.1f ms\n", percentile(panning, 0.5), percentile(panning, 0.95));
    painter.end();

    // The executor: a chain of trivial nodes on a ten-row table.
    {
        std::ofstream(dir / "tiny.csv") << "x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,b\n9,a\n10,b\n";
        Graph chain;
        chain.name = "chain";
        const int n = 200;
        chain.nodes.push_back({"load", "load-dataset", {{"path", "tiny.csv"}}, 0, 0, {}, {}});
        for (int i = 1; i < n; ++i) {
            chain.nodes.push_back({"v" + std::to_string(i), "validate-data", {{"min_rows", 1}}, 0, 0, {}, {}});
            chain.links.push_back({i == 1 ? "load" : "v" + std::to_string(i - 1), "dataset", "v" + std::to_string(i), "dataset", {}});
        }
        compute::WorkerPool pool;
        RunOptions options;
        options.pool = &pool;
        options.baseDir = dir;
        t = steadyNs();
        const RunResult bare = runPipeline(chain, NodeRegistry::builtin(), options);
        const double bareMs = ms(t);
        auto ws = store::Workspace::create(dir / "ws");
        options.workspace = ws.get();
        t = steadyNs();
        runPipeline(chain, NodeRegistry::builtin(), options);
        const double storedMs = ms(t);
        t = steadyNs();
        const RunResult cached = runPipeline(chain, NodeRegistry::builtin(), options);
        const double cachedMs = ms(t);
        int hits = 0;
        for (const auto &[id, s] : cached.nodes)
            hits += s.state == NodeState::Cached ? 1 : 0;
        std::printf("executor: a chain of %d nodes as pool jobs (%s)\n", n, bare.succeeded ? "succeeded" : "FAILED");
        std::printf("  no workspace (no cache)             %8.3f ms per node\n", bareMs / n);
        std::printf("  workspace, outputs cached           %8.3f ms per node (tracking run included)\n", storedMs / n);
        std::printf("  second run, %3d of %3d cached       %8.3f ms per node\n", hits, n, cachedMs / n);
    }

    // The demo pipeline.
    {
        const std::filesystem::path demo = std::filesystem::path(KEEL_SOURCE_DIR) / "resources/demo/breast-cancer/breast-cancer.yaml";
        auto ws = store::Workspace::create(dir / "demo-ws");
        compute::WorkerPool pool;
        RunOptions options;
        options.workspace = ws.get();
        options.pool = &pool;
        options.baseDir = demo.parent_path();
        const Graph g = loadPipeline(demo);
        t = steadyNs();
        const RunResult first = runPipeline(g, NodeRegistry::builtin(), options);
        const double firstMs = ms(t);
        t = steadyNs();
        const RunResult again = runPipeline(g, NodeRegistry::builtin(), options);
        const double againMs = ms(t);
        int hits = 0;
        for (const auto &[id, s] : again.nodes)
            hits += s.state == NodeState::Cached ? 1 : 0;
        std::printf("demo pipeline (%zu nodes, 569 biopsies): first run %.1f ms (%s), re-run %.1f ms with %d nodes cached\n", g.nodes.size(),
                    firstMs, first.succeeded ? "succeeded" : "FAILED", againMs, hits);
    }
    return 0;
}
