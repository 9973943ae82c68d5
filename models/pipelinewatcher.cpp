#include "models/pipelinewatcher.h"

#include "core/clock.h"
#include "models/enginetext.h"
#include "models/guipost.h"
#include "pipeline/triggers.h"

#include <QDateTime>
#include <QPointer>

namespace keel {

PipelineWatcher::PipelineWatcher(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(30000);
    connect(&m_timer, &QTimer::timeout, this, &PipelineWatcher::pollNow);
}

PipelineWatcher::~PipelineWatcher()
{
    stop();
}

QString PipelineWatcher::start(const pipeline::Graph &graph, const std::filesystem::path &file)
{
    stop();
    try {
        pipeline::RunOptions options;
        options.baseDir = file.parent_path();
        options.file = file;
        m_watcher = std::make_shared<pipeline::TriggerWatcher>(graph, options);
    } catch (const std::exception &e) {
        return EngineText::error(e);
    }
    m_timer.start();
    pollNow(); // the first look learns what is there
    return {};
}

void PipelineWatcher::stop()
{
    m_timer.stop();
    if (m_thread.joinable())
        m_thread.join();
    m_watcher.reset();
}

void PipelineWatcher::pollNow()
{
    if (!m_watcher || m_polling.exchange(true))
        return; // one look at a time
    if (m_thread.joinable())
        m_thread.join();
    QPointer<PipelineWatcher> self(this);
    m_thread = std::thread([this, self, watcher = m_watcher] {
        try {
            for (const pipeline::TriggerEvent &e : watcher->poll(nowMs()))
                postToGui(self, [kind = QString::fromStdString(e.kind), reason = QString::fromStdString(e.reason)](PipelineWatcher *w) {
                    Q_EMIT w->triggered(kind, reason);
                });
        } catch (const std::exception &e) {
            postToGui(self, [message = EngineText::error(e)](PipelineWatcher *w) { Q_EMIT w->pollFailed(message); });
        }
        m_polling = false;
    });
}

QString PipelineWatcher::nextScheduled() const
{
    if (!m_watcher)
        return {};
    const auto next = m_watcher->nextScheduled(nowMs());
    return next ? tr("next scheduled run %1").arg(QDateTime::fromMSecsSinceEpoch(*next).toString(QStringLiteral("yyyy-MM-dd HH:mm"))) : QString();
}

} // namespace keel
