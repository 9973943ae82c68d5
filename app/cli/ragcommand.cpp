// keel rag build|query|bench|indexes: RAG indexes built, queried and measured headless, with the
// engine the RAG area uses (engine/rag).
#include "app/cli/cli.h"

#include "compute/job.h"
#include "core/error.h"
#include "nn/llamamodel.h"
#include "rag/querygen.h"
#include "rag/ragindex.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cmath>

namespace keel::cli {
namespace {

using nlohmann::json;

int intOption(const QCommandLineParser &parser, const char *name, int fallback, int min)
{
    const QString key = QLatin1String(name);
    if (!parser.isSet(key))
        return fallback;
    bool ok = false;
    const int v = parser.value(key).toInt(&ok);
    if (!ok || v < min)
        throwError(ErrorKind::BadInput, "--" + std::string(name) + " takes a whole number of at least " + std::to_string(min) + ", not '" +
                                            parser.value(key).toStdString() + "'");
    return v;
}

QString fixed(double v, int digits) { return QString::number(v, 'f', digits); }

void printMeasurement(QTextStream &out, const rag::IndexMeasurement &m)
{
    out << Cli::tr("recall@%1 %2 against exact search (%3 queries)  latency p50 %4 ms  p95 %5 ms  p99 %6 ms  "
                   "QPS %7 (1 thread) %8 (all)  %9 bytes/vector")
               .arg(m.k)
               .arg(fixed(m.recall, 3))
               .arg(m.queries)
               .arg(fixed(m.p50Ms, 3), fixed(m.p95Ms, 3), fixed(m.p99Ms, 3))
               .arg(fixed(m.qpsOneThread, 0), fixed(m.qpsAllThreads, 0), fixed(m.bytesPerVector, 1))
        << '\n';
}

int buildAction(const QCommandLineParser &parser, const QString &what, bool asJson)
{
    const std::filesystem::path path = what.toStdString();
    rag::BuildOptions options;
    QString model = parser.isSet(QStringLiteral("model")) ? parser.value(QStringLiteral("model")) : QStringLiteral("all-MiniLM-L6-v2");
    if (std::filesystem::is_regular_file(path) && (path.extension() == ".yaml" || path.extension() == ".yml" || path.extension() == ".json")) {
        rag::BuildConfig config = rag::readBuildConfig(path);
        options = config.options;
        if (!parser.isSet(QStringLiteral("model")))
            model = QString::fromStdString(config.model);
    } else {
        options.sources = {path};
        options.name = std::filesystem::absolute(path).lexically_normal().filename().string();
        if (options.name.empty())
            options.name = std::filesystem::absolute(path).lexically_normal().parent_path().filename().string();
    }
    if (parser.isSet(QStringLiteral("name")))
        options.name = parser.value(QStringLiteral("name")).toStdString();
    if (parser.isSet(QStringLiteral("chunker")))
        options.chunker.kind = rag::chunkerKindFromName(parser.value(QStringLiteral("chunker")).toStdString());
    options.chunker.size = std::size_t(intOption(parser, "chunk-size", int(options.chunker.size), 1));
    if (parser.isSet(QStringLiteral("chunk-overlap"))) {
        options.chunker.overlap = std::size_t(intOption(parser, "chunk-overlap", 0, 0));
        options.chunker.overlapSet = true;
    }
    if (parser.isSet(QStringLiteral("index")))
        options.index.type = rag::indexTypeFromName(parser.value(QStringLiteral("index")).toStdString());
    if (parser.isSet(QStringLiteral("metric"))) {
        const QString metric = parser.value(QStringLiteral("metric"));
        if (metric != QLatin1String("ip") && metric != QLatin1String("l2"))
            throwError(ErrorKind::BadInput, "--metric takes ip or l2, not '" + metric.toStdString() + "'");
        options.index.metric = metric == QLatin1String("ip") ? rag::Metric::InnerProduct : rag::Metric::L2;
    }
    options.index.m = intOption(parser, "M", options.index.m, 2);
    options.index.efConstruction = intOption(parser, "ef-construction", options.index.efConstruction, 1);
    options.index.efSearch = intOption(parser, "ef-search", options.index.efSearch, 1);
    options.index.nlist = intOption(parser, "nlist", options.index.nlist, 1);
    options.index.nprobe = intOption(parser, "nprobe", options.index.nprobe, 1);
    options.index.pqM = intOption(parser, "pq-m", options.index.pqM, 1);
    options.batchSize = std::size_t(intOption(parser, "batch", int(options.batchSize), 1));
    options.model = resolveModel(model, extraFolders(parser));
    options.modelName = std::filesystem::exists(model.toStdString()) ? options.model.filename().string() : model.toStdString();
    options.device = deviceOption(parser);

    const auto workspace = store::Workspace::openOrCreate(Cli::workspaceDir(parser));
    rag::BuildHooks hooks;
    int lastPercent = -1;
    hooks.progress = [&lastPercent](double fraction, const std::string &message) {
        const int percent = int(std::floor(fraction * 100));
        if (percent / 5 == lastPercent / 5 && percent != 100)
            return;
        lastPercent = percent;
        Cli::err() << QStringLiteral("%1% %2\n").arg(percent, 3).arg(QString::fromStdString(message));
        Cli::err().flush();
    };
    const rag::BuildReport r = rag::buildIndex(workspace->dir(), options, hooks);
    QTextStream &out = Cli::out();
    if (asJson) {
        json skipped = json::array();
        for (const auto &s : r.skipped)
            skipped.push_back({{"path", s.relative}, {"reason", s.reason}});
        json j{{"name", r.name},
               {"version", r.version},
               {"dir", r.dir.string()},
               {"files", r.files},
               {"files_reused", r.filesReused},
               {"chunks", r.chunks},
               {"embedded", r.embedded},
               {"embeddings_reused", r.embeddingsReused},
               {"truncated_chunks", r.truncatedChunks},
               {"skipped", skipped},
               {"seconds", {{"total", r.totalSeconds}, {"read", r.readSeconds}, {"embed", r.embedSeconds}, {"index", r.indexSeconds}}},
               {"index_bytes", r.indexBytes}};
        if (r.measurement)
            j["measurement"] = rag::measurementToJson(*r.measurement);
        out << QString::fromStdString(j.dump(2)) << '\n';
        return Ok;
    }
    out << Cli::tr("Built %1 v%2 in %3 s: %4 files (%5 unchanged), %6 chunks, %7 embedded (%8 reused)")
               .arg(QString::fromStdString(r.name))
               .arg(r.version)
               .arg(fixed(r.totalSeconds, 1))
               .arg(r.files)
               .arg(r.filesReused)
               .arg(r.chunks)
               .arg(r.embedded)
               .arg(r.embeddingsReused)
        << '\n';
    out << Cli::tr("  read and chunked in %1 s, embedded in %2 s (%3 chunks/s), index built in %4 s, %5")
               .arg(fixed(r.readSeconds, 2), fixed(r.embedSeconds, 2))
               .arg(fixed(r.embedSeconds > 0 ? double(r.embedded) / r.embedSeconds : 0, 1))
               .arg(fixed(r.indexSeconds, 2))
               .arg(Cli::bytes(r.indexBytes))
        << '\n';
    if (r.measurement) {
        out << "  ";
        printMeasurement(out, *r.measurement);
    }
    if (r.truncatedChunks > 0)
        out << Cli::tr("  warning: %1 of the %2 chunks embedded are longer than the model's %3-token window; only their beginnings were "
                       "embedded (use a smaller --chunk-size, or --chunker tokens)")
                   .arg(r.truncatedChunks)
                   .arg(r.embedded)
                   .arg(r.modelWindow)
            << '\n';
    for (const auto &s : r.skipped)
        out << Cli::tr("  skipped %1: %2").arg(QString::fromStdString(s.relative), QString::fromStdString(s.reason)) << '\n';
    out << QString::fromStdString(r.dir.string()) << '\n';
    return Ok;
}

int queryAction(const QCommandLineParser &parser, const QString &ref, const QString &text, bool asJson)
{
    const auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    const rag::IndexVersion version = rag::findIndex(workspace->dir(), ref.toStdString());
    const auto index = rag::RagIndex::open(version, deviceOption(parser));
    const int k = intOption(parser, "k", 5, 1);
    rag::QueryMode mode = rag::QueryMode::Vector;
    if (parser.isSet(QStringLiteral("hybrid")))
        mode = rag::QueryMode::Hybrid;
    if (parser.isSet(QStringLiteral("keyword")))
        mode = rag::QueryMode::Keyword;
    if (parser.isSet(QStringLiteral("mode")))
        mode = rag::queryModeFromName(parser.value(QStringLiteral("mode")).toStdString());
    const auto hits = index->query(text.toStdString(), std::size_t(k), mode);
    QTextStream &out = Cli::out();
    if (asJson) {
        json a = json::array();
        for (const auto &h : hits)
            a.push_back({{"id", h.id},
                         {"score", h.score},
                         {"source", h.source},
                         {"begin", h.begin},
                         {"end", h.end},
                         {"page", h.page},
                         {"heading", h.headingPath},
                         {"vector_rank", h.vectorRank},
                         {"keyword_rank", h.keywordRank},
                         {"text", h.text}});
        out << QString::fromStdString(a.dump(2)) << '\n';
        return Ok;
    }
    int rank = 0;
    for (const auto &h : hits) {
        QString where = QString::fromStdString(h.source);
        if (h.page > 0)
            where += Cli::tr(", page %1").arg(h.page);
        if (!h.headingPath.empty())
            where += QStringLiteral(" — ") + QString::fromStdString(h.headingPath);
        out << QStringLiteral("%1. %2  %3\n").arg(++rank).arg(fixed(h.score, 4), where);
        QString body = QString::fromStdString(h.text).simplified();
        if (body.size() > 300)
            body = body.left(300) + QStringLiteral("…");
        out << "   " << body << "\n\n";
    }
    if (hits.empty())
        out << Cli::tr("No chunks match.") << '\n';
    return Ok;
}

int benchAction(const QCommandLineParser &parser, const QString &ref, bool asJson)
{
    const auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    const rag::IndexVersion version = rag::findIndex(workspace->dir(), ref.toStdString());
    const auto index = rag::RagIndex::open(version, deviceOption(parser));
    const int k = intOption(parser, "k", 10, 1);
    const int samples = intOption(parser, "samples", 200, 1);
    json bench = rag::readBench(version);
    if (!bench.is_object())
        bench = json::object();
    QTextStream &out = Cli::out();
    json result = json::object();
    if (parser.isSet(QStringLiteral("queries"))) {
        rag::QueryMode mode = parser.isSet(QStringLiteral("hybrid")) ? rag::QueryMode::Hybrid : rag::QueryMode::Vector;
        if (parser.isSet(QStringLiteral("mode")))
            mode = rag::queryModeFromName(parser.value(QStringLiteral("mode")).toStdString());
        const auto q = rag::evaluateQueries(*index, parser.value(QStringLiteral("queries")).toStdString(), std::size_t(k), mode);
        json quality{{"queries", q.queries}, {"by", q.bySource ? "source" : "chunk"}, {"k", k}, {"mean", q.scores.mean},
                     {"mode", mode == rag::QueryMode::Hybrid ? "hybrid" : mode == rag::QueryMode::Keyword ? "keyword" : "vector"}};
        result["quality"] = quality;
        bench["quality"] = quality;
        if (!asJson) {
            const std::string kk = std::to_string(k);
            auto m = [&q](const std::string &name) { return q.scores.mean.count(name) ? q.scores.mean.at(name) : 0.0; };
            out << Cli::tr("%1 labelled queries, by %2 (trec_eval's definitions):").arg(q.queries).arg(q.bySource ? Cli::tr("source") : Cli::tr("chunk"))
                << '\n'
                << Cli::tr("  hit rate@%1 %2  MRR %3  nDCG@%1 %4  precision@%1 %5  recall@%1 %6  MAP %7")
                       .arg(k)
                       .arg(fixed(m("success_" + kk), 3), fixed(m("recip_rank"), 3), fixed(m("ndcg_cut_" + kk), 3), fixed(m("P_" + kk), 3),
                            fixed(m("recall_" + kk), 3), fixed(m("map"), 3))
                << '\n';
        }
    }
    if (parser.isSet(QStringLiteral("sweep"))) {
        std::vector<std::string> skipped;
        const auto ms = rag::sweepIndex(*index, std::size_t(k), std::size_t(samples), skipped, [](std::size_t done, std::size_t total) {
            Cli::err() << QStringLiteral("\rsweep %1/%2").arg(done).arg(total);
            Cli::err().flush();
        });
        Cli::err() << '\n';
        json a = json::array();
        for (const auto &m : ms)
            a.push_back(rag::measurementToJson(m));
        result["sweep"] = a;
        result["skipped"] = skipped;
        bench["sweep"] = a;
        bench["skipped"] = skipped;
        if (!asJson) {
            out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                       .arg(Cli::tr("index"), -48)
                       .arg(Cli::tr("recall@%1").arg(k), 10)
                       .arg(Cli::tr("p50 ms"), 8)
                       .arg(Cli::tr("p99 ms"), 8)
                       .arg(Cli::tr("QPS(1)"), 9)
                       .arg(Cli::tr("QPS(all)"), 9)
                       .arg(Cli::tr("B/vec"), 8);
            for (const auto &m : ms)
                out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7%8\n")
                           .arg(QString::fromStdString(m.spec.describe()), -48)
                           .arg(fixed(m.recall, 3), 10)
                           .arg(fixed(m.p50Ms, 3), 8)
                           .arg(fixed(m.p99Ms, 3), 8)
                           .arg(fixed(m.qpsOneThread, 0), 9)
                           .arg(fixed(m.qpsAllThreads, 0), 9)
                           .arg(fixed(m.bytesPerVector, 1), 8)
                           .arg(m.pareto ? QStringLiteral("  *") : QString());
            out << Cli::tr("* on the Pareto front of recall against QPS (all threads)") << '\n';
            for (const auto &s : skipped)
                out << Cli::tr("skipped %1").arg(QString::fromStdString(s)) << '\n';
        }
    }
    if (!parser.isSet(QStringLiteral("queries")) && !parser.isSet(QStringLiteral("sweep"))) {
        const auto vectors = index->vectors();
        std::vector<std::int64_t> leaveOut;
        const auto queries = rag::sampleQueries(vectors, index->dimension(), std::size_t(samples), leaveOut);
        const std::size_t kk = std::min<std::size_t>(std::size_t(k), index->chunkCount() > 1 ? index->chunkCount() - 1 : 1);
        const auto truth = rag::exactNeighbours(vectors.data(), index->chunkCount(), index->dimension(), index->vectorIndex().spec().metric,
                                                queries.data(), leaveOut.size(), kk, leaveOut);
        const auto m = rag::measureIndex(index->vectorIndex(), queries.data(), leaveOut.size(), kk, truth, leaveOut);
        result["measurement"] = rag::measurementToJson(m);
        bench["measurement"] = result["measurement"];
        if (!asJson) {
            out << QString::fromStdString(m.spec.describe()) << ": ";
            printMeasurement(out, m);
        }
    }
    rag::writeBench(version, bench);
    if (asJson)
        out << QString::fromStdString(result.dump(2)) << '\n';
    return Ok;
}

int queriesAction(const QCommandLineParser &parser, const QString &ref)
{
    if (!parser.isSet(QStringLiteral("model")))
        throwError(ErrorKind::BadInput, "queries needs --model: a local chat model (GGUF) that writes the questions");
    const auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    const rag::IndexVersion version = rag::findIndex(workspace->dir(), ref.toStdString());
    const auto index = rag::RagIndex::open(version);
    const std::filesystem::path modelPath = resolveModel(parser.value(QStringLiteral("model")), extraFolders(parser));
    const auto model = nn::LlamaModel::load(modelPath, deviceOption(parser));
    const int count = intOption(parser, "count", 50, 1);
    const auto queries = rag::generateQueries(*index, *model, std::size_t(count), [](std::size_t done, std::size_t total) {
        Cli::err() << QStringLiteral("\rwriting questions %1/%2").arg(done).arg(total);
        Cli::err().flush();
    });
    Cli::err() << '\n';
    const std::string text = rag::queriesToJsonl(queries, modelPath.filename().string());
    if (parser.isSet(QStringLiteral("output"))) {
        if (!Cli::writeOutput(parser, text.substr(0, text.empty() ? 0 : text.size() - 1)))
            return CheckFailed;
        Cli::err() << Cli::tr("%1 questions written to %2 (each chunk's own question; keel rag bench INDEX --queries FILE scores them)")
                          .arg(queries.size())
                          .arg(parser.value(QStringLiteral("output")))
                   << '\n';
    } else {
        Cli::out() << QString::fromStdString(text);
    }
    return Ok;
}

int indexesAction(const QCommandLineParser &parser, bool asJson)
{
    const auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    const auto versions = rag::listIndexes(workspace->dir());
    QTextStream &out = Cli::out();
    if (asJson) {
        json a = json::array();
        for (const auto &v : versions)
            a.push_back(v.manifest);
        out << QString::fromStdString(a.dump(2)) << '\n';
        return Ok;
    }
    if (versions.empty()) {
        out << Cli::tr("No indexes yet: keel rag build FOLDER makes one.") << '\n';
        return Ok;
    }
    for (const auto &v : versions) {
        const json &m = v.manifest;
        QString recall;
        if (m.contains("measurement"))
            recall = Cli::tr("recall@%1 %2").arg(m["measurement"].value("k", 10)).arg(fixed(m["measurement"].value("recall", 0.0), 3));
        out << QStringLiteral("%1 v%2  %3  %4 chunks from %5 files  %6  %7  %8  %9\n")
                   .arg(QString::fromStdString(v.name))
                   .arg(v.version)
                   .arg(QString::fromStdString(m.value("created", std::string())))
                   .arg(m.value("vectors", 0))
                   .arg(m.value("files", 0))
                   .arg(QString::fromStdString(m["chunker"].value("key", std::string())))
                   .arg(QString::fromStdString(m["model"].value("name", std::string())))
                   .arg(QString::fromStdString(m.value("index_describe", std::string())))
                   .arg(recall);
    }
    return Ok;
}

} // namespace

int ragCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("build CONFIG|FOLDER|FILE | query INDEX TEXT | bench INDEX [--queries FILE] [--sweep] | queries INDEX --model CHAT.gguf "
                "[--count N] [-o FILE] | indexes.  INDEX is NAME (its latest version), NAME@VERSION or a version folder."));
    Cli::addCommonOptions(parser);
    addModelOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("name"), Cli::tr("build: the index's name (default: the folder's or the config's)."), Cli::tr("NAME")});
    parser.addOption({QStringLiteral("model"), Cli::tr("build: the embedding model (default all-MiniLM-L6-v2); queries: the chat model."), Cli::tr("MODEL")});
    parser.addOption({QStringLiteral("chunker"), Cli::tr("build: tokens, recursive (the default), sentence or markdown."), Cli::tr("KIND")});
    parser.addOption({QStringLiteral("chunk-size"), Cli::tr("build: chunk size (characters for recursive and markdown, tokens otherwise)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("chunk-overlap"), Cli::tr("build: overlap between chunks, in the same unit."), Cli::tr("N")});
    parser.addOption({QStringLiteral("index"), Cli::tr("build: flat, hnsw (the default), ivf-flat or ivf-pq."), Cli::tr("TYPE")});
    parser.addOption({QStringLiteral("metric"), Cli::tr("build: ip (cosine on normalised vectors, the default) or l2."), Cli::tr("METRIC")});
    parser.addOption({QStringLiteral("M"), Cli::tr("build: HNSW neighbours per node (32)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("ef-construction"), Cli::tr("build: HNSW candidate list while building (200)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("ef-search"), Cli::tr("build: HNSW candidate list while searching (64)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("nlist"), Cli::tr("build: IVF clusters (default 4·√n)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("nprobe"), Cli::tr("build: IVF clusters visited per query (8)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("pq-m"), Cli::tr("build: IVF-PQ sub-quantisers (default: a divisor of the dimension near d/4)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("batch"), Cli::tr("build: texts per embedding batch (64)."), Cli::tr("N")});
    parser.addOption({{QStringLiteral("k")}, Cli::tr("query, bench: results per query (5 for query, 10 for bench)."), Cli::tr("K")});
    parser.addOption({QStringLiteral("hybrid"), Cli::tr("query, bench: fuse vector and keyword (BM25) ranks (reciprocal rank fusion, k=60).")});
    parser.addOption({QStringLiteral("keyword"), Cli::tr("query: keyword search only (SQLite FTS5, BM25).")});
    parser.addOption({QStringLiteral("mode"), Cli::tr("query, bench: vector, keyword or hybrid."), Cli::tr("MODE")});
    parser.addOption({QStringLiteral("queries"), Cli::tr("bench: labelled queries (JSON lines: {\"query\", \"relevant\": [sources or chunk ids]})."), Cli::tr("FILE")});
    parser.addOption({QStringLiteral("sweep"), Cli::tr("bench: measure a grid of index settings and mark the Pareto front of recall against QPS.")});
    parser.addOption({QStringLiteral("samples"), Cli::tr("bench: vectors sampled from the index as queries against exact search (200)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("count"), Cli::tr("queries: how many chunks get a question (50)."), Cli::tr("N")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, Cli::tr("queries: write the JSON lines to this file."), Cli::tr("FILE")});
    parser.addPositionalArgument(QStringLiteral("action"), Cli::tr("build, query, bench, queries or indexes"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    const bool asJson = parser.isSet(QStringLiteral("json"));
    try {
        const QString action = args.value(0);
        if (action == QLatin1String("build") && args.size() == 2)
            return buildAction(parser, args[1], asJson);
        if (action == QLatin1String("query") && args.size() == 3)
            return queryAction(parser, args[1], args[2], asJson);
        if (action == QLatin1String("bench") && args.size() == 2)
            return benchAction(parser, args[1], asJson);
        if (action == QLatin1String("queries") && args.size() == 2)
            return queriesAction(parser, args[1]);
        if (action == QLatin1String("indexes") && args.size() == 1)
            return indexesAction(parser, asJson);
        return Cli::usageError(Cli::tr("usage: keel rag build CONFIG|FOLDER | query INDEX TEXT [-k K] [--hybrid] | bench INDEX [--queries FILE] [--sweep] | "
                                       "queries INDEX --model CHAT.gguf | indexes"));
    } catch (const compute::JobCancelled &) {
        Cli::err() << Cli::tr("keel: cancelled; what was embedded is kept for the next build") << '\n';
        return CheckFailed;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
