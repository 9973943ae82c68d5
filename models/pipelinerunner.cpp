#include "models/pipelinerunner.h"

#include "core/sha256.h"
#include "models/enginetext.h"
#include "models/guipost.h"
#include "models/session.h"
#include "pipeline/noderegistry.h"
#include "store/workspace.h"

#include <QPointer>

namespace keel {

PipelineRunner::PipelineRunner(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    qRegisterMetaType<keel::pipeline::NodeStatus>();
    qRegisterMetaType<std::shared_ptr<const keel::pipeline::RunResult>>();
}

PipelineRunner::~PipelineRunner()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

bool PipelineRunner::start(const pipeline::Graph &graph, const std::filesystem::path &file, bool useCache, const std::string &trigger,
                           const std::string &reason)
{
    if (m_running)
        return false;
    if (m_thread.joinable())
        m_thread.join();
    m_stop = false;
    m_running = true;
    std::optional<std::filesystem::path> workspaceDir;
    if (m_session.hasWorkspace())
        workspaceDir = m_session.workspace()->dir();
    compute::WorkerPool *pool = &m_session.pool();
    QPointer<PipelineRunner> self(this);
    m_thread = std::thread([this, self, graph, file, useCache, workspaceDir, pool, trigger, reason] {
        try {
            std::unique_ptr<store::Workspace> workspace;
            if (workspaceDir)
                workspace = store::Workspace::open(*workspaceDir); // a connection of this thread's own
            pipeline::RunOptions options;
            options.workspace = workspace.get();
            options.pool = pool;
            options.baseDir = file.parent_path();
            options.file = file;
            options.fileSha256 = sha256File(file);
            options.useCache = useCache;
            options.trigger = trigger;
            options.reason = reason;
            options.stop = &m_stop;
            options.onChange = [self](const std::string &node, const pipeline::NodeStatus &status) {
                postToGui(self, [node = QString::fromStdString(node), status](PipelineRunner *r) { Q_EMIT r->nodeChanged(node, status); });
            };
            auto result = std::make_shared<const pipeline::RunResult>(pipeline::runPipeline(graph, pipeline::NodeRegistry::builtin(), options));
            m_running = false;
            postToGui(self, [result](PipelineRunner *r) { Q_EMIT r->finished(result); });
        } catch (const std::exception &e) {
            m_running = false;
            postToGui(self, [message = EngineText::error(e)](PipelineRunner *r) { Q_EMIT r->failed(message); });
        }
    });
    return true;
}

void PipelineRunner::cancel()
{
    m_stop = true;
}

} // namespace keel
