#pragma once

#include "compute/job.h"

#include <QObject>

namespace keel::compute {
class WorkerPool;
}

Q_DECLARE_METATYPE(keel::compute::JobInfo)

namespace keel {

// Turns the pool's callbacks, which arrive on worker threads, into queued signals on the
// GUI thread, in the order they happened. Models connect to jobEvent().
class EngineBridge : public QObject, public compute::JobObserver {
    Q_OBJECT
public:
    explicit EngineBridge(compute::WorkerPool &pool, QObject *parent = nullptr);
    ~EngineBridge() override;

    compute::WorkerPool &pool() { return m_pool; }
    compute::JobId submit(compute::JobSpec spec);
    bool cancel(compute::JobId id);

    void onJobEvent(const compute::JobEvent &event) override;

Q_SIGNALS:
    void jobEvent(int type, const keel::compute::JobInfo &info); // type: compute::JobEventType

private:
    compute::WorkerPool &m_pool;
};

} // namespace keel
