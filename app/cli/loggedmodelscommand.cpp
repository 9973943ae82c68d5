// keel logged-models list|show: MLflow 3's logged models as imported, in MLflow's REST shapes
// (POST /api/2.0/mlflow/logged-models/search, GET /api/2.0/mlflow/logged-models/{id}).
#include "app/cli/cli.h"

#include "core/error.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>

namespace keel::cli {
namespace {

QJsonArray keyValues(const std::map<std::string, std::string> &m)
{
    QJsonArray a;
    for (const auto &[k, v] : m)
        a.append(QJsonObject{{QStringLiteral("key"), QString::fromStdString(k)}, {QStringLiteral("value"), QString::fromStdString(v)}});
    return a;
}

QJsonObject loggedModelJson(const tracking::LoggedModel &m, const std::vector<tracking::LoggedModelArtifact> *artifacts)
{
    QJsonObject info{{QStringLiteral("model_id"), QString::fromStdString(m.modelId)},
                     {QStringLiteral("experiment_id"), QString::fromStdString(m.experimentSourceId)},
                     {QStringLiteral("name"), QString::fromStdString(m.name)},
                     {QStringLiteral("artifact_uri"), QString::fromStdString(m.artifactLocation)},
                     {QStringLiteral("creation_timestamp_ms"), qint64(m.createdAt)},
                     {QStringLiteral("last_updated_timestamp_ms"), qint64(m.updatedAt)},
                     {QStringLiteral("status"), QString::fromStdString(m.status)},
                     {QStringLiteral("tags"), keyValues(m.tags)}};
    if (!m.sourceRunUuid.empty())
        info.insert(QStringLiteral("source_run_id"), QString::fromStdString(m.sourceRunUuid));
    if (!m.modelType.empty())
        info.insert(QStringLiteral("model_type"), QString::fromStdString(m.modelType));
    if (!m.statusMessage.empty())
        info.insert(QStringLiteral("status_message"), QString::fromStdString(m.statusMessage));
    QJsonArray metrics;
    for (const auto &x : m.metrics) {
        QJsonObject o{{QStringLiteral("key"), QString::fromStdString(x.key)},
                      {QStringLiteral("value"), std::isnan(x.value) ? QJsonValue(QStringLiteral("NaN")) : QJsonValue(x.value)},
                      {QStringLiteral("timestamp"), qint64(x.timestamp)},
                      {QStringLiteral("step"), qint64(x.step)},
                      {QStringLiteral("run_id"), QString::fromStdString(x.runUuid)},
                      {QStringLiteral("model_id"), QString::fromStdString(m.modelId)}};
        if (!x.datasetName.empty())
            o.insert(QStringLiteral("dataset_name"), QString::fromStdString(x.datasetName));
        if (!x.datasetDigest.empty())
            o.insert(QStringLiteral("dataset_digest"), QString::fromStdString(x.datasetDigest));
        metrics.append(o);
    }
    QJsonObject out{{QStringLiteral("info"), info},
                    {QStringLiteral("data"), QJsonObject{{QStringLiteral("params"), keyValues(m.params)}, {QStringLiteral("metrics"), metrics}}}};
    if (artifacts) {
        // Not in MLflow's shape (its artifacts are listed by another endpoint): the files Keel holds.
        QJsonArray files;
        for (const auto &a : *artifacts)
            files.append(QJsonObject{{QStringLiteral("path"), QString::fromStdString(a.path)},
                                     {QStringLiteral("file_size"), qint64(a.size)},
                                     {QStringLiteral("sha256"), QString::fromStdString(a.sha256)}});
        out.insert(QStringLiteral("artifacts"), files);
    }
    return out;
}

} // namespace

int loggedModelsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("list [--experiment ID] | show MODEL_ID: MLflow 3's logged models (m-...) imported with their store: "
                                             "params, metrics, tags, source run and artifacts. --json as MLflow's REST API."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON (shaped as MLflow's REST API).")});
    parser.addOption({QStringLiteral("experiment"), Cli::tr("list: only this experiment's (MLflow's id)."), Cli::tr("ID")});
    parser.addPositionalArgument(QStringLiteral("action"), Cli::tr("list or show"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    const bool list = args.size() == 1 && args[0] == QLatin1String("list"), showOne = args.size() == 2 && args[0] == QLatin1String("show");
    if (!list && !showOne)
        return Cli::usageError(Cli::tr("usage: keel logged-models list [--experiment ID] | show MODEL_ID"));
    try {
        const auto dir = Cli::workspaceDir(parser);
        store::Workspace::inspect(dir);
        sql::Database db = sql::Database::open(dir / store::Workspace::kDatabaseName, sql::Database::Mode::ReadOnly);
        tracking::TrackingStore store(db);
        QTextStream &out = Cli::out();
        const bool asJson = parser.isSet(QStringLiteral("json"));
        if (showOne) {
            const auto m = store.loggedModel(args[1].toStdString());
            if (!m)
                throwError(ErrorKind::NotFound, "no logged model \"" + args[1].toStdString() + "\" (keel logged-models list shows them)");
            const auto artifacts = store.loggedModelArtifacts(m->id);
            if (asJson) {
                out << QJsonDocument(QJsonObject{{QStringLiteral("model"), loggedModelJson(*m, &artifacts)}}).toJson(QJsonDocument::Indented);
                return Ok;
            }
            out << QStringLiteral("%1  %2  experiment %3  %4\n")
                       .arg(QString::fromStdString(m->modelId), QString::fromStdString(m->name), QString::fromStdString(m->experimentSourceId),
                            QString::fromStdString(m->status));
            if (!m->sourceRunUuid.empty())
                out << Cli::tr("  source run: %1").arg(QString::fromStdString(m->sourceRunUuid)) << '\n';
            for (const auto &[k, v] : m->params)
                out << Cli::tr("  param %1 = %2").arg(QString::fromStdString(k), QString::fromStdString(v)) << '\n';
            for (const auto &x : m->metrics)
                out << Cli::tr("  metric %1 = %2 (step %3)").arg(QString::fromStdString(x.key)).arg(x.value).arg(qint64(x.step)) << '\n';
            for (const auto &[k, v] : m->tags)
                out << Cli::tr("  tag %1 = %2").arg(QString::fromStdString(k), QString::fromStdString(v)) << '\n';
            for (const auto &a : artifacts)
                out << Cli::tr("  artifact %1 (%2)").arg(QString::fromStdString(a.path), Cli::bytes(std::uint64_t(a.size))) << '\n';
            return Ok;
        }
        std::vector<tracking::LoggedModel> models = store.loggedModels();
        if (parser.isSet(QStringLiteral("experiment"))) {
            const std::string wanted = parser.value(QStringLiteral("experiment")).toStdString();
            std::erase_if(models, [&wanted](const tracking::LoggedModel &m) { return m.experimentSourceId != wanted; });
        }
        if (asJson) {
            QJsonArray a;
            for (const auto &m : models)
                a.append(loggedModelJson(m, nullptr));
            out << QJsonDocument(QJsonObject{{QStringLiteral("models"), a}}).toJson(QJsonDocument::Indented);
            return Ok;
        }
        for (const auto &m : models)
            out << QStringLiteral("%1  %2  experiment %3  run %4  %5 params, %6 metrics\n")
                       .arg(QString::fromStdString(m.modelId), QString::fromStdString(m.name), QString::fromStdString(m.experimentSourceId),
                            QString::fromStdString(m.sourceRunUuid.empty() ? std::string("-") : m.sourceRunUuid))
                       .arg(m.params.size())
                       .arg(m.metrics.size());
        if (models.empty())
            out << Cli::tr("No logged models: keel import mlflow brings an MLflow 3 store's along.") << '\n';
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
