// The demo workspace (resources/demo) served by `quiver-cli mock`, asked by independent
// clients: python3-aiohttp checks every demo route (tests/peers/demo_client.py), curl checks
// byte ranges and the chunked stream as they are on the wire.

#include "support/python_peer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

namespace {

// `quiver-cli mock <demo> --port 0`, up until the test ends.
class DemoMock {
public:
    bool start() {
        m_process.start(qEnvironmentVariable("QUIVER_CLI"),
                        {"mock", qEnvironmentVariable("QUIVER_DEMO"), "--port", "0", "--quiet"});
        if (!m_process.waitForStarted())
            return false;
        QByteArray out;
        while (!out.contains('\n') && m_process.waitForReadyRead(20000))
            out += m_process.readAllStandardOutput();
        const auto match =
            QRegularExpression("^listening on (http://127\\.0\\.0\\.1:\\d+) \\(demo\\)")
                .match(QString::fromUtf8(out));
        m_url = match.captured(1);
        if (!match.hasMatch())
            qWarning("quiver-cli mock said: %s %s", out.constData(),
                     m_process.readAllStandardError().constData());
        return match.hasMatch();
    }
    ~DemoMock() {
        m_process.terminate();
        m_process.waitForFinished(20000);
    }
    QString url() const { return m_url; }
    QProcess& process() { return m_process; }

private:
    QProcess m_process;
    QString m_url;
};

QByteArray curl(const QStringList& args) {
    QProcess process;
    process.start("curl", args);
    if (!process.waitForFinished(30000))
        qFatal("curl did not finish");
    return process.readAllStandardOutput();
}

} // namespace

class MockDemoTest : public QObject {
    Q_OBJECT
private slots:
    // The pacing the issue asks of the demo, as the file sets it: what each setting does is
    // asserted on the injectable clock in the layers' unit tests (test_mw_latency,
    // test_mw_rate_limit, test_mw_faults, test_mock_streaming), not by timing the demo.
    void demoFileSetsThePacing() {
        QFile file(qEnvironmentVariable("QUIVER_DEMO") + "/mocks/demo.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject demo = QJsonDocument::fromJson(file.readAll()).object();
        QMap<QString, QJsonObject> layers;
        for (const auto& value : demo["middleware"].toArray()) {
            const QJsonObject layer = value.toObject();
            layers[layer["kind"].toString()] = layer["settings"].toObject();
        }
        QCOMPARE(layers["latency"]["mode"].toString(), QString("fixed"));
        QCOMPARE(layers["latency"]["ms"].toInt(), 2000);
        QCOMPARE(layers["latency"]["paths"].toArray(), QJsonArray({"/slow"}));
        QCOMPARE(layers["faults"]["probability"].toDouble(), 0.5);
        QCOMPARE(layers["faults"]["paths"].toArray(), QJsonArray({"/flaky"}));
        QCOMPARE(layers["rateLimit"]["capacity"].toInt(), 5);
        QCOMPARE(layers["rateLimit"]["refillPerSecond"].toDouble(), 5.0);
        QCOMPARE(layers["rateLimit"]["paths"].toArray(), QJsonArray({"/limited"}));
        QVERIFY(layers.contains("cors") && !layers["cors"].contains("paths")); // on all routes
        QMap<QString, QJsonObject> responses;
        for (const auto& value : demo["routes"].toArray()) {
            const QJsonObject route = value.toObject();
            const QJsonArray answers = route["responses"].toArray();
            if (!answers.isEmpty())
                responses[route["pattern"].toString()] = answers[0].toObject();
        }
        const QJsonArray events = responses["/events"]["sse"].toObject()["events"].toArray();
        QCOMPARE(events.size(), 5);
        for (const auto& event : events)
            QCOMPARE(event.toObject()["delayMs"].toInt(), 1000);
        QCOMPARE(responses["/stream"]["chunked"].toObject()["count"].toInt(), 5);
    }

    void everyDemoRouteAnswersAiohttp() {
        DemoMock mock;
        QVERIFY(mock.start());
        QProcess client;
        client.start(quiver::test::PythonPeer::kInterpreter,
                     {quiver::test::PythonPeer::peersDir() + "/demo_client.py", mock.url()});
        QVERIFY(client.waitForFinished(120000));
        QVERIFY2(client.exitCode() == 0, client.readAllStandardError().constData());
        QMap<QString, QJsonObject> checks;
        for (const QByteArray& line : client.readAllStandardOutput().split('\n'))
            if (!line.isEmpty()) {
                const QJsonObject check = QJsonDocument::fromJson(line).object();
                checks.insert(check["check"].toString(), check);
            }
        const QStringList expected{"hello",
                                   "request id",
                                   "user",
                                   "echo",
                                   "private refused",
                                   "private wrong token",
                                   "private allowed",
                                   "slow",
                                   "flaky",
                                   "limited",
                                   "file",
                                   "file range",
                                   "file not modified",
                                   "file in folder",
                                   "file escape refused",
                                   "events",
                                   "stream",
                                   "cors preflight",
                                   "cors simple",
                                   "not found runs the chain",
                                   "method not allowed",
                                   "ws echo",
                                   "ws chat",
                                   "ws ticker"};
        for (const QString& name : expected) {
            QVERIFY2(checks.contains(name), qPrintable("no result for " + name));
            QVERIFY2(checks[name]["ok"].toBool(),
                     qPrintable(name + ": " + checks[name]["detail"].toString()));
        }
    }

    void curlSeesRangesAndChunks() {
        DemoMock mock;
        QVERIFY(mock.start());
        const QByteArray head = curl(
            {"-sS", "-D", "-", "-o", "/dev/null", "-r", "6-11", mock.url() + "/files/readme.txt"});
        QVERIFY2(head.startsWith("HTTP/1.1 206"), head.constData());
        QVERIFY2(head.contains("Content-Range: bytes 6-11/"), head.constData());
        QCOMPARE(curl({"-sS", "-r", "6-11", mock.url() + "/files/readme.txt"}),
                 QByteArray("served"));
        // --raw keeps the chunk framing: five chunks, then the last empty one.
        const QByteArray raw = curl({"-sS", "--raw", mock.url() + "/stream"});
        QCOMPARE(raw.count("chunk"), 5);
        QVERIFY2(raw.endsWith("0\r\n\r\n"), raw.constData());
    }
};

QTEST_GUILESS_MAIN(MockDemoTest)
#include "test_mock_demo.moc"
