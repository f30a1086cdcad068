// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runs CPU work on the global thread pool and hands the result back on `context`'s thread. The
// callback is dropped if `context` died meanwhile (after KeePassXC's AsyncTask::runThenCallback).

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace aem {

template<typename Work, typename Done> void runThenCallback(QObject* context, Work work, Done done)
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

// Runs step(i, next) for i = 0 .. count-1 one after the other: each step calls next() once its
// asynchronous work is done, then `finished()` runs. Pending steps keep the chain alive; nothing
// is destroyed while it runs.
template<typename Step, typename Finished> void forEachInTurn(qsizetype count, Step step, Finished finished)
{
    struct State
    {
        qsizetype count;
        Step step;
        Finished finished;
    };
    auto state = std::make_shared<State>(State {count, std::move(step), std::move(finished)});
    auto run = std::make_shared<std::function<void(qsizetype)>>();
    std::weak_ptr<std::function<void(qsizetype)>> weak = run;
    *run = [state, weak](qsizetype i) {
        if (i >= state->count) {
            state->finished();
            return;
        }
        auto self = weak.lock();
        state->step(i, [self, i] { (*self)(i + 1); });
    };
    (*run)(0);
}

} // namespace aem
