// `quiver-cli mock`: serves a mock server file headless, prints a line per request, stops
// cleanly on SIGTERM with exit code 0, and names the file and place of a broken one.

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>

namespace {

const char* kServer = R"json({
  "name": "demo",
  "routes": [
    {"id": "hello", "methods": ["GET"], "pattern": "/hello", "responses": [{"body": "Hello, World!"}]}
  ]
}
)json";

// Answers after an hour.
const char* kSlowServer = R"json({
  "name": "slow",
  "routes": [
    {"id": "echo", "methods": ["POST"], "pattern": "/echo",
     "responses": [{"bodyKind": "template", "body": "got {{request.body}}", "delayMs": 3600000}]}
  ]
}
)json";

const char* kBadPattern = R"json({
  "name": "broken",
  "routes": [{"id": "user", "pattern": "/users/{id", "responses": [{"body": "x"}]}]
}
)json";

QString cli() {
    return qEnvironmentVariable("QUIVER_CLI");
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    QFile file(dir.filePath(name));
    file.open(QIODevice::WriteOnly);
    file.write(text);
    return file.fileName();
}

// The port of the `listening on http://127.0.0.1:PORT (NAME)` line, once it is printed.
QString listeningPort(QProcess& mock, QByteArray& out) {
    while (!out.contains('\n') && mock.waitForReadyRead(20000))
        out += mock.readAllStandardOutput();
    return QRegularExpression("^listening on http://127\\.0\\.0\\.1:(\\d+) ")
        .match(QString::fromUtf8(out))
        .captured(1);
}

} // namespace

class CliMockTest : public QObject {
    Q_OBJECT
private slots:
    void servesUntilTerminated() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "demo.json", kServer);
        QProcess mock;
        mock.start(cli(), {"mock", path, "--port", "0"});
        QVERIFY(mock.waitForStarted());
        QByteArray out;
        while (!out.contains('\n') && mock.waitForReadyRead(20000))
            out += mock.readAllStandardOutput();
        const auto match =
            QRegularExpression("^listening on (http://127\\.0\\.0\\.1:\\d+) \\(demo\\)\\n")
                .match(QString::fromUtf8(out));
        QVERIFY2(match.hasMatch(), out.constData());

        QProcess curl;
        curl.start("curl", {"-sS", match.captured(1) + "/hello"});
        QVERIFY(curl.waitForFinished(20000));
        QCOMPARE(curl.readAllStandardOutput(), QByteArray("Hello, World!"));
        QTcpSocket garbage; // refused before the chain: printed all the same
        garbage.connectToHost("127.0.0.1", QUrl(match.captured(1)).port());
        QVERIFY(garbage.waitForConnected(20000));
        garbage.write("NOT HTTP AT ALL\r\n\r\n");
        while (garbage.state() == QAbstractSocket::ConnectedState &&
               garbage.waitForReadyRead(20000))
            garbage.readAll();
        while (!out.contains("unreadable") && mock.waitForReadyRead(20000))
            out += mock.readAllStandardOutput();

        mock.terminate(); // SIGTERM
        QVERIFY(mock.waitForFinished(20000));
        QCOMPARE(mock.exitStatus(), QProcess::NormalExit);
        QCOMPARE(mock.exitCode(), 0);
        out += mock.readAllStandardOutput();
        QVERIFY2(out.contains("demo GET /hello -> 200 (13 bytes"), out.constData());
        QVERIFY2(out.contains("demo (unreadable request from 127.0.0.1:") &&
                     out.contains(") -> 400 malformed request: "),
                 out.constData());
    }

    // SIGINT while a request waits out an hour's delay: it is answered (the delay cut short
    // after the grace), and the process exits 0. The 100 Continue shows that the request has
    // reached its route before the signal is sent.
    void interruptFinishesTheRequestInFlight() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "slow.json", kSlowServer);
        QProcess mock;
        mock.start(cli(), {"mock", path, "--port", "0"});
        QVERIFY(mock.waitForStarted());
        QByteArray out;
        const QString port = listeningPort(mock, out);
        QVERIFY2(!port.isEmpty(), out.constData());

        QTcpSocket client;
        client.connectToHost("127.0.0.1", port.toUShort());
        QVERIFY(client.waitForConnected(20000));
        client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                     "Expect: 100-continue\r\n\r\n");
        QByteArray answer;
        while (!answer.contains("\r\n\r\n") && client.waitForReadyRead(20000))
            answer += client.readAll();
        QCOMPARE(answer, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        client.write("hello");
        QVERIFY(client.waitForBytesWritten(20000));

        ::kill(static_cast<pid_t>(mock.processId()), SIGINT);
        QVERIFY2(mock.waitForFinished(20000), "the mock is still waiting on its request");
        QCOMPARE(mock.exitStatus(), QProcess::NormalExit);
        QCOMPARE(mock.exitCode(), 0);
        answer.clear();
        while (client.state() == QAbstractSocket::ConnectedState && client.waitForReadyRead(20000))
            answer += client.readAll();
        answer += client.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
        QVERIFY2(answer.endsWith("\r\n\r\ngot hello"), answer.constData());
        out += mock.readAllStandardOutput();
        QVERIFY2(out.contains("slow POST /echo -> 200"), out.constData());
    }

    // A workspace's server by name, while another Quiver holds the workspace's writer lock:
    // serving only reads, so it starts all the same. --quiet prints the listening line only.
    void servesAWorkspaceServerWithoutTheWriterLock() {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.filePath("demo").toStdString();
        std::filesystem::copy(qEnvironmentVariable("QUIVER_DEMO").toStdString(), root,
                              std::filesystem::copy_options::recursive);
        std::filesystem::create_directories(root / ".quiver");
        const int lock = ::open((root / ".quiver" / "lock").c_str(), O_RDWR | O_CREAT, 0644);
        QVERIFY(lock >= 0);
        QCOMPARE(::flock(lock, LOCK_EX | LOCK_NB), 0);

        QProcess mock;
        mock.start(cli(), {"mock", QString::fromStdString(root.string()), "--server", "demo",
                           "--port", "0", "--quiet"});
        QByteArray out;
        const QString port = listeningPort(mock, out);
        QVERIFY2(!port.isEmpty(), (out + mock.readAllStandardError()).constData());
        QVERIFY2(out.endsWith("(demo)\n"), out.constData());
        QProcess curl;
        curl.start("curl", {"-sS", "http://127.0.0.1:" + port + "/hello"});
        QVERIFY(curl.waitForFinished(20000));
        QCOMPARE(curl.readAllStandardOutput(), QByteArray("Hello, World!"));
        mock.terminate();
        QVERIFY(mock.waitForFinished(20000));
        QCOMPARE(mock.exitCode(), 0);
        out += mock.readAllStandardOutput();
        QCOMPARE(out.count('\n'), 1);
        ::close(lock);
    }

    // Valid JSON whose pattern does not compile: found when the server starts, and the
    // message still names the file.
    void badPatternNamesTheFile() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "pattern.json", kBadPattern);
        QProcess mock;
        mock.start(cli(), {"mock", path, "--port", "0"});
        QVERIFY(mock.waitForFinished(20000));
        QCOMPARE(mock.exitCode(), 2);
        const QByteArray err = mock.readAllStandardError();
        QVERIFY2(err.contains(path.toUtf8() + ": ") && err.contains("route 'user': column 8"),
                 err.constData());
    }

    void brokenFileIsAUsageErrorNamingThePlace() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "bad.json", "{\"name\": \"x\", \"routes\": [\n");
        QProcess mock;
        mock.start(cli(), {"mock", path});
        QVERIFY(mock.waitForFinished(20000));
        QCOMPARE(mock.exitCode(), 2);
        const QByteArray err = mock.readAllStandardError();
        QVERIFY2(err.contains(path.toUtf8()) && err.contains("line 2, column 1"), err.constData());
    }

    void portInUseNamesThePort() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "demo.json", kServer);
        QProcess first;
        first.start(cli(), {"mock", path, "--port", "0", "--quiet"});
        QByteArray out;
        while (!out.contains('\n') && first.waitForReadyRead(20000))
            out += first.readAllStandardOutput();
        const QString port =
            QRegularExpression(":(\\d+) ").match(QString::fromUtf8(out)).captured(1);
        QVERIFY2(!port.isEmpty(), out.constData());
        QProcess second;
        second.start(cli(), {"mock", path, "--port", port});
        QVERIFY(second.waitForFinished(20000));
        QVERIFY(second.exitCode() != 0);
        const QByteArray err = second.readAllStandardError();
        QVERIFY2(err.contains(("127.0.0.1:" + port).toUtf8()), err.constData());
        first.terminate();
        QVERIFY(first.waitForFinished(20000));
        QCOMPARE(first.exitCode(), 0);
    }

    void nonLoopbackBindIsWarnedAbout() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "demo.json", kServer);
        // 192.0.2.1 (TEST-NET-1) is on no interface here: the warning comes before the bind,
        // which then fails, so no test ever listens beyond loopback.
        QProcess mock;
        mock.start(cli(), {"mock", path, "--port", "0", "--bind", "192.0.2.1"});
        QVERIFY(mock.waitForFinished(20000));
        const QByteArray err = mock.readAllStandardError();
        QVERIFY2(err.contains("warning: demo will listen on 192.0.2.1, reachable from other "
                              "machines"),
                 err.constData());
        QVERIFY2(err.contains("cannot listen on 192.0.2.1:0"), err.constData());
        QCOMPARE(mock.exitCode(), 7); // an I/O error, as DESIGN.md numbers it
    }
};

QTEST_GUILESS_MAIN(CliMockTest)
#include "test_cli_mock.moc"
