// keel import mlflow PATH: imports an MLflow SQLite store into the workspace, as a job
// recorded in the workspace's history.
#include "app/cli/cli.h"
#include "app/cli/recordedpool.h"

#include "compute/devices.h"
#include "compute/workerpool.h"
#include "core/error.h"
#include "store/workspace.h"
#include "registry/mlflowregistryimport.h"
#include "registry/modelregistry.h"
#include "tracking/mlflowimport.h"
#include "tracking/trackingstore.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <filesystem>

namespace fs = std::filesystem;

namespace keel::cli {

int importCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("mlflow PATH: import an MLflow store into the workspace: an SQLite store (mlflow.db, "
                                             "a folder holding one, or sqlite:///path) or a file store (an mlruns/ folder). "
                                             "Importing it again updates it."));
    Cli::addCommonOptions(parser);
    parser.addPositionalArgument(QStringLiteral("kind"), Cli::tr("mlflow"));
    parser.addPositionalArgument(QStringLiteral("path"), Cli::tr("The store."));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2 || args[0] != QLatin1String("mlflow"))
        return Cli::usageError(Cli::tr("usage: keel import mlflow PATH"));
    const std::string store = args[1].toStdString();

    auto workspace = store::Workspace::openOrCreate(Cli::workspaceDir(parser));
    const fs::path databasePath = workspace->databasePath();
    workspace.reset(); // the job opens its own connection

    compute::PoolOptions options;
    options.cpuWorkers = 1;
    RecordedPool recorded(options, databasePath);
    tracking::MlflowImportReport report;
    registry::RegistryImportReport registryReport;
    compute::JobSpec spec;
    spec.name = "Import MLflow store " + fs::path(store).filename().string();
    spec.kind = "import-mlflow";
    spec.work = [&](compute::JobContext &ctx) {
        sql::Database dbConnection = store::openWorkspaceConnection(databasePath);
        store::ArtifactStore artifacts(databasePath.parent_path() / "artifacts");
        tracking::TrackingStore tracking(dbConnection, &artifacts);
        report = tracking::importMlflowStore(store, tracking, [&](double f, const std::string &m) { ctx.progress(f, m); },
                                             [&] { return ctx.stopRequested(); });
        registry::ModelRegistry models(dbConnection, artifacts);
        if (const auto db = tracking::mlflowSqlitePath(store))
            registryReport = registry::importMlflowRegistry(*db, models);
        else if (store.rfind("http://", 0) == 0 || store.rfind("https://", 0) == 0)
            registryReport = registry::importMlflowRegistryServer(store, models);
        ctx.setResult(std::to_string(report.runs) + " runs, " + std::to_string(report.metricPoints) + " metric points, " +
                      std::to_string(registryReport.versions) + " model versions from " + store);
    };
    const compute::JobInfo done = recorded.pool().wait(recorded.pool().submit(std::move(spec)));
    recorded.flush();
    if (done.state != compute::JobState::Succeeded)
        return Cli::usageError(QString::fromStdString(done.error));

    QTextStream &out = Cli::out();
    out << Cli::tr("Imported %1: %2 experiments, %3 runs, %4 params, %5 tags, %6 metric points, %7 artifact files (MLflow schema %8)")
               .arg(QString::fromStdString(store))
               .arg(report.experiments)
               .arg(report.runs)
               .arg(report.params)
               .arg(report.tags)
               .arg(report.metricPoints)
               .arg(report.artifacts)
               .arg(QString::fromStdString(report.schemaRevision))
        << '\n';
    if (report.loggedModels > 0)
        out << Cli::tr("MLflow 3 logged models: %1 (keel logged-models list)").arg(report.loggedModels) << '\n';
    if (registryReport.models > 0)
        out << Cli::tr("Model registry: %1 models, %2 new versions, %3 aliases").arg(registryReport.models).arg(registryReport.versions).arg(registryReport.aliases)
            << '\n';
    for (const std::string &w : report.warnings)
        out << Cli::tr("warning: %1").arg(QString::fromStdString(w)) << '\n';
    for (const std::string &w : registryReport.warnings)
        out << Cli::tr("warning: %1").arg(QString::fromStdString(w)) << '\n';
    out.flush();
    return Ok;
}

} // namespace keel::cli
