#pragma once

#include "compute/devices.h"
#include "compute/jobhistory.h"

#include <QObject>
#include <QString>

#include <filesystem>
#include <memory>

namespace keel::store {
class Workspace;
}
namespace keel::compute {
class WorkerPool;
class JobHistory;
class TelemetrySampler;
}

namespace keel {

// What one Keel window works on: the device report, the worker pool (for the life of the
// process) and the open workspace with its job history. Opening another workspace swaps
// the workspace and history; jobs already submitted keep running.
class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(compute::DeviceReport devices, QObject *parent = nullptr);
    ~Session() override;

    // Throws keel::Error (the current workspace stays open when it does).
    void openWorkspace(const std::filesystem::path &dir, bool createIfMissing);
    bool hasWorkspace() const { return m_workspace != nullptr; }
    store::Workspace *workspace() const { return m_workspace.get(); }
    QString workspacePath() const;

    compute::WorkerPool &pool() { return *m_pool; }
    // NVML sampled about once a second for the life of the session (empty without NVML).
    compute::TelemetrySampler &telemetry() { return *m_telemetry; }
    // The prices the cost meter charges (Settings); setting them saves them and prices the
    // jobs that finish from then on.
    const compute::Prices &prices() const { return m_prices; }
    void setPrices(const compute::Prices &prices);
    const compute::DeviceReport &devices() const { return m_devices; }
    compute::JobHistory *history() const { return m_history.get(); }
    // The newest jobs recorded in the workspace by earlier sessions (not this one's).
    std::vector<compute::JobRecord> recentJobs(int limit) const;

    // Imports an MLflow store as a job; trackingChanged() follows when it succeeds.
    compute::JobId importMlflow(const std::string &store);

Q_SIGNALS:
    void workspaceChanged(const QString &path);
    // Experiments or runs were added or changed (an import finished).
    void trackingChanged();
    void pricesChanged();

private:
    compute::DeviceReport m_devices;
    compute::Prices m_prices;
    std::unique_ptr<compute::TelemetrySampler> m_telemetry; // outlives the pool, which reports to it
    std::unique_ptr<compute::WorkerPool> m_pool;
    std::unique_ptr<store::Workspace> m_workspace;
    std::unique_ptr<compute::JobHistory> m_history;
};

} // namespace keel
