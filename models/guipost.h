#pragma once

#include <QCoreApplication>
#include <QPointer>

namespace keel {

// Runs call(object) on the GUI thread soon, if `object` still exists by then: how a job on a
// worker thread hands its progress and results to a QObject that may be gone.
template<typename T, typename F>
void postToGui(const QPointer<T> &object, F call)
{
    QMetaObject::invokeMethod(QCoreApplication::instance(), [object, call] {
        if (object)
            call(object.data());
    }, Qt::QueuedConnection);
}

} // namespace keel
