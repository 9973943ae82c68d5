#include "models/costsummarymodel.h"

#include "models/costtext.h"

namespace keel {

CostSummaryModel::CostSummaryModel(Kind kind, QObject *parent)
    : QAbstractTableModel(parent), m_kind(kind)
{
}

void CostSummaryModel::setSummary(const eval::CostSummary &summary)
{
    beginResetModel();
    m_summary = summary;
    endResetModel();
}

int CostSummaryModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_kind == Kind::Days ? m_summary.days.size() : m_summary.experiments.size());
}

int CostSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : (m_kind == Kind::Days ? int(DayColumnCount) : int(ExperimentColumnCount));
}

QString CostSummaryModel::hours(double seconds)
{
    return QString::number(seconds / 3600.0, 'f', seconds > 0 && seconds < 36 ? 4 : 2);
}

QVariant CostSummaryModel::dayData(const eval::CostDay &d, int column, int role) const
{
    if (role == ValueRole) {
        switch (column) {
        case DayColumn: return QString::fromStdString(d.day);
        case JobsColumn: return d.jobs.jobs;
        case DeviceHoursColumn: return d.jobs.deviceSeconds / 3600.0;
        case GpuHoursColumn: return d.jobs.gpuSeconds / 3600.0;
        case DevicesCostColumn: return d.jobs.costUsd;
        case HostedCostColumn: return d.hostedUsd;
        case TotalColumn: return d.totalUsd();
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case DayColumn: return QString::fromStdString(d.day);
    case JobsColumn: return d.jobs.jobs;
    case DeviceHoursColumn: return hours(d.jobs.deviceSeconds);
    case GpuHoursColumn: return hours(d.jobs.gpuSeconds);
    case DevicesCostColumn: return CostText::usd(d.jobs.costUsd);
    case HostedCostColumn: return CostText::usd(d.hostedUsd);
    case TotalColumn: return CostText::usd(d.totalUsd());
    default: return {};
    }
}

QVariant CostSummaryModel::experimentData(const tracking::ExperimentCost &e, int column, int role) const
{
    if (role == ValueRole) {
        switch (column) {
        case ExperimentColumn: return QString::fromStdString(e.name);
        case RunsColumn: return e.runs;
        case ExperimentGpuHoursColumn: return e.gpuSeconds / 3600.0;
        case ExperimentCostColumn: return e.costUsd;
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case ExperimentColumn: return QString::fromStdString(e.name);
    case RunsColumn: return e.runs;
    case ExperimentGpuHoursColumn: return hours(e.gpuSeconds);
    case ExperimentCostColumn: return CostText::usd(e.costUsd);
    default: return {};
    }
}

QVariant CostSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    if (role == Qt::TextAlignmentRole)
        return index.column() == 0 ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (m_kind == Kind::Days)
        return dayData(m_summary.days[std::size_t(index.row())], index.column(), role);
    return experimentData(m_summary.experiments[std::size_t(index.row())], index.column(), role);
}

QVariant CostSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (m_kind == Kind::Days) {
        switch (section) {
        case DayColumn: return tr("Day");
        case JobsColumn: return tr("Jobs");
        case DeviceHoursColumn: return tr("Device hours");
        case GpuHoursColumn: return tr("GPU hours");
        case DevicesCostColumn: return tr("Devices");
        case HostedCostColumn: return tr("Hosted APIs");
        case TotalColumn: return tr("Total");
        default: return {};
        }
    }
    switch (section) {
    case ExperimentColumn: return tr("Experiment");
    case RunsColumn: return tr("Runs with a cost");
    case ExperimentGpuHoursColumn: return tr("GPU hours");
    case ExperimentCostColumn: return tr("Cost");
    default: return {};
    }
}

} // namespace keel
