// The runner against a real mock server: a login's token feeds the next request, assertions
// pass and fail, iterations × data rows, stop on failure, a broken file skipped, and the
// delay between requests asserted on virtual time.

#include "engine/engine.h"
#include "engine/task_scheduler.h"
#include "engine/waiting_sink.h"
#include "integration/run_workspace.h"
#include "io/request_scope.h"
#include "mock/server.h"
#include "run/runner.h"

#include <QTemporaryDir>
#include <QtTest>
#include <mutex>

using namespace quiver::core;
using namespace quiver::core::run;

namespace {

class Recorder final : public RunObserver {
public:
    void requestFinished(const RequestResult& result) override {
        std::lock_guard lock(m_mutex);
        m_results.push_back(result);
    }
    void runFinished(const RunReport& report) override {
        std::lock_guard lock(m_mutex);
        m_report = report;
    }
    bool done() const {
        std::lock_guard lock(m_mutex);
        return m_report.has_value();
    }
    std::size_t finished() const {
        std::lock_guard lock(m_mutex);
        return m_results.size();
    }
    RunReport report() const {
        std::lock_guard lock(m_mutex);
        return *m_report;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<RequestResult> m_results;
    std::optional<RunReport> m_report;
};

QString describe(const RequestResult& r) {
    QString text = QString::fromStdString(r.relativePath + ": " + r.error.message);
    for (const auto& a : r.assertions)
        text += QString::fromStdString(" | " + a.message);
    return text;
}

} // namespace

class TestRunner : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    WaitingSink m_sink;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<mock::Server> m_server;
    std::optional<io::Workspace> m_workspace;

    // Runs to the end with base pointing at the mock server.
    RunReport runToEnd(RunOptions options, std::map<std::string, std::string> runtime = {}) {
        io::RequestScope scope(&*m_workspace, nullptr, nullptr, nullptr);
        scope.setRuntime("base", m_server->url());
        for (const auto& [name, value] : runtime)
            scope.setRuntime(name, value);
        io::MemorySecretStore tokens;
        Recorder recorder;
        Runner runner(*m_engine, *m_workspace, scope, &tokens, std::move(options), recorder);
        runner.start();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(recorder.done(), 10000); }();
        return recorder.done() ? recorder.report() : RunReport{};
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const std::filesystem::path root = m_dir.path().toStdString();
        QVERIFY(quiver::test::writeRunWorkspace(root));
        auto ws = io::Workspace::open(root);
        QVERIFY2(ws, ws ? "" : ws.error().message.c_str());
        m_workspace.emplace(std::move(*ws));
        m_engine = std::make_unique<Engine>(m_sink);
        auto server = mock::Server::start(*m_engine, quiver::test::runMockServer());
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        m_server = std::move(*server);
    }

    void cleanupTestCase() {
        m_server.reset();
        m_engine.reset();
    }

    void loginTokenFeedsTheNextRequest() {
        RunOptions options;
        options.folder = "auth";
        const RunReport report = runToEnd(options);
        QCOMPARE(report.results.size(), std::size_t(2));
        const auto& login = report.results[0];
        const auto& profile = report.results[1];
        QVERIFY2(login.passed(), qPrintable(describe(login)));
        QCOMPARE(login.extracted, (std::vector<std::string>{"token", "userId"}));
        QCOMPARE(login.assertions.size(), std::size_t(3));
        QCOMPARE(login.folder, std::string("auth"));
        QCOMPARE(login.method, std::string("POST"));
        // The mock answers 200 only to "Bearer tok-123": the extracted token was sent.
        QVERIFY2(profile.passed(), qPrintable(describe(profile)));
        QCOMPARE(profile.status, 200);
        QCOMPARE(profile.assertions.size(), std::size_t(3));
        QCOMPARE(report.summary.requests, 2);
        QCOMPARE(report.summary.failedRequests, 0);
        QCOMPARE(report.summary.assertions, 6);
        QCOMPARE(report.workspaceName, std::string("Runner test"));
    }

    void undefinedVariablesSkipWithTheirNames() {
        // No base anywhere: the login is not sent, so no token reaches the profile either.
        RunOptions options;
        options.folder = "auth";
        options.iterations = 1;
        io::RequestScope scope(&*m_workspace, nullptr, nullptr, nullptr);
        Recorder recorder;
        Runner runner(*m_engine, *m_workspace, scope, nullptr, options, recorder);
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(recorder.done(), 10000);
        const RunReport report = recorder.report();
        QCOMPARE(report.results.size(), std::size_t(2));
        QVERIFY(report.results[0].skipped);
        QVERIFY2(QString::fromStdString(report.results[0].error.message).contains("'base'"),
                 qPrintable(describe(report.results[0])));
        QVERIFY(QString::fromStdString(report.results[1].error.message).contains("'token'"));
    }

    void assertionsPassAndFail() {
        RunOptions options;
        options.folder = "fail";
        const RunReport report = runToEnd(options);
        QCOMPARE(report.results.size(), std::size_t(2)); // no bail: both ran
        const auto& fail = report.results[0];
        QVERIFY(!fail.passed());
        QVERIFY(!fail.error);
        QCOMPARE(fail.status, 500);
        QCOMPARE(fail.assertions.size(), std::size_t(2));
        QVERIFY(!fail.assertions[0].passed);
        QCOMPARE(fail.assertions[0].actual, std::string("500"));
        QCOMPARE(fail.assertions[0].message, std::string("status is 500, expected 200"));
        QVERIFY(fail.assertions[1].passed);
        QVERIFY(report.results[1].passed()); // no assertions
        QCOMPARE(report.summary.failedRequests, 1);
        QCOMPARE(report.summary.failedAssertions, 1);
        QVERIFY(!report.summary.stoppedEarly);
    }

    void stopOnFailure() {
        RunOptions options;
        options.folder = "fail";
        options.stopOnFailure = true;
        options.iterations = 3;
        const RunReport report = runToEnd(options);
        QCOMPARE(report.results.size(), std::size_t(1));
        QVERIFY(report.summary.stoppedEarly);
    }

    void iterationsAndDataRows() {
        RunOptions options;
        options.folder = "data";
        options.dataRows = {{{"user", "ann"}}, {{"user", "bob"}}};
        RunReport report = runToEnd(options); // one iteration per row
        QCOMPARE(report.results.size(), std::size_t(2));
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(report.results[i].passed(), qPrintable(describe(report.results[i])));
            QCOMPARE(report.results[i].iteration, i);
            QCOMPARE(report.results[i].dataRow, i);
        }
        QVERIFY(QString::fromStdString(report.results[1].url).endsWith("/echo/bob"));

        options.iterations = 3; // rows wrap around
        report = runToEnd(options);
        QCOMPARE(report.results.size(), std::size_t(3));
        QCOMPARE(report.results[2].dataRow, 0);
        QVERIFY(QString::fromStdString(report.results[2].url).endsWith("/echo/ann"));

        // Without rows, iterations repeat the folder.
        RunOptions plain;
        plain.folder = "auth";
        plain.iterations = 2;
        report = runToEnd(plain);
        QCOMPARE(report.results.size(), std::size_t(4));
        QCOMPARE(report.results[3].iteration, 1);
        QCOMPARE(report.results[3].dataRow, -1);
        QCOMPARE(report.summary.failedRequests, 0);
    }

    void brokenFileIsSkipped() {
        RunOptions options;
        options.folder = "broken";
        const RunReport report = runToEnd(options);
        QCOMPARE(report.results.size(), std::size_t(1));
        const auto& bad = report.results[0];
        QVERIFY(bad.skipped);
        QVERIFY(!bad.passed());
        QVERIFY2(QString::fromStdString(bad.error.message).contains("bad.json"),
                 qPrintable(describe(bad)));
        QCOMPARE(report.summary.failedRequests, 1);
    }

    void wholeCollectionInOrder() {
        const RunReport report = runToEnd(RunOptions{}, {{"user", "cy"}});
        QStringList paths;
        for (const auto& r : report.results)
            paths << QString::fromStdString(r.relativePath);
        QCOMPARE(paths.size(), 6);
        QVERIFY(paths.indexOf("requests/auth/login.json") <
                paths.indexOf("requests/auth/profile.json"));
        QVERIFY(paths.contains("requests/broken/bad.json"));
    }

    void delayRunsOnTheEngineClock() {
        auto clock = std::make_shared<ManualClock>();
        EngineOptions engineOptions;
        engineOptions.clock = clock;
        WaitingSink sink;
        Engine engine(sink, engineOptions);
        auto scheduler = std::make_shared<ManualTaskScheduler>(clock);
        RunOptions options;
        options.folder = "auth";
        options.delayMs = 250;
        options.scheduler = scheduler;
        io::RequestScope scope(&*m_workspace, nullptr, nullptr, nullptr);
        scope.setRuntime("base", m_server->url());
        Recorder recorder;
        Runner runner(engine, *m_workspace, scope, nullptr, options, recorder);
        runner.start();
        // The login went; the profile waits for 250 ms of engine time, however long it takes.
        QTRY_COMPARE_WITH_TIMEOUT(scheduler->pending(), std::size_t(1), 10000);
        QCOMPARE(recorder.finished(), std::size_t(1));
        QCOMPARE(scheduler->requested(),
                 (std::vector<Clock::Duration>{std::chrono::milliseconds(250)}));
        scheduler->advance(std::chrono::milliseconds(249));
        QCOMPARE(scheduler->pending(), std::size_t(1));
        QCOMPARE(recorder.finished(), std::size_t(1));
        scheduler->advance(std::chrono::milliseconds(1));
        QTRY_VERIFY_WITH_TIMEOUT(recorder.done(), 10000);
        const RunReport report = recorder.report();
        QCOMPARE(report.results.size(), std::size_t(2));
        QVERIFY2(report.results[1].passed(), qPrintable(describe(report.results[1])));
        // No delay after the last request, and the run took exactly the virtual 250 ms.
        QCOMPARE(scheduler->requested().size(), std::size_t(1));
        QCOMPARE(report.summary.durationMs, 250.0);
    }

    void cancelWhileWaiting() {
        auto clock = std::make_shared<ManualClock>();
        auto scheduler = std::make_shared<ManualTaskScheduler>(clock);
        RunOptions options;
        options.folder = "auth";
        options.delayMs = 1000;
        options.scheduler = scheduler;
        io::RequestScope scope(&*m_workspace, nullptr, nullptr, nullptr);
        scope.setRuntime("base", m_server->url());
        Recorder recorder;
        Runner runner(*m_engine, *m_workspace, scope, nullptr, options, recorder);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(scheduler->pending(), std::size_t(1), 10000);
        runner.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(recorder.done(), 10000);
        QVERIFY(recorder.report().summary.stoppedEarly);
        QCOMPARE(recorder.report().results.size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestRunner)
#include "test_runner.moc"
