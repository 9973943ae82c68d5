#include "models/storefollower.h"

#include "core/error.h"
#include "models/session.h"

#include <QFileInfo>

namespace keel {

StoreFollower::StoreFollower(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(1500); // a training loop writes often: import once it pauses
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &StoreFollower::changed);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &StoreFollower::changed);
    connect(&m_debounce, &QTimer::timeout, this, &StoreFollower::reimport);
    // Another workspace: the stores followed were this one's.
    connect(&session, &Session::workspaceChanged, this, &StoreFollower::stopAll);
}

void StoreFollower::follow(const QString &mlflowDb)
{
    const QFileInfo info(mlflowDb);
    if (!info.isFile())
        throwError(ErrorKind::NotFound, "no MLflow store at " + mlflowDb.toStdString() + " (choose its mlflow.db)");
    const QString path = info.absoluteFilePath();
    m_session.importMlflow(path.toStdString()); // refuses what is not a workspace or store, as a job
    if (!m_stores.contains(path))
        m_stores << path;
    rewatch();
    Q_EMIT followedChanged();
}

void StoreFollower::stop(const QString &mlflowDb)
{
    m_stores.removeAll(QFileInfo(mlflowDb).absoluteFilePath());
    rewatch();
    Q_EMIT followedChanged();
}

void StoreFollower::stopAll()
{
    if (m_stores.isEmpty())
        return;
    m_stores.clear();
    rewatch();
    Q_EMIT followedChanged();
}

void StoreFollower::rewatch()
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    for (const QString &store : m_stores) {
        // SQLite in WAL mode writes to store-wal, created and removed as it goes: watch the
        // folder for that, and the files that exist.
        m_watcher.addPath(QFileInfo(store).absolutePath());
        for (const QString &file : {store, store + QStringLiteral("-wal")})
            if (QFileInfo::exists(file))
                m_watcher.addPath(file);
    }
}

void StoreFollower::changed(const QString &path)
{
    for (const QString &store : m_stores) {
        if (path == store || path == store + QStringLiteral("-wal") || path == QFileInfo(store).absolutePath())
            m_dirty.insert(store);
    }
    if (!m_dirty.isEmpty())
        m_debounce.start();
}

void StoreFollower::reimport()
{
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    for (const QString &store : dirty) {
        if (!m_stores.contains(store))
            continue;
        try {
            m_session.importMlflow(store.toStdString());
        } catch (const Error &) {
            // The workspace went away; the next change tries again.
        }
    }
    rewatch(); // a -wal file may have appeared or gone
}

} // namespace keel
