#pragma once

#include "compute/job.h"
#include "drift/driftanalysis.h"
#include "drift/driftreports.h"
#include "drift/skew.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace keel {

class Session;

// Runs drift analyses as jobs on the session's worker pool (they show in the Jobs dock and can
// be cancelled there) and keeps each finished one in the open workspace, linked to a model
// version when one is given. Results and failures arrive as signals on the GUI thread.
class DriftRunner : public QObject {
    Q_OBJECT
public:
    explicit DriftRunner(Session &session, QObject *parent = nullptr);

    compute::JobId run(drift::DriftRequest request, std::optional<std::int64_t> modelVersionId = std::nullopt);
    // Binning through compute::histogram: on the first GPU for large columns when there is one
    // (numpy's rule either way), on the CPU otherwise.
    static drift::HistogramFn deviceHistogram();
    // Reads `file` once and keeps it in the workspace as reference profile `name` (a job).
    compute::JobId createProfile(const std::string &name, const std::filesystem::path &file);
    // The stored profiles' names, newest data first; empty without a workspace.
    QStringList profiles() const;
    bool isRunning() const { return m_running != 0; }
    // Training-serving skew (keel skew) as a job: the same features offline and online, joined
    // on `key`; skewFinished or skewFailed follows.
    compute::JobId runSkew(const QString &offline, const QString &online, const QString &key, const QStringList &categorical = {});
    // The drift reports kept in the workspace, newest first (empty without one).
    std::vector<drift::StoredDriftReport> reports() const;
    // A kept report as the analysis it was; throws keel::Error when it cannot be read.
    std::shared_ptr<const drift::DriftAnalysis> openReport(qint64 id) const;
    void cancel();

Q_SIGNALS:
    // savedId: the report's id in the workspace, 0 when no workspace is open.
    void finished(std::shared_ptr<const keel::drift::DriftAnalysis> analysis, qint64 savedId);
    void failed(const QString &message);
    void progress(double fraction, const QString &message);
    void profileCreated(const QString &name, qint64 rows);
    void skewFinished(std::shared_ptr<const keel::drift::SkewReport> report);
    void skewFailed(const QString &message);
    void profileFailed(const QString &message);

private:
    Session &m_session;
    compute::JobId m_running = 0;
};

} // namespace keel

Q_DECLARE_METATYPE(std::shared_ptr<const keel::drift::DriftAnalysis>)
Q_DECLARE_METATYPE(std::shared_ptr<const keel::drift::SkewReport>)
