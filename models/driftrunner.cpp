#include "models/driftrunner.h"

#include "compute/histogram.h"
#include "compute/workerpool.h"
#include "core/error.h"
#include "drift/driftreports.h"
#include "drift/referenceprofiles.h"
#include "store/artifactstore.h"
#include "models/guipost.h"
#include "models/session.h"
#include "registry/modelregistry.h"
#include "store/database.h"
#include "store/workspace.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>

#include <thread>

namespace keel {

DriftRunner::DriftRunner(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    qRegisterMetaType<std::shared_ptr<const keel::drift::DriftAnalysis>>();
    qRegisterMetaType<std::shared_ptr<const keel::drift::SkewReport>>();
}

drift::HistogramFn DriftRunner::deviceHistogram()
{
    return compute::histogramWhereFastest;
}

compute::JobId DriftRunner::run(drift::DriftRequest request, std::optional<std::int64_t> modelVersionId)
{
    if (!request.histogram)
        request.histogram = deviceHistogram();
    std::optional<std::filesystem::path> databasePath;
    if (m_session.hasWorkspace()) {
        databasePath = m_session.workspace()->databasePath();
        request.workspace = m_session.workspace()->dir(); // where profile:NAME references live
    }
    QPointer<DriftRunner> self(this);
    auto post = [self](auto call) { postToGui(self, call); };
    compute::JobSpec spec;
    spec.name = "Drift: " + request.current.filename().string() + " against " + request.reference.filename().string();
    spec.kind = "drift";
    // Its tests run on every core (parallelFor), so it is priced for them.
    spec.cores = request.options.threads > 0 ? int(request.options.threads) : int(std::max(1u, std::thread::hardware_concurrency()));
    spec.work = [request = std::move(request), modelVersionId, databasePath, post](compute::JobContext &ctx) {
        try {
            auto analysis = std::make_shared<drift::DriftAnalysis>(drift::analyseDrift(
                request,
                [&](double f, const std::string &m) {
                    ctx.progress(f, m);
                    post([f, m = QString::fromStdString(m)](DriftRunner *r) { Q_EMIT r->progress(f, m); });
                },
                [&] { ctx.throwIfStopped(); }));
            qint64 savedId = 0;
            if (databasePath) {
                sql::Database db = store::openWorkspaceConnection(*databasePath);
                savedId = drift::DriftReports(db).save(*analysis, modelVersionId, registry::ModelRegistry::currentActor());
            }
            ctx.setResult(std::to_string(analysis->report.driftedColumns) + " of " + std::to_string(analysis->report.columns.size()) +
                          " columns drifted" + (analysis->report.datasetDrift ? ": dataset drift" : ""));
            std::shared_ptr<const drift::DriftAnalysis> result = std::move(analysis);
            post([result, savedId](DriftRunner *r) {
                r->m_running = 0;
                Q_EMIT r->finished(result, savedId);
            });
        } catch (const compute::JobCancelled &) {
            post([](DriftRunner *r) {
                r->m_running = 0;
                Q_EMIT r->failed(tr("Cancelled."));
            });
            throw;
        } catch (const std::exception &e) {
            post([message = QString::fromStdString(compute::userMessageFromException(e))](DriftRunner *r) {
                r->m_running = 0;
                Q_EMIT r->failed(message);
            });
            throw;
        }
    };
    m_running = m_session.pool().submit(std::move(spec));
    return m_running;
}

compute::JobId DriftRunner::createProfile(const std::string &name, const std::filesystem::path &file)
{
    if (!m_session.hasWorkspace())
        throwError(ErrorKind::BadInput, "open a workspace first: profiles are kept in it");
    const std::filesystem::path dir = m_session.workspace()->dir();
    QPointer<DriftRunner> self(this);
    auto post = [self](auto call) { postToGui(self, call); };
    compute::JobSpec spec;
    spec.name = "Reference profile " + name + " from " + file.filename().string();
    spec.kind = "drift-profile";
    spec.work = [name, file, dir, post](compute::JobContext &ctx) {
        try {
            ctx.progress(0.0, "reading " + file.filename().string());
            sql::Database db = store::openWorkspaceConnection(dir / store::Workspace::kDatabaseName);
            store::ArtifactStore artifacts(dir / "artifacts");
            const auto p = drift::ReferenceProfiles(db, artifacts).create(name, file, {}, registry::ModelRegistry::currentActor());
            ctx.setResult(std::to_string(p.rows) + " rows, " + std::to_string(p.columns) + " columns");
            post([n = QString::fromStdString(p.name), rows = qint64(p.rows)](DriftRunner *r) { Q_EMIT r->profileCreated(n, rows); });
        } catch (const std::exception &e) {
            post([message = QString::fromStdString(compute::userMessageFromException(e))](DriftRunner *r) { Q_EMIT r->profileFailed(message); });
            throw;
        }
    };
    return m_session.pool().submit(std::move(spec));
}

QStringList DriftRunner::profiles() const
{
    QStringList names;
    if (!m_session.hasWorkspace())
        return names;
    try {
        for (const auto &p : drift::ReferenceProfiles(m_session.workspace()->db(), m_session.workspace()->artifacts()).list())
            names << QString::fromStdString(p.name);
    } catch (const std::exception &) {
        // A workspace from before profiles existed is migrated on open; anything else shows no profiles.
    }
    return names;
}

void DriftRunner::cancel()
{
    if (m_running)
        m_session.pool().cancel(m_running);
}

compute::JobId DriftRunner::runSkew(const QString &offline, const QString &online, const QString &key, const QStringList &categorical)
{
    const std::filesystem::path workspace = m_session.hasWorkspace() ? m_session.workspace()->dir() : std::filesystem::path();
    QPointer<DriftRunner> self(this);
    compute::JobSpec spec;
    spec.name = "Skew: " + QFileInfo(online).fileName().toStdString() + " against " + QFileInfo(offline).fileName().toStdString();
    spec.kind = "skew";
    std::vector<std::string> columns;
    for (const QString &c : categorical)
        columns.push_back(c.toStdString());
    spec.work = [self, workspace, off = offline.toStdString(), on = online.toStdString(), k = key.toStdString(), columns](compute::JobContext &ctx) {
        try {
            ctx.progress(0.0, "reading both files");
            const auto [offlineTable, onlineTable] = drift::readSkewInputs(off, on, k, columns, workspace);
            ctx.throwIfStopped();
            drift::SkewOptions options;
            options.key = k;
            auto report = std::make_shared<const drift::SkewReport>(drift::compareSkew(offlineTable, onlineTable, options));
            ctx.setResult(std::to_string(report->skewedFeatures) + " of " + std::to_string(report->features.size()) + " features skewed");
            postToGui(self, [report](DriftRunner *r) { Q_EMIT r->skewFinished(report); });
        } catch (const std::exception &e) {
            postToGui(self, [message = QString::fromStdString(compute::userMessageFromException(e))](DriftRunner *r) { Q_EMIT r->skewFailed(message); });
            throw;
        }
    };
    return m_session.pool().submit(std::move(spec));
}

std::vector<drift::StoredDriftReport> DriftRunner::reports() const
{
    if (!m_session.hasWorkspace())
        return {};
    try {
        return drift::DriftReports(m_session.workspace()->db()).list();
    } catch (const std::exception &) {
        return {}; // an older workspace without the reports table lists none
    }
}

std::shared_ptr<const drift::DriftAnalysis> DriftRunner::openReport(qint64 id) const
{
    if (!m_session.hasWorkspace())
        throwError(ErrorKind::BadInput, "open a workspace first");
    return std::make_shared<const drift::DriftAnalysis>(drift::analysisFromJson(drift::DriftReports(m_session.workspace()->db()).json(id)));
}

} // namespace keel
