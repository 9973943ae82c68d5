#include "models/session.h"

#include "compute/jobhistory.h"
#include "compute/telemetry.h"
#include "models/costsettings.h"
#include "compute/workerpool.h"
#include "store/workspace.h"
#include "core/error.h"
#include "store/database.h"
#include "registry/mlflowregistryimport.h"
#include "registry/modelregistry.h"
#include "tracking/mlflowimport.h"
#include "tracking/trackingstore.h"

namespace keel {

namespace {

compute::PoolOptions poolOptions(const compute::DeviceReport &devices, const compute::Prices &prices, compute::TelemetrySampler &telemetry)
{
    compute::PoolOptions options = compute::poolOptionsFor(devices, prices);
    compute::attachTelemetry(options, telemetry);
    return options;
}

} // namespace

Session::Session(compute::DeviceReport devices, QObject *parent)
    : QObject(parent)
    , m_devices(std::move(devices))
    , m_prices(savedPrices())
    , m_telemetry(std::make_unique<compute::TelemetrySampler>())
    , m_pool(std::make_unique<compute::WorkerPool>(poolOptions(m_devices, m_prices, *m_telemetry)))
{
    m_pool->addObserver(m_telemetry.get());
    m_telemetry->start();
}

Session::~Session()
{
    if (m_history)
        m_pool->removeObserver(m_history.get());
    m_pool.reset(); // finishes (cancels) jobs while the history can still record them
    m_telemetry->stop();
}

void Session::setPrices(const compute::Prices &prices)
{
    m_prices = prices;
    savePrices(prices);
    m_pool->setCostMeter(compute::costMeterFor(m_devices, prices));
    Q_EMIT pricesChanged();
}

void Session::openWorkspace(const std::filesystem::path &dir, bool createIfMissing)
{
    auto workspace = createIfMissing ? store::Workspace::openOrCreate(dir) : store::Workspace::open(dir);
    auto history = std::make_unique<compute::JobHistory>(workspace->databasePath());
    if (m_history)
        m_pool->removeObserver(m_history.get());
    m_history = std::move(history);
    m_workspace = std::move(workspace);
    m_pool->addObserver(m_history.get());
    Q_EMIT workspaceChanged(workspacePath());
}

std::vector<compute::JobRecord> Session::recentJobs(int limit) const
{
    if (!m_workspace)
        return {};
    m_history->flush();
    return compute::JobHistory::list(m_workspace->db(), limit);
}

compute::JobId Session::importMlflow(const std::string &store)
{
    if (!m_workspace)
        throwError(ErrorKind::BadInput, "open a workspace first");
    const std::filesystem::path databasePath = m_workspace->databasePath();
    compute::JobSpec spec;
    spec.name = "Import MLflow store " + store;
    spec.kind = "import-mlflow";
    spec.work = [this, store, databasePath](compute::JobContext &ctx) {
        sql::Database db = store::openWorkspaceConnection(databasePath);
        store::ArtifactStore artifacts(databasePath.parent_path() / "artifacts");
        tracking::TrackingStore tracking(db, &artifacts);
        const auto report = tracking::importMlflowStore(store, tracking, [&](double f, const std::string &m) { ctx.progress(f, m); },
                                                         [&] { return ctx.stopRequested(); });
        registry::ModelRegistry models(db, artifacts);
        if (const auto mlflowDb = tracking::mlflowSqlitePath(store))
            registry::importMlflowRegistry(*mlflowDb, models);
        else if (store.rfind("http://", 0) == 0 || store.rfind("https://", 0) == 0)
            registry::importMlflowRegistryServer(store, models);
        ctx.setResult(std::to_string(report.experiments) + " experiments, " + std::to_string(report.runs) + " runs, " +
                      std::to_string(report.metricPoints) + " metric points");
        QMetaObject::invokeMethod(this, [this] { Q_EMIT trackingChanged(); }, Qt::QueuedConnection);
    };
    return m_pool->submit(std::move(spec));
}

QString Session::workspacePath() const
{
    return m_workspace ? QString::fromStdString(m_workspace->dir().string()) : QString();
}

} // namespace keel
