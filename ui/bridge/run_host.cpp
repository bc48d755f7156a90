#include "bridge/run_host.h"

#include "io/request_scope.h"
#include "io/workspace.h"

#include <QMetaObject>
#include <mutex>
#include <variant>
#include <vector>

namespace quiver::ui {
namespace {

struct Started {
    std::string relativePath;
    int iteration = 0;
};
using RunEvent = std::variant<Started, core::run::RequestResult, core::run::RunReport>;

} // namespace

struct RunHost::Inbox {
    std::mutex mutex;
    std::vector<RunEvent> events;
    RunHost* host = nullptr; // cleared, under the mutex, before the host goes

    // With the mutex held: one queued drain per empty-to-non-empty change.
    void push(RunEvent event) {
        const bool wake = events.empty();
        events.push_back(std::move(event));
        if (wake && host)
            QMetaObject::invokeMethod(host, &RunHost::drain, Qt::QueuedConnection);
    }
};

namespace {

class Observer final : public core::run::RunObserver {
public:
    explicit Observer(std::shared_ptr<RunHost::Inbox> inbox) : m_inbox(std::move(inbox)) {}

    void requestStarted(const std::string& relativePath, int iteration) override {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->push(Started{relativePath, iteration});
    }
    void requestFinished(const core::run::RequestResult& result) override {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->push(result);
    }
    void runFinished(const core::run::RunReport& report) override {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->push(report);
    }

private:
    std::shared_ptr<RunHost::Inbox> m_inbox;
};

} // namespace

// Everything the runner borrows, kept together and alive until the run has finished.
struct RunHost::Run {
    std::optional<core::io::Workspace> workspace;
    core::io::MemorySecretStore secrets;
    std::optional<core::model::Environment> environment;
    core::model::Variables globals;
    std::unique_ptr<core::io::RequestScope> scope;
    std::unique_ptr<Observer> observer;
    std::unique_ptr<core::run::Runner> runner;
};

RunHost::RunHost(core::Engine& engine, QObject* parent)
    : QObject(parent), m_engine(engine), m_inbox(std::make_shared<Inbox>()) {
    qRegisterMetaType<core::run::RequestResult>();
    qRegisterMetaType<core::run::RunReport>();
    m_inbox->host = this;
}

RunHost::~RunHost() {
    {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->host = nullptr;
    }
    // ~Runner detaches under the runner's lock: no step touches the observer, the workspace
    // or the scope afterwards, so the rest of the run's state can go right after it.
    if (m_run)
        m_run->runner.reset();
}

bool RunHost::start(const Setup& setup, QString* error) {
    auto fail = [error](const QString& text) {
        if (error)
            *error = text;
        return false;
    };
    if (m_run)
        return fail(tr("A run is going; stop it first."));
    auto run = std::make_unique<Run>();
    auto opened = core::io::Workspace::open(setup.workspaceRoot.toStdString(),
                                            core::io::Workspace::OpenMode::readOnly);
    if (!opened)
        return fail(QString::fromStdString(opened.error().message));
    run->workspace.emplace(std::move(opened.value()));
    if (!setup.environment.isEmpty()) {
        const auto* env = run->workspace->findEnvironment(setup.environment.toStdString());
        if (!env)
            return fail(tr("There is no environment \"%1\".").arg(setup.environment));
        run->environment = *env;
    }
    if (setup.secrets)
        for (const auto& key : setup.secrets->keys())
            if (auto value = setup.secrets->get(key))
                (void)run->secrets.set(key, *value);
    run->globals = setup.globals;
    run->scope = std::make_unique<core::io::RequestScope>(
        &*run->workspace, &run->secrets, run->environment ? &*run->environment : nullptr,
        &run->globals);
    run->observer = std::make_unique<Observer>(m_inbox);
    {
        std::lock_guard lock(m_inbox->mutex);
        m_inbox->events.clear();
    }
    core::run::RunOptions options = setup.options;
    options.redact = core::io::secretValues(run->secrets); // results never show a secret
    run->runner = std::make_unique<core::run::Runner>(
        m_engine, *run->workspace, *run->scope, &run->secrets, std::move(options), *run->observer);
    m_run = std::move(run);
    m_run->runner->start();
    return true;
}

void RunHost::stop() {
    if (m_run)
        m_run->runner->cancel();
}

void RunHost::drain() {
    std::vector<RunEvent> events;
    {
        std::lock_guard lock(m_inbox->mutex);
        events.swap(m_inbox->events);
    }
    for (auto& event : events) {
        if (auto* started = std::get_if<Started>(&event)) {
            emit requestStarted(QString::fromStdString(started->relativePath), started->iteration);
        } else if (auto* result = std::get_if<core::run::RequestResult>(&event)) {
            emit requestFinished(*result);
        } else if (auto* report = std::get_if<core::run::RunReport>(&event)) {
            // The runner made its last call: its state can go (after this drain returns,
            // since the report is still referenced by slots).
            auto finishedRun = std::move(m_run);
            emit runFinished(*report);
            finishedRun.reset();
        }
    }
}

} // namespace quiver::ui
