#include "models/driftrunner.h"

#include "compute/workerpool.h"
#include "drift/driftreports.h"
#include "models/session.h"
#include "registry/modelregistry.h"
#include "store/database.h"
#include "store/workspace.h"

#include <QCoreApplication>
#include <QPointer>

namespace keel {

DriftRunner::DriftRunner(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    qRegisterMetaType<std::shared_ptr<const keel::drift::DriftAnalysis>>();
}

compute::JobId DriftRunner::run(drift::DriftRequest request, std::optional<std::int64_t> modelVersionId)
{
    std::optional<std::filesystem::path> databasePath;
    if (m_session.hasWorkspace())
        databasePath = m_session.workspace()->databasePath();
    QPointer<DriftRunner> self(this);
    // Signals reach the GUI thread through the application object, which outlives this runner.
    auto post = [self](auto call) {
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, call] {
            if (self)
                call(self.data());
        }, Qt::QueuedConnection);
    };
    compute::JobSpec spec;
    spec.name = "Drift: " + request.current.filename().string() + " against " + request.reference.filename().string();
    spec.kind = "drift";
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

void DriftRunner::cancel()
{
    if (m_running)
        m_session.pool().cancel(m_running);
}

} // namespace keel
