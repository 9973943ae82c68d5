#include "models/enginebridge.h"

#include "compute/workerpool.h"

namespace keel {

EngineBridge::EngineBridge(compute::WorkerPool &pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
{
    qRegisterMetaType<compute::JobInfo>();
    m_pool.addObserver(this);
}

EngineBridge::~EngineBridge()
{
    m_pool.removeObserver(this);
}

compute::JobId EngineBridge::submit(compute::JobSpec spec)
{
    return m_pool.submit(std::move(spec));
}

bool EngineBridge::cancel(compute::JobId id)
{
    return m_pool.cancel(id);
}

void EngineBridge::onJobEvent(const compute::JobEvent &event)
{
    // Queued even on the GUI thread, so every event takes the same path and keeps its order.
    QMetaObject::invokeMethod(
        this, [this, type = static_cast<int>(event.type), info = event.info] { Q_EMIT jobEvent(type, info); },
        Qt::QueuedConnection);
}

} // namespace keel
