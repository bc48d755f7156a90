#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>
#include <utility>

namespace quiver::ui {

// Runs work on the global thread pool and hands its result to `done` on the thread of
// `context`. The watcher is a child of `context`: when the context goes away first, the result
// is simply dropped, so no callback can reach a destroyed widget.
template <typename Work, typename Done>
void runInBackground(QObject* context, Work&& work, Done&& done) {
    using Result = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::forward<Done>(done)]() mutable {
                         done(watcher->result());
                         watcher->deleteLater();
                     });
    watcher->setFuture(QtConcurrent::run(std::forward<Work>(work)));
}

} // namespace quiver::ui
