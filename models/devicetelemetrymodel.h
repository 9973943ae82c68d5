#pragma once

#include "compute/nvml.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <vector>

namespace keel {

class Session;

// The GPUs NVML lists (MIG instances among them), one row each, refreshed from the session's
// telemetry sampler every second: what each does now, what an hour of it costs, and whether it
// is held idle (a process holds memory on it, or a Keel job runs there, and it is under the idle
// threshold) for longer than the alert time, burning money.
class DeviceTelemetryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // WorkersColumn: the pool's workers on the GPU (several when it is time-sliced, each with its
    // share of the GPU and of its price), "–" where Keel runs no jobs.
    enum Column { DeviceColumn, BusyColumn, MemoryColumn, PowerColumn, TemperatureColumn, ClocksColumn, ProcessesColumn,
                  WorkersColumn, PriceColumn, IdleColumn, ColumnCount };
    enum Role {
        DeviceIndexRole = Qt::UserRole + 1, // the sampler's device index
        IdleAlertRole,                      // bool: idle while held for at least the alert time
        IdleSecondsRole,                    // double: idle while held, over the sampler's ring
    };

    explicit DeviceTelemetryModel(Session &session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Why there is nothing to show; empty when NVML answers.
    QString unavailableReason() const;
    // "nvml:0 NVIDIA H100 80GB HBM3 has been idle for 12 min while held (pid 4242): $3.90/h", one per alert.
    QStringList idleAlerts() const;
    // Idle GPU time while held, over the ring, and what it cost at the current prices.
    double idleHours() const;
    double idleCost() const;
    int alertMinutes() const { return m_alertMinutes; }
    void setAlertMinutes(int minutes);

    // Reads the sampler now (the timer does this each second).
    void refresh();

Q_SIGNALS:
    void alertsChanged();
    void refreshed();

private:
    struct Row {
        compute::NvmlDevice device;
        bool hasPoint = false;
        int utilisation = -1;
        std::uint64_t memoryUsed = 0, memoryTotal = 0;
        double power = -1;
        int temperature = -1, smClock = -1, memoryClock = -1;
        std::vector<compute::GpuProcess> processes;
        double idleSeconds = 0;
        qint64 idleSinceMs = 0;
        double perHour = 0;
        int workers = 0; // the pool's workers on it; 0: Keel runs no jobs there
    };
    bool alerting(const Row &row) const;

    Session &m_session;
    std::vector<Row> m_rows;
    QTimer m_timer;
    int m_alertMinutes = 10;
    QStringList m_lastAlerts;
    qint64 m_refreshedMs = 0; // nowMs() at the last refresh()
};

} // namespace keel
