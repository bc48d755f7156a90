#pragma once

#include "io/secret_store.h"
#include "model/variable.h"
#include "run/runner.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <memory>

namespace quiver::ui {

// Runs a collection or folder for the GUI. The run works on a snapshot taken at start: the
// workspace read afresh from disk, a copy of the secrets, the chosen environment and the
// globals, so edits and autosaves in the window never race with engine threads, and the run
// never writes the workspace. Observer calls (engine threads) go into a locked inbox; the
// first into an empty inbox posts one queued drain, which emits the signals on the UI thread.
class RunHost final : public QObject {
    Q_OBJECT
public:
    explicit RunHost(core::Engine& engine, QObject* parent = nullptr);
    ~RunHost() override; // cancels a run still going; no signal comes after

    struct Setup {
        QString workspaceRoot;
        QString environment; // id or name; empty for none
        core::model::Variables globals;
        const core::io::SecretStore* secrets = nullptr; // copied at start
        core::run::RunOptions options;
    };
    // False with the reason (workspace unreadable, environment unknown, a run going).
    bool start(const Setup& setup, QString* error = nullptr);
    void stop();
    bool isRunning() const { return m_run != nullptr; }

    struct Inbox; // shared with the engine-side observer

signals:
    void requestStarted(const QString& relativePath, int iteration);
    void requestFinished(const quiver::core::run::RequestResult& result);
    void runFinished(const quiver::core::run::RunReport& report);

private:
    struct Run;
    void drain();

    core::Engine& m_engine;
    std::shared_ptr<Inbox> m_inbox;
    std::unique_ptr<Run> m_run;
};

} // namespace quiver::ui

Q_DECLARE_METATYPE(quiver::core::run::RequestResult)
Q_DECLARE_METATYPE(quiver::core::run::RunReport)
