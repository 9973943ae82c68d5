#pragma once

#include "pipeline/executor.h"
#include "pipeline/graph.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

namespace keel {

class Session;

// Runs a pipeline from the window: its nodes as jobs on the session's worker pool (they show in
// the Jobs dock), the schedule on a thread of its own, over a connection of its own to the open
// workspace. Node states and the outcome arrive as signals on the GUI thread.
class PipelineRunner : public QObject {
    Q_OBJECT
public:
    explicit PipelineRunner(Session &session, QObject *parent = nullptr);
    ~PipelineRunner() override; // cancels a run still going and waits for it

    // False when a run is still going.
    bool start(const pipeline::Graph &graph, const std::filesystem::path &file, bool useCache, const std::string &trigger = "manual",
               const std::string &reason = {});
    void cancel();
    bool isRunning() const { return m_running.load(); }

Q_SIGNALS:
    void nodeChanged(const QString &node, const keel::pipeline::NodeStatus &status);
    void finished(std::shared_ptr<const keel::pipeline::RunResult> result);
    void failed(const QString &message);

private:
    Session &m_session;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_running{false};
};

} // namespace keel

Q_DECLARE_METATYPE(keel::pipeline::NodeStatus)
Q_DECLARE_METATYPE(std::shared_ptr<const keel::pipeline::RunResult>)
