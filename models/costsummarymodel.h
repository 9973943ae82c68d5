#pragma once

#include "eval/costsummary.h"

#include <QAbstractTableModel>

namespace keel {

// One table of a workspace's cost summary (eval::costSummary): a row per day (jobs' device time
// and hosted API spend), or a row per experiment (the cost its runs logged), the newest day or
// the most expensive experiment first.
class CostSummaryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Kind { Days, Experiments };
    enum DayColumn { DayColumn, JobsColumn, DeviceHoursColumn, GpuHoursColumn, DevicesCostColumn, HostedCostColumn, TotalColumn, DayColumnCount };
    enum ExperimentColumn { ExperimentColumn, RunsColumn, ExperimentGpuHoursColumn, ExperimentCostColumn, ExperimentColumnCount };
    static constexpr int ValueRole = Qt::UserRole + 1; // the figure unformatted (dollars, hours), for sorting and tests

    explicit CostSummaryModel(Kind kind, QObject *parent = nullptr);

    void setSummary(const eval::CostSummary &summary);
    const eval::CostSummary &summary() const { return m_summary; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Device hours as the summary prints them: four decimals under 36 s, two above.
    static QString hours(double seconds);

private:
    QVariant dayData(const eval::CostDay &d, int column, int role) const;
    QVariant experimentData(const tracking::ExperimentCost &e, int column, int role) const;

    Kind m_kind;
    eval::CostSummary m_summary;
};

} // namespace keel
