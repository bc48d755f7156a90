// `quiver-cli load` as a user runs it: against a counting server, --json-out - parsed back, the
// k6 script written, and usage errors answered with exit code 2 and a message.

#include "integration/closed_port.h"
#include "support/beast_test_server.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using quiver::test::BeastTestServer;

namespace {

constexpr int kProcessCapMs = 60'000; // bounds a broken test, not the code's speed

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList& args) {
    QProcess process;
    process.start(qEnvironmentVariable("QUIVER_CLI"), args);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(kProcessCapMs)) {
        process.kill();
        process.waitForFinished(kProcessCapMs);
        run.err = "did not finish";
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return run;
}

} // namespace

class CliLoadTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY2(QFileInfo(qEnvironmentVariable("QUIVER_CLI")).isExecutable(),
                 "QUIVER_CLI does not name the built quiver-cli");
    }

    void jsonOutCountsEveryRequest() {
        BeastTestServer server;
        const Run run = runCli({"load", QString::fromStdString(server.url("/")), "-n", "300", "-c",
                                "7", "-t", "3", "--json-out", "-"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto json = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
        QVERIFY2(!json.is_discarded(), run.out.constData());
        QCOMPARE(json.at("requests").get<int>(), 300);
        QCOMPARE(json.at("status").at("200").get<int>(), 300);
        QVERIFY(json.at("errors").empty());
        QCOMPARE(json.at("late").get<int>(), 0);
        QVERIFY(json.at("rps").get<double>() > 0);
        QVERIFY(json.at("duration_s").get<double>() > 0);
        for (const char* key : {"min", "mean", "p50", "p90", "p99", "p99_9", "max"})
            QVERIFY2(json.at("latency_ms").contains(key), key);
        QCOMPARE(server.requestsSeen(), std::size_t(300));
        QVERIFY(run.err.contains("Requests/sec")); // the summary goes to stderr with --json-out -
    }

    void summaryAndFileOutput() {
        BeastTestServer server;
        QTemporaryDir dir;
        const QString jsonFile = dir.filePath("result.json"), k6File = dir.filePath("load.js");
        const Run run = runCli({"load", QString::fromStdString(server.url("/post")), "-n", "20",
                                "-c", "2", "-H", "X-Load: yes", "-d", "a=1", "--no-keepalive",
                                "--json-out", jsonFile, "--k6", k6File});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.contains("Requests/sec"));
        QVERIFY(run.out.contains("200: 20"));
        QFile file(jsonFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto json = nlohmann::json::parse(file.readAll().toStdString());
        QCOMPARE(json.at("requests").get<int>(), 20);
        QVERIFY(QFileInfo(k6File).size() > 0);
        QCOMPARE(server.connectionsAccepted(), std::size_t(20));
        for (const auto& r : server.requests()) {
            QCOMPARE(r.method, std::string("POST"));
            QCOMPARE(r.body, std::string("a=1"));
            QCOMPARE(r.header("X-Load").value_or(""), std::string("yes"));
        }
    }

    void refusedConnectionsExitThree() {
        quiver::test::ClosedPort closed;
        QVERIFY(closed.port != 0);
        const Run run =
            runCli({"load", QString("http://127.0.0.1:%1/").arg(closed.port), "-n", "3"});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.out.contains("connect: 3"), run.out.constData());
    }

    void usageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("n and duration") << QStringList{"-n", "5", "--duration", "2"} << "excludes";
        QTest::addRow("no connections") << QStringList{"-c", "0"} << "connections";
        QTest::addRow("no threads") << QStringList{"-t", "0"} << "threads";
        QTest::addRow("zero rate") << QStringList{"--rate", "0"} << "rate";
        QTest::addRow("negative rate") << QStringList{"--rate", "-5"} << "rate";
        QTest::addRow("bad header") << QStringList{"-H", "no colon"} << "Name: value";
        QTest::addRow("unreadable data")
            << QStringList{"-d", "@/nonexistent/file"} << "cannot read";
    }

    void usageErrorsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run run = runCli(QStringList{"load", "http://127.0.0.1:1/"} + args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(CliLoadTest)
#include "test_cli_load.moc"
