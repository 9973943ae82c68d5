#include "models/runcomparisonmodel.h"

#include <QBrush>
#include <QColor>

#include <cmath>
#include <set>

namespace keel {

RunComparisonModel::RunComparisonModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RunComparisonModel::setRuns(std::vector<tracking::RunData> runs, std::vector<std::pair<QString, QStringList>> attributes)
{
    beginResetModel();
    m_runs = std::move(runs);
    m_attributes = std::move(attributes);
    rebuild();
    endResetModel();
}

void RunComparisonModel::setDifferencesOnly(bool on)
{
    if (on == m_diffOnly)
        return;
    beginResetModel();
    m_diffOnly = on;
    rebuild();
    endResetModel();
}

void RunComparisonModel::rebuild()
{
    m_all.clear();
    std::set<std::string> params, metrics, tags;
    for (const auto &d : m_runs) {
        for (const auto &[k, v] : d.params)
            params.insert(k);
        for (const auto &[k, v] : d.latestMetrics)
            metrics.insert(k);
        for (const auto &[k, v] : d.tags)
            if (k.rfind("mlflow.", 0) != 0) // MLflow's own bookkeeping (user, source, run name) is shown elsewhere
                tags.insert(k);
    }
    auto finish = [this](Row row) {
        QStringList unique = row.values;
        unique.removeDuplicates();
        row.differs = unique.size() > 1;
        m_all.push_back(std::move(row));
    };
    for (const auto &[name, values] : m_attributes) {
        Row row{Kind::Attribute, name, values, false};
        while (row.values.size() < int(m_runs.size()))
            row.values << QString();
        finish(std::move(row));
    }
    for (const auto &k : params) {
        Row row{Kind::Param, QString::fromStdString(k), {}, false};
        for (const auto &d : m_runs) {
            auto it = d.params.find(k);
            row.values << (it == d.params.end() ? QString() : QString::fromStdString(it->second));
        }
        finish(std::move(row));
    }
    for (const auto &k : metrics) {
        Row row{Kind::Metric, QString::fromStdString(k), {}, false};
        for (const auto &d : m_runs) {
            auto it = d.latestMetrics.find(k);
            if (it == d.latestMetrics.end())
                row.values << QString();
            else
                row.values << (std::isnan(it->second.value) ? QStringLiteral("NaN") : QString::number(it->second.value, 'g', 10));
        }
        finish(std::move(row));
    }
    for (const auto &k : tags) {
        Row row{Kind::Tag, QString::fromStdString(k), {}, false};
        for (const auto &d : m_runs) {
            auto it = d.tags.find(k);
            row.values << (it == d.tags.end() ? QString() : QString::fromStdString(it->second));
        }
        finish(std::move(row));
    }
    m_shown.clear();
    for (const Row &r : m_all)
        if (!m_diffOnly || r.differs)
            m_shown.push_back(&r);
}

int RunComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int RunComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 1 + int(m_runs.size());
}

QVariant RunComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = *m_shown[std::size_t(index.row())];
    if (role == DiffersRole)
        return row.differs;
    static const char *const prefixes[] = {"params.", "metrics.", "tags.", ""};
    if (role == KindRole)
        return row.kind == Kind::Attribute ? QStringLiteral("attribute") : QString::fromLatin1(prefixes[int(row.kind)]).chopped(1);
    if (index.column() == 0) {
        if (role == Qt::DisplayRole)
            return QString::fromLatin1(prefixes[int(row.kind)]) + row.key;
        return {};
    }
    const QString &v = row.values[index.column() - 1];
    switch (role) {
    case Qt::DisplayRole: return v.isEmpty() ? QStringLiteral("—") : v;
    case Qt::ToolTipRole: return v;
    case Qt::BackgroundRole:
        return row.differs ? QBrush(QColor(255, 244, 214)) : QVariant();
    case Qt::TextAlignmentRole:
        return row.kind == Kind::Metric ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    default: return {};
    }
}

QVariant RunComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Key");
    const auto &r = m_runs[std::size_t(section - 1)].run;
    return QString::fromStdString(r.name.empty() ? r.uuid.substr(0, 8) : r.name);
}

} // namespace keel
