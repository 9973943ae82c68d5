#pragma once

#include "pipeline/graph.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

namespace keel {

namespace pipeline {
class TriggerWatcher;
}

// A pipeline's triggers watched while the window is open, as `keel pipeline watch` does
// headless: every poll interval the triggers are looked at on a thread of their own (a drift
// probe reads files), and one that fires arrives as triggered() on the GUI thread.
class PipelineWatcher : public QObject {
    Q_OBJECT
public:
    explicit PipelineWatcher(QObject *parent = nullptr);
    ~PipelineWatcher() override;

    // Starts watching `graph` (read from `file`); returns the error when its triggers are bad.
    QString start(const pipeline::Graph &graph, const std::filesystem::path &file);
    void stop();
    bool isWatching() const { return m_watcher != nullptr; }
    void setPollInterval(int ms) { m_timer.setInterval(ms); }
    void pollNow();
    // "next scheduled run 2026-12-02 03:00", or empty without a schedule.
    QString nextScheduled() const;

Q_SIGNALS:
    void triggered(const QString &kind, const QString &reason);
    void pollFailed(const QString &message);

private:
    QTimer m_timer;
    std::shared_ptr<pipeline::TriggerWatcher> m_watcher;
    std::thread m_thread;
    std::atomic<bool> m_polling{false};
};

} // namespace keel
