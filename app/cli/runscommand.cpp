// keel runs list|search|show|compare: the workspace's runs, as MLflow's REST API shapes them
// in --json.
#include "app/cli/cli.h"

#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"
#include "store/workspace.h"
#include "tracking/runsearch.h"
#include "tracking/trackingstore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>
#include <set>

namespace keel::cli {
namespace {

using tracking::RunData;

// JSON has no NaN or infinity; MLflow's REST API writes them as these strings.
QJsonValue number(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return v;
}

QString text(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(v, 'g', 17);
}

QJsonObject runJson(const RunData &d, const std::string &experimentSourceId)
{
    const auto &r = d.run;
    QJsonObject info{{QStringLiteral("run_id"), QString::fromStdString(r.uuid)},
                     {QStringLiteral("run_name"), QString::fromStdString(r.name)},
                     {QStringLiteral("experiment_id"), QString::fromStdString(experimentSourceId)},
                     {QStringLiteral("status"), QString::fromStdString(r.status)},
                     {QStringLiteral("user_id"), QString::fromStdString(r.userId)},
                     {QStringLiteral("lifecycle_stage"), QString::fromStdString(r.lifecycleStage)},
                     {QStringLiteral("artifact_uri"), QString::fromStdString(r.artifactUri)}};
    if (r.startTime)
        info.insert(QStringLiteral("start_time"), qint64(*r.startTime));
    if (r.endTime)
        info.insert(QStringLiteral("end_time"), qint64(*r.endTime));
    QJsonArray metrics, params, tags, datasets;
    for (const auto &[k, m] : d.latestMetrics)
        metrics.append(QJsonObject{{QStringLiteral("key"), QString::fromStdString(k)}, {QStringLiteral("value"), number(m.value)},
                                   {QStringLiteral("timestamp"), qint64(m.timestamp)}, {QStringLiteral("step"), qint64(m.step)}}); // 64-bit integers, exactly
    for (const auto &[k, v] : d.params)
        params.append(QJsonObject{{QStringLiteral("key"), QString::fromStdString(k)}, {QStringLiteral("value"), QString::fromStdString(v)}});
    for (const auto &[k, v] : d.tags)
        tags.append(QJsonObject{{QStringLiteral("key"), QString::fromStdString(k)}, {QStringLiteral("value"), QString::fromStdString(v)}});
    for (const auto &ds : d.datasets)
        datasets.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(ds.name)},
                                    {QStringLiteral("digest"), QString::fromStdString(ds.digest)},
                                    {QStringLiteral("source_type"), QString::fromStdString(ds.sourceType)},
                                    {QStringLiteral("context"), QString::fromStdString(ds.context)}});
    QJsonArray artifacts;
    for (const auto &a : d.artifacts)
        artifacts.append(QJsonObject{{QStringLiteral("path"), QString::fromStdString(a.path)},
                                     {QStringLiteral("sha256"), QString::fromStdString(a.sha256)},
                                     {QStringLiteral("file_size"), double(a.size)}});
    return QJsonObject{{QStringLiteral("artifacts"), artifacts},
                       {QStringLiteral("info"), info},
                       {QStringLiteral("data"), QJsonObject{{QStringLiteral("metrics"), metrics},
                                                            {QStringLiteral("params"), params},
                                                            {QStringLiteral("tags"), tags}}},
                       {QStringLiteral("inputs"), QJsonObject{{QStringLiteral("dataset_inputs"), datasets}}}};
}

// Experiments named on the command line, by name or by the id users read: MLflow's experiment
// id (what the JSON shows), or Keel's own for experiments that did not come from MLflow.
std::vector<std::int64_t> experimentIds(tracking::TrackingStore &store, const QStringList &names)
{
    std::vector<std::int64_t> ids;
    const auto all = store.experiments(true);
    for (const QString &n : names) {
        std::vector<std::int64_t> matches;
        for (const auto &e : all) {
            const QString shownId = e.sourceId.empty() ? QString::number(e.id) : QString::fromStdString(e.sourceId);
            if (QString::fromStdString(e.name) == n || shownId == n)
                matches.push_back(e.id);
        }
        if (matches.empty())
            throwError(ErrorKind::NotFound, "no experiment named or numbered \"" + n.toStdString() + "\"");
        ids.insert(ids.end(), matches.begin(), matches.end());
    }
    return ids;
}

void printTable(QTextStream &out, const std::vector<RunData> &runs, tracking::TrackingStore &store)
{
    std::map<std::int64_t, QString> experimentNames;
    for (const auto &e : store.experiments(true))
        experimentNames[e.id] = QString::fromStdString(e.name);
    out << QStringLiteral("%1  %2  %3  %4  %5\n")
               .arg(Cli::tr("Run ID"), -32)
               .arg(Cli::tr("Status"), -9)
               .arg(Cli::tr("Started (UTC)"), -19)
               .arg(Cli::tr("Experiment"), -20)
               .arg(Cli::tr("Name"));
    for (const RunData &d : runs) {
        const QString started = d.run.startTime ? QString::fromStdString(isoTimeUtc(*d.run.startTime)).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')) : QString();
        out << QStringLiteral("%1  %2  %3  %4  %5\n")
                   .arg(QString::fromStdString(d.run.uuid), -32)
                   .arg(QString::fromStdString(d.run.status), -9)
                   .arg(started, -19)
                   .arg(experimentNames[d.run.experimentId].left(20), -20)
                   .arg(QString::fromStdString(d.run.name));
    }
}

int listOrSearch(QCommandLineParser &parser, tracking::TrackingStore &store, const QString &filter)
{
    tracking::SearchQuery q;
    q.filter = filter.toStdString();
    for (const QString &o : parser.values(QStringLiteral("order-by")))
        q.orderBy.push_back(o.toStdString());
    q.experimentIds = experimentIds(store, parser.values(QStringLiteral("experiment")));
    bool ok = false;
    q.maxResults = parser.value(QStringLiteral("max")).toInt(&ok);
    if (!ok)
        return Cli::usageError(Cli::tr("--max takes a whole number, not '%1'").arg(parser.value(QStringLiteral("max"))));
    q.pageToken = parser.value(QStringLiteral("page-token")).toStdString();
    const QString view = parser.value(QStringLiteral("view"));
    if (view == QLatin1String("all"))
        q.view = tracking::ViewType::All;
    else if (view == QLatin1String("deleted"))
        q.view = tracking::ViewType::DeletedOnly;
    else if (view != QLatin1String("active"))
        return Cli::usageError(Cli::tr("--view takes active, deleted or all, not '%1'").arg(view));
    const tracking::SearchResult result = store.search(q);
    std::vector<RunData> runs;
    for (const std::string &uuid : result.runUuids)
        runs.push_back(*store.run(uuid));
    QTextStream &out = Cli::out();
    if (parser.isSet(QStringLiteral("json"))) {
        std::map<std::int64_t, std::string> sourceIds;
        for (const auto &e : store.experiments(true))
            sourceIds[e.id] = e.sourceId.empty() ? std::to_string(e.id) : e.sourceId;
        QJsonArray array;
        for (const RunData &d : runs)
            array.append(runJson(d, sourceIds[d.run.experimentId]));
        QJsonObject o{{QStringLiteral("runs"), array}};
        if (!result.nextPageToken.empty())
            o.insert(QStringLiteral("next_page_token"), QString::fromStdString(result.nextPageToken));
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        printTable(out, runs, store);
        if (!result.nextPageToken.empty())
            out << Cli::tr("More runs: add --page-token %1").arg(QString::fromStdString(result.nextPageToken)) << '\n';
    }
    out.flush();
    return Ok;
}

int show(QCommandLineParser &parser, tracking::TrackingStore &store, const QString &id)
{
    const auto data = store.run(id.toStdString());
    if (!data)
        throwError(ErrorKind::NotFound, "no run with id " + id.toStdString());
    QTextStream &out = Cli::out();
    const auto experiment = store.experiment(data->run.experimentId);
    if (parser.isSet(QStringLiteral("json"))) {
        out << QJsonDocument(QJsonObject{{QStringLiteral("run"), runJson(*data, experiment->sourceId.empty() ? std::to_string(experiment->id) : experiment->sourceId)}})
                   .toJson(QJsonDocument::Indented);
        out.flush();
        return Ok;
    }
    const auto &r = data->run;
    out << Cli::tr("Run %1  %2").arg(QString::fromStdString(r.uuid), QString::fromStdString(r.name)) << '\n'
        << Cli::tr("  experiment: %1").arg(QString::fromStdString(experiment->name)) << '\n'
        << Cli::tr("  status: %1").arg(QString::fromStdString(r.status)) << '\n';
    if (r.startTime)
        out << Cli::tr("  started: %1").arg(QString::fromStdString(isoTimeUtc(*r.startTime))) << '\n';
    if (r.endTime)
        out << Cli::tr("  ended: %1").arg(QString::fromStdString(isoTimeUtc(*r.endTime))) << '\n';
    if (r.parentUuid)
        out << Cli::tr("  parent run: %1").arg(QString::fromStdString(*r.parentUuid)) << '\n';
    if (!r.sourceVersion.empty())
        out << Cli::tr("  git commit: %1").arg(QString::fromStdString(r.sourceVersion)) << '\n';
    out << Cli::tr("Params") << '\n';
    for (const auto &[k, v] : data->params)
        out << "  " << QString::fromStdString(k) << " = " << QString::fromStdString(v.size() > 200 ? v.substr(0, 200) + "…" : v) << '\n';
    out << Cli::tr("Metrics (latest)") << '\n';
    for (const auto &[k, m] : data->latestMetrics)
        out << "  " << QString::fromStdString(k) << " = " << text(m.value) << Cli::tr("  (step %1)").arg(m.step) << '\n';
    out << Cli::tr("Tags") << '\n';
    for (const auto &[k, v] : data->tags)
        out << "  " << QString::fromStdString(k) << " = " << QString::fromStdString(v) << '\n';
    for (const auto &d : data->datasets)
        out << Cli::tr("Dataset %1 (digest %2, %3)").arg(QString::fromStdString(d.name), QString::fromStdString(d.digest), QString::fromStdString(d.context)) << '\n';
    if (!data->artifacts.empty())
        out << Cli::tr("Artifacts (in the workspace, by SHA-256)") << '\n';
    for (const auto &a : data->artifacts)
        out << "  " << QString::fromStdString(a.path) << "  " << Cli::bytes(a.size) << "  " << QString::fromStdString(a.sha256) << '\n';
    out.flush();
    return Ok;
}

int compare(QCommandLineParser &parser, tracking::TrackingStore &store, const QStringList &ids)
{
    if (ids.size() < 2)
        return Cli::usageError(Cli::tr("compare needs at least two run ids"));
    std::vector<RunData> runs;
    for (const QString &id : ids) {
        auto d = store.run(id.toStdString());
        if (!d)
            throwError(ErrorKind::NotFound, "no run with id " + id.toStdString());
        runs.push_back(std::move(*d));
    }
    const bool diffOnly = parser.isSet(QStringLiteral("diff-only"));
    // Rows: params then latest metrics; a row whose values are all equal is left out with --diff-only.
    struct Row {
        QString kind, key;
        QStringList values;
    };
    std::vector<Row> rows;
    std::set<std::string> paramKeys, metricKeys;
    for (const auto &d : runs) {
        for (const auto &[k, v] : d.params)
            paramKeys.insert(k);
        for (const auto &[k, v] : d.latestMetrics)
            metricKeys.insert(k);
    }
    for (const auto &k : paramKeys) {
        Row row{QStringLiteral("param"), QString::fromStdString(k), {}};
        for (const auto &d : runs) {
            auto it = d.params.find(k);
            row.values << (it == d.params.end() ? QStringLiteral("—") : QString::fromStdString(it->second));
        }
        rows.push_back(row);
    }
    for (const auto &k : metricKeys) {
        Row row{QStringLiteral("metric"), QString::fromStdString(k), {}};
        for (const auto &d : runs) {
            auto it = d.latestMetrics.find(k);
            row.values << (it == d.latestMetrics.end() ? QStringLiteral("—") : text(it->second.value));
        }
        rows.push_back(row);
    }
    QTextStream &out = Cli::out();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const Row &r : rows) {
            QStringList unique = r.values;
            unique.removeDuplicates();
            if (diffOnly && unique.size() == 1)
                continue;
            array.append(QJsonObject{{QStringLiteral("kind"), r.kind}, {QStringLiteral("key"), r.key},
                                     {QStringLiteral("values"), QJsonArray::fromStringList(r.values)}});
        }
        QJsonArray runIds;
        for (const auto &d : runs)
            runIds.append(QString::fromStdString(d.run.uuid));
        out << QJsonDocument(QJsonObject{{QStringLiteral("run_ids"), runIds}, {QStringLiteral("rows"), array}}).toJson(QJsonDocument::Indented);
        out.flush();
        return Ok;
    }
    out << QStringLiteral("%1").arg(QString(), -28);
    for (const auto &d : runs)
        out << "  " << QString::fromStdString(d.run.name.empty() ? d.run.uuid.substr(0, 8) : d.run.name).left(18).leftJustified(18);
    out << '\n';
    for (const Row &r : rows) {
        QStringList unique = r.values;
        unique.removeDuplicates();
        if (diffOnly && unique.size() == 1)
            continue;
        out << QStringLiteral("%1").arg((r.kind == QLatin1String("param") ? QStringLiteral("params.") : QStringLiteral("metrics.")) + r.key, -28).left(28);
        for (const QString &v : r.values)
            out << "  " << v.left(18).leftJustified(18);
        out << '\n';
    }
    out.flush();
    return Ok;
}

} // namespace

int runsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("list: runs, newest first. search FILTER: MLflow's search syntax, e.g. "
                                             "\"metrics.acc > 0.9 and params.lr = '0.01'\". show RUN_ID. compare RUN_ID RUN_ID..."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON (shaped as MLflow's REST API).")});
    parser.addOption({QStringLiteral("experiment"), Cli::tr("Only this experiment (name or id); repeatable."), Cli::tr("NAME")});
    parser.addOption({QStringLiteral("order-by"), Cli::tr("e.g. \"metrics.loss ASC\"; repeatable."), Cli::tr("CLAUSE")});
    parser.addOption({QStringLiteral("max"), Cli::tr("At most N runs (default 1000)."), Cli::tr("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("page-token"), Cli::tr("Continue after a previous page."), Cli::tr("TOKEN")});
    parser.addOption({QStringLiteral("view"), Cli::tr("active (default), deleted or all."), Cli::tr("VIEW"), QStringLiteral("active")});
    parser.addOption({QStringLiteral("diff-only"), Cli::tr("compare: only the rows whose values differ.")});
    parser.addPositionalArgument(QStringLiteral("action"), Cli::tr("list, search, show, compare or history"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return Cli::usageError(Cli::tr("usage: keel runs list|search FILTER|show RUN_ID|compare RUN_ID RUN_ID..."));
    const QString action = args[0];

    const auto dir = Cli::workspaceDir(parser);
    store::Workspace::inspect(dir);
    sql::Database db = sql::Database::open(dir / store::Workspace::kDatabaseName, sql::Database::Mode::ReadOnly);
    if (db.userVersion() < 2)
        throwError(ErrorKind::BadInput, dir.string() + " has no tracking tables yet (schema " + std::to_string(db.userVersion()) +
                                            "); open it once with this Keel to upgrade it");
    tracking::TrackingStore store(db);

    if (action == QLatin1String("list") && args.size() == 1)
        return listOrSearch(parser, store, QString());
    if (action == QLatin1String("search") && args.size() == 2)
        return listOrSearch(parser, store, args[1]);
    if (action == QLatin1String("show") && args.size() == 2)
        return show(parser, store, args[1]);
    if (action == QLatin1String("compare"))
        return compare(parser, store, args.mid(1));
    if (action == QLatin1String("history") && args.size() == 3) {
        // Every stored point of one metric, as MLflow's metrics/get-history answers.
        if (!store.run(args[1].toStdString()))
            throwError(ErrorKind::NotFound, "no run " + args[1].toStdString() + " in this workspace");
        const auto points = store.metricHistory(args[1].toStdString(), args[2].toStdString());
        QTextStream &out = Cli::out();
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray metrics;
            for (const auto &p : points)
                metrics.append(QJsonObject{{QStringLiteral("key"), args[2]}, {QStringLiteral("value"), number(p.value)},
                                           {QStringLiteral("timestamp"), qint64(p.timestamp)}, {QStringLiteral("step"), qint64(p.step)}});
            out << QJsonDocument(QJsonObject{{QStringLiteral("metrics"), metrics}}).toJson(QJsonDocument::Indented);
        } else {
            for (const auto &p : points)
                out << Cli::tr("step %1  %2  (%3)").arg(p.step).arg(text(p.value)).arg(QString::fromStdString(isoTimeUtc(p.timestamp))) << '\n';
        }
        out.flush();
        return Ok;
    }
    return Cli::usageError(Cli::tr("usage: keel runs list|search FILTER|show RUN_ID|compare RUN_ID RUN_ID...|history RUN_ID KEY"));
}

int experimentsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("list: the workspace's experiments. show ID|NAME: one, with its tags. --json as MLflow's REST API."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON (shaped as MLflow's REST API).")});
    parser.addOption({QStringLiteral("view"), Cli::tr("active (default), deleted or all."), Cli::tr("VIEW"), QStringLiteral("active")});
    parser.addPositionalArgument(QStringLiteral("action"), Cli::tr("list or show"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    const bool list = args.size() == 1 && args[0] == QLatin1String("list"), showOne = args.size() == 2 && args[0] == QLatin1String("show");
    if (!list && !showOne)
        return Cli::usageError(Cli::tr("usage: keel experiments list|show ID"));
    const QString view = parser.value(QStringLiteral("view"));
    if (view != QLatin1String("active") && view != QLatin1String("deleted") && view != QLatin1String("all"))
        return Cli::usageError(Cli::tr("--view is active, deleted or all, not '%1'").arg(view));
    const auto dir = Cli::workspaceDir(parser);
    store::Workspace::inspect(dir);
    sql::Database db = sql::Database::open(dir / store::Workspace::kDatabaseName, sql::Database::Mode::ReadOnly);
    tracking::TrackingStore store(db);
    // The id users read and type: MLflow's, or Keel's own for experiments made in Keel.
    auto idOf = [](const tracking::Experiment &e) { return e.sourceId.empty() ? std::to_string(e.id) : e.sourceId; };
    auto toJson = [&](const tracking::Experiment &e) {
        QJsonArray tags;
        for (const auto &[k, v] : e.tags)
            tags.append(QJsonObject{{QStringLiteral("key"), QString::fromStdString(k)}, {QStringLiteral("value"), QString::fromStdString(v)}});
        return QJsonObject{{QStringLiteral("experiment_id"), QString::fromStdString(idOf(e))},
                           {QStringLiteral("name"), QString::fromStdString(e.name)},
                           {QStringLiteral("artifact_location"), QString::fromStdString(e.artifactLocation)},
                           {QStringLiteral("lifecycle_stage"), QString::fromStdString(e.lifecycleStage)},
                           {QStringLiteral("creation_time"), qint64(e.createdAt)},
                           {QStringLiteral("last_update_time"), qint64(e.updatedAt)},
                           {QStringLiteral("tags"), tags}};
    };
    std::vector<tracking::Experiment> chosen;
    for (const auto &e : store.experiments(true)) {
        if (showOne) {
            if (QString::fromStdString(idOf(e)) == args[1] || QString::fromStdString(e.name) == args[1])
                chosen.push_back(e);
        } else if (view == QLatin1String("all") || (view == QLatin1String("deleted")) == (e.lifecycleStage == "deleted")) {
            chosen.push_back(e);
        }
    }
    if (showOne && chosen.empty())
        throwError(ErrorKind::NotFound, "no experiment with id or name \"" + args[1].toStdString() + "\"");
    QTextStream &out = Cli::out();
    if (parser.isSet(QStringLiteral("json"))) {
        if (showOne) {
            out << QJsonDocument(QJsonObject{{QStringLiteral("experiment"), toJson(chosen.front())}}).toJson(QJsonDocument::Indented);
        } else {
            QJsonArray array;
            for (const auto &e : chosen)
                array.append(toJson(e));
            out << QJsonDocument(QJsonObject{{QStringLiteral("experiments"), array}}).toJson(QJsonDocument::Indented);
        }
    } else {
        for (const auto &e : chosen) {
            out << QString::fromStdString(idOf(e)).leftJustified(20) << ' ' << QString::fromStdString(e.name).leftJustified(28) << ' '
                << QString::fromStdString(e.lifecycleStage).leftJustified(8) << ' ' << QString::fromStdString(isoTimeUtc(e.createdAt)).left(19) << '\n';
            if (showOne) {
                out << Cli::tr("  artifacts: %1").arg(QString::fromStdString(e.artifactLocation)) << '\n';
                for (const auto &[k, v] : e.tags)
                    out << "  " << QString::fromStdString(k) << " = " << QString::fromStdString(v) << '\n';
            }
        }
    }
    out.flush();
    return Ok;
}

} // namespace keel::cli
