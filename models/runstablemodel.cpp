#include "models/runstablemodel.h"

#include "models/enginetext.h"

#include "models/durationtext.h"
#include "models/runcolours.h"

#include "core/error.h"
#include "models/session.h"
#include "store/workspace.h"
#include "tracking/runsearch.h"
#include "tracking/trackingstore.h"

#include <QDateTime>
#include <QIcon>
#include <QLocale>

#include <cmath>
#include <set>
#include <optional>
#include <map>
#include <functional>

namespace keel {

namespace {

QString numberText(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    return QString::number(v, 'g', 6);
}

QString csvField(QString s)
{
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))
        s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return s;
}

} // namespace

RunsTableModel::RunsTableModel(Session &session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
}

int RunsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FixedColumnCount + int(m_visibleMetrics.size() + m_visibleParams.size());
}

RunsTableModel::ColumnRef RunsTableModel::column(int section) const
{
    if (section < FixedColumnCount)
        return {ColumnRef::Fixed, QString()};
    section -= FixedColumnCount;
    if (section < m_visibleMetrics.size())
        return {ColumnRef::Metric, m_visibleMetrics[section]};
    return {ColumnRef::Param, m_visibleParams[section - int(m_visibleMetrics.size())]};
}

QVariant RunsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const tracking::RunData &d = m_runs[std::size_t(index.row())];
    const tracking::Run &r = d.run;
    if (role == RunUuidRole)
        return QString::fromStdString(r.uuid);
    if (role == StatusRole)
        return QString::fromStdString(r.status);
    if (role == ParentRowRole)
        return m_parentRow.empty() ? -1 : m_parentRow[std::size_t(index.row())];
    if (role == DepthRole)
        return m_depth.empty() ? 0 : m_depth[std::size_t(index.row())];
    if (role == ChildCountRole)
        return m_children.empty() ? 0 : m_children[std::size_t(index.row())];
    const ColumnRef col = column(index.column());
    if (col.kind == ColumnRef::Metric) {
        auto it = d.latestMetrics.find(col.key.toStdString());
        if (it == d.latestMetrics.end())
            return {};
        if (role == Qt::DisplayRole)
            return numberText(it->second.value);
        if (role == SortRole)
            return std::isnan(it->second.value) ? QVariant() : QVariant(it->second.value);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Qt::ToolTipRole)
            return tr("%1 = %2 at step %3").arg(col.key, QString::number(it->second.value, 'g', 17)).arg(it->second.step);
        return {};
    }
    if (col.kind == ColumnRef::Param) {
        auto it = d.params.find(col.key.toStdString());
        if (it == d.params.end())
            return {};
        if (role == Qt::DisplayRole || role == SortRole || role == Qt::ToolTipRole) {
            const QString v = QString::fromStdString(it->second);
            if (role == SortRole) {
                bool ok = false;
                const double n = v.toDouble(&ok);
                return ok ? QVariant(n) : QVariant(v);
            }
            return role == Qt::DisplayRole && v.size() > 60 ? v.left(60) + QStringLiteral("…") : v;
        }
        return {};
    }
    const std::int64_t duration = r.startTime && r.endTime ? *r.endTime - *r.startTime : -1;
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return QString::fromStdString(r.name.empty() ? r.uuid.substr(0, 8) : r.name);
        if (role == Qt::DecorationRole) // the run's colour in every chart
            return runColour(index.row());
        if (role == Qt::ToolTipRole)
            return tr("Run %1").arg(QString::fromStdString(r.uuid)) +
                   (r.parentUuid ? tr("\nchild of %1").arg(QString::fromStdString(*r.parentUuid)) : QString());
        break;
    case StatusColumn:
        if (role == SortRole)
            return QString::fromStdString(r.status);
        if (role == Qt::DisplayRole)
            return EngineText::runStatus(r.status);
        if (role == Qt::ToolTipRole) // the word search takes: attributes.status = 'FINISHED'
            return QStringLiteral("attributes.status = '%1'").arg(QString::fromStdString(r.status));
        if (role == Qt::DecorationRole) {
            if (r.status == "FINISHED") return QIcon(QStringLiteral(":/icons/state-succeeded.svg"));
            if (r.status == "FAILED") return QIcon(QStringLiteral(":/icons/state-failed.svg"));
            if (r.status == "KILLED") return QIcon(QStringLiteral(":/icons/state-cancelled.svg"));
            if (r.status == "RUNNING") return QIcon(QStringLiteral(":/icons/state-running.svg"));
            return QIcon(QStringLiteral(":/icons/state-queued.svg"));
        }
        break;
    case StartColumn:
        if (role == SortRole)
            return r.startTime ? QVariant(qlonglong(*r.startTime)) : QVariant();
        if (role == Qt::DisplayRole && r.startTime)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(*r.startTime), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        break;
    case DurationColumn:
        if (role == SortRole)
            return duration >= 0 ? QVariant(qlonglong(duration)) : QVariant();
        if (role == Qt::DisplayRole && duration >= 0)
            return DurationText::of(duration);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case ExperimentColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return m_experimentNames.value(r.experimentId);
        break;
    default:
        break;
    }
    return {};
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    const ColumnRef col = column(section);
    if (role == ColumnKindRole)
        return int(col.kind);
    if (role == ColumnKeyRole)
        return col.key;
    if (role == ColumnGroupRole)
        return col.kind == ColumnRef::Metric ? tr("Metrics") : col.kind == ColumnRef::Param ? tr("Parameters") : QString();
    if (role == Qt::ToolTipRole && col.kind != ColumnRef::Fixed)
        return col.kind == ColumnRef::Metric ? tr("metrics.%1 (latest value)").arg(col.key) : tr("params.%1").arg(col.key);
    if (role != Qt::DisplayRole)
        return {};
    switch (col.kind) {
    case ColumnRef::Metric: return col.key;
    case ColumnRef::Param: return col.key;
    case ColumnRef::Fixed: break;
    }
    switch (section) {
    case NameColumn: return tr("Run");
    case StatusColumn: return tr("Status");
    case StartColumn: return tr("Started");
    case DurationColumn: return tr("Duration");
    case ExperimentColumn: return tr("Experiment");
    }
    return {};
}

QHash<int, QByteArray> RunsTableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(RunUuidRole, "runUuid");
    names.insert(SortRole, "sortValue");
    names.insert(StatusRole, "status");
    return names;
}

QString RunsTableModel::setQuery(const std::vector<qint64> &experimentIds, const QString &filter)
{
    try {
        tracking::parseFilter(filter.toStdString());
    } catch (const Error &e) {
        return EngineText::error(e);
    }
    m_experimentIds = experimentIds;
    m_filter = filter;
    reload();
    return {};
}

void RunsTableModel::reload()
{
    beginResetModel();
    m_runs.clear();
    m_experimentNames.clear();
    if (auto *ws = m_session.workspace()) {
        tracking::TrackingStore store(ws->db());
        for (const auto &e : store.experiments(true))
            m_experimentNames.insert(e.id, QString::fromStdString(e.name));
        tracking::SearchQuery q;
        q.experimentIds.assign(m_experimentIds.begin(), m_experimentIds.end());
        q.filter = m_filter.toStdString();
        q.maxResults = 50000;
        try {
            for (const std::string &uuid : store.search(q).runUuids)
                m_runs.push_back(*store.run(uuid));
        } catch (const Error &) {
            m_runs.clear(); // the filter was checked in setQuery; a failing store shows no rows
        }
    }
    nestRuns();
    rebuildColumns();
    endResetModel();
}

void RunsTableModel::nestRuns()
{
    // Each run's children (its mlflow.parentRunId among these rows) follow it, in the order they
    // came; a run whose parent is not among them stays where it is.
    std::map<std::string, std::size_t> at;
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        at[m_runs[i].run.uuid] = i;
    auto parentOf = [&](const tracking::RunData &d) -> std::optional<std::size_t> {
        const auto tag = d.tags.find("mlflow.parentRunId");
        if (tag == d.tags.end() || tag->second == d.run.uuid)
            return std::nullopt;
        const auto it = at.find(tag->second);
        return it == at.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    };
    std::vector<std::vector<std::size_t>> children(m_runs.size());
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        if (const auto p = parentOf(m_runs[i]))
            children[*p].push_back(i);
        else
            roots.push_back(i);
    }
    std::vector<tracking::RunData> ordered;
    ordered.reserve(m_runs.size());
    m_parentRow.clear();
    m_depth.clear();
    m_children.clear();
    std::vector<bool> placed(m_runs.size(), false);
    std::function<void(std::size_t, int, int)> place = [&](std::size_t i, int parentRow, int depth) {
        if (placed[i])
            return; // a cycle of parent tags: each run once
        placed[i] = true;
        const int row = int(ordered.size());
        ordered.push_back(m_runs[i]);
        m_parentRow.push_back(parentRow);
        m_depth.push_back(depth);
        m_children.push_back(int(children[i].size()));
        for (std::size_t c : children[i])
            place(c, row, depth + 1);
    };
    for (std::size_t r : roots)
        place(r, -1, 0);
    for (std::size_t i = 0; i < m_runs.size(); ++i) // runs only in a cycle
        place(i, -1, 0);
    m_runs = std::move(ordered);
}

void RunsTableModel::rebuildColumns()
{
    std::set<QString> metrics, params;
    for (const auto &d : m_runs) {
        for (const auto &[k, m] : d.latestMetrics)
            metrics.insert(QString::fromStdString(k));
        for (const auto &[k, v] : d.params)
            params.insert(QString::fromStdString(k));
    }
    m_metricKeys = QStringList(metrics.begin(), metrics.end());
    m_paramKeys = QStringList(params.begin(), params.end());
    m_visibleMetrics.clear();
    m_visibleParams.clear();
    for (const QString &k : m_metricKeys)
        if (!m_hiddenMetrics.contains(k))
            m_visibleMetrics << k;
    for (const QString &k : m_paramKeys)
        if (!m_hiddenParams.contains(k))
            m_visibleParams << k;
}

void RunsTableModel::setHiddenKeys(const QStringList &metrics, const QStringList &params)
{
    beginResetModel();
    m_hiddenMetrics = metrics;
    m_hiddenParams = params;
    rebuildColumns();
    endResetModel();
}

const tracking::RunData *RunsTableModel::runAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_runs[std::size_t(row)] : nullptr;
}

int RunsTableModel::rowOf(const QString &uuid) const
{
    for (int i = 0; i < rowCount(); ++i)
        if (QString::fromStdString(m_runs[std::size_t(i)].run.uuid) == uuid)
            return i;
    return -1;
}

QString RunsTableModel::toCsv() const
{
    QString csv;
    QStringList header{QStringLiteral("run_id")};
    for (int c = 0; c < columnCount(); ++c) {
        const ColumnRef col = column(c);
        header << csvField(col.kind == ColumnRef::Metric ? QStringLiteral("metrics.") + col.key
                           : col.kind == ColumnRef::Param ? QStringLiteral("params.") + col.key
                                                          : headerData(c, Qt::Horizontal).toString());
    }
    csv += header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (int r = 0; r < rowCount(); ++r) {
        QStringList fields{QString::fromStdString(m_runs[std::size_t(r)].run.uuid)};
        for (int c = 0; c < columnCount(); ++c) {
            const ColumnRef col = column(c);
            QString v;
            if (col.kind == ColumnRef::Metric) {
                auto it = m_runs[std::size_t(r)].latestMetrics.find(col.key.toStdString());
                if (it != m_runs[std::size_t(r)].latestMetrics.end())
                    v = std::isnan(it->second.value) ? QStringLiteral("NaN") : QString::number(it->second.value, 'g', 17);
            } else if (col.kind == ColumnRef::Param) {
                auto it = m_runs[std::size_t(r)].params.find(col.key.toStdString());
                if (it != m_runs[std::size_t(r)].params.end())
                    v = QString::fromStdString(it->second);
            } else {
                v = data(index(r, c)).toString();
            }
            fields << csvField(v);
        }
        csv += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return csv;
}

} // namespace keel
