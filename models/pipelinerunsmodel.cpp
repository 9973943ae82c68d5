#include "models/pipelinerunsmodel.h"

#include "models/enginetext.h"

#include "pipeline/executor.h"

#include "models/durationtext.h"
#include "models/session.h"
#include "store/database.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QIcon>
#include <QLocale>

namespace keel {

PipelineRunsModel::PipelineRunsModel(Session &session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
}

void PipelineRunsModel::reload()
{
    beginResetModel();
    m_rows.clear();
    if (m_session.hasWorkspace()) {
        auto q = m_session.workspace()->db().prepare(
            "SELECT id, pipeline, file, state, trigger, tracking_run, started_at, finished_at FROM pipeline_runs ORDER BY id DESC LIMIT 500");
        while (q.step())
            m_rows.push_back({q.int64(0), QString::fromStdString(q.text(1)), QString::fromStdString(q.text(2)),
                              QString::fromStdString(q.text(3)), QString::fromStdString(q.text(4)), QString::fromStdString(q.text(5)),
                              q.int64(6), q.isNull(7) ? 0 : q.int64(7)});
    }
    endResetModel();
}

std::map<QString, pipeline::NodeStatus> PipelineRunsModel::lastRunOf(const QString &file) const
{
    std::map<QString, pipeline::NodeStatus> out;
    if (!m_session.hasWorkspace())
        return out;
    auto q = m_session.workspace()->db().prepare(
        "SELECT n.node, n.state, n.cache_key, n.message, n.log, n.started_at, n.finished_at FROM pipeline_node_runs n "
        "WHERE n.run_id = (SELECT max(id) FROM pipeline_runs WHERE file = ?1)");
    q.bindAll(file.toStdString());
    while (q.step()) {
        pipeline::NodeStatus s;
        const std::string state = q.text(1);
        for (auto candidate : {pipeline::NodeState::Succeeded, pipeline::NodeState::Failed, pipeline::NodeState::Cached,
                               pipeline::NodeState::Skipped, pipeline::NodeState::Cancelled})
            if (state == pipeline::toString(candidate))
                s.state = candidate;
        s.cacheKey = q.text(2);
        s.message = q.text(3);
        std::string log = q.text(4);
        for (std::size_t at = 0, nl; (nl = log.find('\n', at)) != std::string::npos; at = nl + 1)
            s.log.push_back(log.substr(at, nl - at));
        s.startedMs = q.int64(5);
        s.finishedMs = q.int64(6);
        s.progress = 1.0;
        out[QString::fromStdString(q.text(0))] = s;
    }
    return out;
}

std::map<std::string, std::map<std::string, pipeline::Value>> PipelineRunsModel::outputsOf(const std::map<QString, pipeline::NodeStatus> &nodes) const
{
    std::map<std::string, std::map<std::string, pipeline::Value>> out;
    if (!m_session.hasWorkspace())
        return out;
    for (const auto &[node, s] : nodes) {
        if (s.cacheKey.empty() || (s.state != pipeline::NodeState::Succeeded && s.state != pipeline::NodeState::Cached))
            continue;
        try {
            if (auto outputs = pipeline::storedOutputs(*m_session.workspace(), s.cacheKey))
                out[node.toStdString()] = std::move(*outputs);
        } catch (const std::exception &) {
            // A damaged entry: the node shows its state and log without its outputs.
        }
    }
    return out;
}

QString PipelineRunsModel::stateText(const QString &state)
{
    if (state == QLatin1String("succeeded")) return tr("Succeeded");
    if (state == QLatin1String("failed")) return tr("Failed");
    if (state == QLatin1String("cancelled")) return tr("Cancelled");
    return tr("Running");
}

QString PipelineRunsModel::lastRunSummary(const QString &file) const
{
    for (const Row &r : m_rows)
        if (r.file == file)
            return tr("last run %1, %2, %3 (%4)")
                .arg(r.id)
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.startedMs), QStringLiteral("yyyy-MM-dd HH:mm")), stateText(r.state).toLower(),
                     EngineText::runReason(r.trigger.toStdString()));
    return {};
}

int PipelineRunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PipelineRunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PipelineRunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows[std::size_t(index.row())];
    if (role == FileRole)
        return r.file;
    if (role == TrackingRunRole)
        return r.trackingRun;
    if (role == StateRole)
        return r.state;
    if (role == Qt::DecorationRole && index.column() == StateColumn) {
        if (r.state == QLatin1String("succeeded")) return QIcon(QStringLiteral(":/icons/state-succeeded.svg"));
        if (r.state == QLatin1String("failed")) return QIcon(QStringLiteral(":/icons/state-failed.svg"));
        if (r.state == QLatin1String("cancelled")) return QIcon(QStringLiteral(":/icons/state-cancelled.svg"));
        return QIcon(QStringLiteral(":/icons/state-running.svg"));
    }
    if (role == Qt::ToolTipRole)
        return tr("%1\ntracking run %2").arg(r.file, r.trackingRun);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case RunColumn: return r.id;
    case PipelineColumn: return r.pipeline;
    case StateColumn: return stateText(r.state);
    case TriggerColumn: return EngineText::runReason(r.trigger.toStdString());
    case StartedColumn: return QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.startedMs), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case DurationColumn: return r.finishedMs ? DurationText::of(r.finishedMs - r.startedMs) : QString();
    default: return {};
    }
}

QVariant PipelineRunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RunColumn: return tr("Run");
    case PipelineColumn: return tr("Pipeline");
    case StateColumn: return tr("State");
    case TriggerColumn: return tr("Trigger");
    case StartedColumn: return tr("Started");
    case DurationColumn: return tr("Duration");
    default: return {};
    }
}

} // namespace keel
