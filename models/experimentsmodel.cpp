#include "models/experimentsmodel.h"

#include "models/session.h"
#include "store/database.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"

namespace keel {

ExperimentsModel::ExperimentsModel(Session &session, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(session)
{
    connect(&session, &Session::workspaceChanged, this, &ExperimentsModel::reload);
    connect(&session, &Session::trackingChanged, this, &ExperimentsModel::reload);
    reload();
}

int ExperimentsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_experiments.size());
}

QVariant ExperimentsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &e = m_experiments[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return QString::fromStdString(e.name);
    case Qt::ToolTipRole:
        return tr("%1\nruns: %2\nfrom: %3").arg(QString::fromStdString(e.name)).arg(m_runCounts[std::size_t(index.row())])
            .arg(e.source == "keel" ? tr("logged in Keel") : QString::fromStdString(e.source));
    case ExperimentIdRole: return QVariant::fromValue<qlonglong>(e.id);
    case RunCountRole: return m_runCounts[std::size_t(index.row())];
    case SourceRole: return QString::fromStdString(e.source);
    default: return {};
    }
}

QHash<int, QByteArray> ExperimentsModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(ExperimentIdRole, "experimentId");
    names.insert(RunCountRole, "runCount");
    names.insert(SourceRole, "source");
    return names;
}

void ExperimentsModel::reload()
{
    beginResetModel();
    m_experiments.clear();
    m_runCounts.clear();
    if (auto *ws = m_session.workspace()) {
        tracking::TrackingStore store(ws->db());
        m_experiments = store.experiments(false);
        auto count = ws->db().prepare("SELECT count(*) FROM runs WHERE experiment_id = ?1 AND lifecycle_stage = 'active'");
        for (const auto &e : m_experiments) {
            count.bind(1, e.id);
            count.step();
            m_runCounts.push_back(int(count.int64(0)));
            count.reset();
        }
    }
    endResetModel();
}

} // namespace keel
