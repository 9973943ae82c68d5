#include "models/registrytreemodel.h"

#include "models/enginetext.h"

#include "compute/workerpool.h"
#include "models/guipost.h"
#include "models/session.h"
#include "store/artifactstore.h"
#include "store/database.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QPointer>
#include <QColor>
#include <QLocale>

#include <algorithm>

namespace keel {

// Internal ids: 0 for a model row; model row + 1 for a version row (its parent's row).
RegistryTreeModel::RegistryTreeModel(Session &session, QObject *parent)
    : QAbstractItemModel(parent)
    , m_session(session)
{
    connect(&session, &Session::workspaceChanged, this, &RegistryTreeModel::reload);
    connect(&session, &Session::trackingChanged, this, &RegistryTreeModel::reload); // an import may bring a registry
    reload();
}

void RegistryTreeModel::reload()
{
    // Finished verifications are asked again (files can change behind Keel's back); those in
    // flight land when they finish.
    for (auto it = m_verifications.begin(); it != m_verifications.end();)
        it = it->state == Verification::Checking ? std::next(it) : m_verifications.erase(it);
    beginResetModel();
    m_entries.clear();
    if (auto *ws = m_session.workspace()) {
        registry::ModelRegistry reg(ws->db(), ws->artifacts());
        for (auto &m : reg.models()) {
            Entry e{m, reg.versions(m.name)};
            std::reverse(e.versions.begin(), e.versions.end());
            m_entries.push_back(std::move(e));
        }
    }
    endResetModel();
}

QModelIndex RegistryTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex RegistryTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int RegistryTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_entries.size());
    if (parent.internalId() == 0 && parent.column() == 0)
        return int(m_entries[std::size_t(parent.row())].versions.size());
    return 0;
}

int RegistryTreeModel::columnCount(const QModelIndex &) const
{
    return 3;
}

QVariant RegistryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case 0: return tr("Model / version");
    case 1: return tr("Aliases");
    case 2: return tr("Stage");
    }
    return {};
}

QVariant RegistryTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0) {
        const auto &m = m_entries[std::size_t(index.row())].model;
        switch (role) {
        case ModelNameRole: return QString::fromStdString(m.name);
        case IsVersionRole: return false;
        case Qt::DisplayRole:
            if (index.column() == 0)
                return QString::fromStdString(m.name);
            if (index.column() == 1) {
                QStringList aliases;
                for (const auto &[a, v] : m.aliases)
                    aliases << QStringLiteral("@%1 → v%2").arg(QString::fromStdString(a)).arg(v);
                return aliases.join(QStringLiteral("  "));
            }
            return tr("%n version(s)", nullptr, int(m.latestVersion));
        default: return {};
        }
    }
    const auto &entry = m_entries[std::size_t(index.internalId() - 1)];
    const auto &v = entry.versions[std::size_t(index.row())];
    QStringList aliases;
    for (const auto &a : v.aliases)
        aliases << QStringLiteral("@") + QString::fromStdString(a);
    switch (role) {
    case ModelNameRole: return QString::fromStdString(v.model);
    case VersionRole: return v.version;
    case StageRole: return QString::fromStdString(v.stage);
    case AliasesRole: return aliases;
    case IsVersionRole: return true;
    case Qt::DisplayRole:
        if (index.column() == 0)
            return tr("Version %1").arg(v.version);
        if (index.column() == 1)
            return aliases.join(QStringLiteral("  "));
        return v.stage == "None" ? QString() : EngineText::stage(v.stage);
    case Qt::ToolTipRole:
        return tr("Registered %1 by %2\nartifact %3").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(v.createdAt), QLocale::ShortFormat),
                                                        QString::fromStdString(v.createdBy), QString::fromStdString(v.artifactSha256));
    case Qt::ForegroundRole:
        if (index.column() == 2 && v.stage == "Production")
            return QColor(0x2f, 0x9e, 0x44);
        if (index.column() == 2 && v.stage == "Archived")
            return QColor(0x86, 0x8e, 0x96);
        if (index.column() == 1)
            return QColor(0x1f, 0x6f, 0xeb);
        return {};
    default: return {};
    }
}

QModelIndex RegistryTreeModel::indexOf(const QString &model, int version) const
{
    for (std::size_t r = 0; r < m_entries.size(); ++r) {
        if (QString::fromStdString(m_entries[r].model.name) != model)
            continue;
        const QModelIndex parentIndex = index(int(r), 0);
        if (version == 0)
            return parentIndex;
        for (std::size_t c = 0; c < m_entries[r].versions.size(); ++c)
            if (m_entries[r].versions[c].version == version)
                return index(int(c), 0, parentIndex);
    }
    return {};
}

RegistryTreeModel::VerificationState RegistryTreeModel::verification(const QString &model, int version) const
{
    return m_verifications.value(model + QLatin1Char('/') + QString::number(version));
}

void RegistryTreeModel::verify(const QString &model, int version)
{
    auto *ws = m_session.workspace();
    const QString key = model + QLatin1Char('/') + QString::number(version);
    if (!ws || m_verifications.value(key).state != Verification::Unknown)
        return;
    m_verifications[key].state = Verification::Checking;
    Q_EMIT verificationChanged(model, version);
    QPointer<RegistryTreeModel> self(this);
    compute::JobSpec spec;
    spec.name = "Verify " + model.toStdString() + " version " + std::to_string(version);
    spec.kind = "registry-verify";
    const auto databasePath = ws->databasePath();
    const auto root = ws->artifacts().root();
    const std::string name = model.toStdString();
    spec.work = [self, databasePath, root, name, version, model, key](compute::JobContext &ctx) {
        ctx.progress(0.0, "hashing");
        std::string problem;
        try {
            sql::Database db = store::openWorkspaceConnection(databasePath); // this thread's own connection
            store::ArtifactStore artifacts(root);
            registry::ModelRegistry reg(db, artifacts);
            reg.loadArtifact(name, version);
        } catch (const std::exception &e) {
            problem = e.what();
        }
        const QString message = QString::fromStdString(problem), at = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
        postToGui(self, [key, model, version, message, at](RegistryTreeModel *m) {
            m->m_verifications[key] = {message.isEmpty() ? Verification::Verified : Verification::Damaged, message, at};
            Q_EMIT m->verificationChanged(model, version);
        });
        if (!problem.empty())
            throw std::runtime_error(problem);
        ctx.setResult("the artifact matches its registered hash");
    };
    m_session.pool().submit(std::move(spec));
}

} // namespace keel
