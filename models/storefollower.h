#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace keel {

class Session;

// Keeps MLflow SQLite stores that are still being written (a training script logging to
// mlflow.db) up to date in the workspace: it watches the database and its WAL file and,
// a moment after they change, imports the store again (quick, and updates in place).
class StoreFollower : public QObject {
    Q_OBJECT
public:
    explicit StoreFollower(Session &session, QObject *parent = nullptr);

    // Imports now and again after every change. Throws keel::Error for a path that is not
    // an MLflow SQLite store.
    void follow(const QString &mlflowDb);
    void stop(const QString &mlflowDb);
    void stopAll();
    QStringList followed() const { return m_stores; }
    void setDelay(int ms) { m_debounce.setInterval(ms); }

Q_SIGNALS:
    void followedChanged();

private:
    void changed(const QString &path);
    void reimport();
    void rewatch();

    Session &m_session;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QStringList m_stores;
    QSet<QString> m_dirty;
};

} // namespace keel
