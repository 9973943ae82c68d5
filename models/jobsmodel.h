#pragma once

#include "compute/job.h"
#include "compute/jobhistory.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <vector>

namespace keel {

class EngineBridge;

// The live job queue of this session: one row per job, newest last, with the finished
// ones kept (up to a limit) so a user sees how things went.
class JobsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, DeviceColumn, StateColumn, ProgressColumn, ElapsedColumn, CostColumn, DetailsColumn, ActionColumn, ColumnCount };
    enum Role {
        JobIdRole = Qt::UserRole + 1,
        StateRole,          // compute::JobState as int
        ProgressRole,       // double in [0, 1]
        MessageRole,
        ErrorRole,
        CancellableRole,    // bool: queued or running
        ElapsedMsRole,
        EarlierRole,        // bool: recorded by an earlier session, shown for reference
        CostRole,           // double: US dollars, -1 while running or unknown
    };

    explicit JobsModel(EngineBridge *bridge, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const compute::JobInfo *jobAt(int row) const;
    int rowOf(compute::JobId id) const;
    int activeCount() const;
    // Removes finished jobs from the list (history keeps them).
    void clearFinished();
    // Shows jobs recorded by earlier sessions above this session's (replacing any shown before).
    void showEarlierJobs(const std::vector<compute::JobRecord> &records);
    int earlierCount() const { return static_cast<int>(m_earlier.size()); }
    void setMaxFinished(int n) { m_maxFinished = n; }

    static QString stateText(compute::JobState state);
    static QString deviceText(const compute::JobInfo &job);
    // "$0.0042 for 3.8 s of cuda:0 · GPU 63 % busy on average, 98 % at peak, 12.1 GiB at peak"
    static QString costText(const compute::JobInfo &job);
    // The cost of every finished job in the list (this session's and the earlier ones shown).
    double totalCost() const;

public Q_SLOTS:
    void applyEvent(int type, const keel::compute::JobInfo &info);

Q_SIGNALS:
    void activeCountChanged(int active);

private:
    qint64 elapsedMs(const compute::JobInfo &job) const;
    void tickElapsed();
    void trimFinished();
    void reindex(int fromRow);

    std::vector<compute::JobInfo> m_jobs;
    QHash<compute::JobId, int> m_rowById;
    QSet<compute::JobId> m_earlier;
    QTimer m_elapsedTimer;
    int m_maxFinished = 500;
};

} // namespace keel
