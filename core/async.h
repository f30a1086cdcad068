#pragma once

// Runs CPU work on the global thread pool and hands the result back on `context`'s thread. The
// callback is dropped if `context` died meanwhile (after KeePassXC's AsyncTask::runThenCallback).

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

#include <type_traits>
#include <utility>

namespace aem {

template <typename Work, typename Done>
void runThenCallback(QObject* context, Work work, Done done)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)]() mutable {
        auto result = work();
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done = std::move(done), result = std::move(result)]() mutable {
                if (guard)
                    done(std::move(result));
            },
            Qt::QueuedConnection);
    });
}

} // namespace aem
