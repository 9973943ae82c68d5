#include "models/driftcolumnsmodel.h"
#include "models/enginetext.h"

#include "drift/driftanalysis.h"

#include <QColor>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace keel {

DriftColumnsModel::DriftColumnsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DriftColumnsModel::setAnalysis(std::shared_ptr<const drift::DriftAnalysis> analysis)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    m_order.clear();
    if (m_analysis) {
        const auto &columns = m_analysis->report.columns;
        m_order.resize(columns.size());
        std::iota(m_order.begin(), m_order.end(), 0);
        std::stable_sort(m_order.begin(), m_order.end(),
                         [&](int a, int b) { return columns[std::size_t(a)].drift.drifted && !columns[std::size_t(b)].drift.drifted; });
    }
    endResetModel();
}

int DriftColumnsModel::rowOf(int reportIndex) const
{
    const auto it = std::find(m_order.begin(), m_order.end(), reportIndex);
    return it == m_order.end() ? -1 : int(it - m_order.begin());
}

int DriftColumnsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_order.size());
}

int DriftColumnsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DriftColumnsModel::formatScore(double score, bool isPValue)
{
    if (!std::isfinite(score))
        return QStringLiteral("–");
    return isPValue ? QStringLiteral("p = %1").arg(score, 0, 'g', 3) : QString::number(score, 'f', 3);
}

std::vector<double> DriftColumnsModel::windowScores(const drift::DriftAnalysis &analysis, const std::string &column)
{
    std::vector<double> scores;
    for (const auto &w : analysis.windows) {
        double s = std::numeric_limits<double>::quiet_NaN();
        for (const auto &c : w.report.columns)
            if (c.column == column)
                s = c.drift.score;
        scores.push_back(s);
    }
    return scores;
}

QVariant DriftColumnsModel::data(const QModelIndex &index, int role) const
{
    if (!m_analysis || !index.isValid() || index.row() >= int(m_order.size()))
        return {};
    const int reportIndex = m_order[std::size_t(index.row())];
    const drift::ColumnReport &c = m_analysis->report.columns[std::size_t(reportIndex)];
    switch (role) {
    case DriftedRole: return c.drift.drifted;
    case ReportIndexRole: return reportIndex;
    case ThresholdRole: return c.drift.threshold;
    case ScoreIsPValueRole: return c.drift.scoreIsPValue;
    case WindowScoresRole: {
        QVariantList list;
        for (double s : windowScores(*m_analysis, c.column))
            list.append(s);
        return list;
    }
    case Qt::ToolTipRole:
        if (index.column() == Score || index.column() == Threshold)
            return c.drift.scoreIsPValue ? tr("A p-value: drift when it falls below the threshold.")
                                         : tr("A distance: drift when it reaches the threshold.");
        if (index.column() == OverTime)
            return m_analysis->windows.empty() ? tr("Choose windows (a time column or row chunks) to see the score over time.")
                                               : tr("The score in each of %n windows.", nullptr, int(m_analysis->windows.size()));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Score || index.column() == Threshold || index.column() == Missing)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Drift)
            return QColor(c.drift.drifted ? QColor(0xc6, 0x28, 0x28) : QColor(0x2e, 0x7d, 0x32));
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return QString::fromStdString(c.column);
        case Type: return EngineText::columnKind(c.type);
        case Test: return QString::fromStdString(c.drift.test);
        case Score: return formatScore(c.drift.score, c.drift.scoreIsPValue);
        case Threshold: return QString::number(c.drift.threshold, 'g', 3);
        case Drift: return c.drift.drifted ? tr("Drift") : tr("No drift");
        case Missing:
            return c.referenceMissing || c.currentMissing ? QStringLiteral("%1 / %2").arg(c.referenceMissing).arg(c.currentMissing)
                                                          : QStringLiteral("0");
        default: return {};
        }
    default: return {};
    }
}

QVariant DriftColumnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == Missing)
        return tr("Missing cells in the reference / current data (left out before testing).");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Column");
    case Type: return tr("Type");
    case Test: return tr("Test");
    case Score: return tr("Score");
    case Threshold: return tr("Threshold");
    case Drift: return tr("Verdict");
    case Missing: return tr("Missing");
    case OverTime: return tr("Over time");
    default: return {};
    }
}

} // namespace keel
