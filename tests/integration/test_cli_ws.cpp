// quiver-cli ws, run as a process against python3-websockets (tests/peers/ws_server.py):
// stdin lines out, messages in, DESIGN.md's exit codes.

#include "integration/closed_port.h"
#include "support/python_peer.h"
#include "support/test_certificates.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;

namespace {

// Safety caps for a hung child process, not timing assertions.
constexpr int kProcessCapMs = 60'000;

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QString cli() {
    return qEnvironmentVariable("QUIVER_CLI");
}

// quiver-cli ws as a child process, driven line by line. Each exchange waits for its answer,
// so the tests do not lean on --linger (the quiet wait before our close) except where it is the
// subject.
class CliWs {
public:
    explicit CliWs(const QStringList& args) {
        m_process.start(cli(), QStringList{QStringLiteral("ws")} + args);
        m_process.waitForStarted(kProcessCapMs);
    }
    ~CliWs() {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(kProcessCapMs);
        }
    }
    // Writes input, then waits until stdout has grown by expected.
    bool exchange(const QByteArray& input, const QByteArray& expected) {
        const QByteArray want = m_out + expected;
        m_process.write(input);
        while (!m_out.startsWith(want) && m_process.state() == QProcess::Running) {
            if (!m_process.waitForReadyRead(kProcessCapMs))
                break;
            m_out += m_process.readAllStandardOutput();
        }
        return m_out == want;
    }
    // Ends stdin (unless keepOpen) and waits for the exit.
    Run finish(const QByteArray& input = {}, bool keepOpen = false) {
        m_process.write(input);
        if (!keepOpen)
            m_process.closeWriteChannel();
        if (!m_process.waitForFinished(kProcessCapMs))
            m_process.kill();
        m_process.waitForFinished(kProcessCapMs);
        Run run;
        run.exitCode = m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        run.out = m_out + m_process.readAllStandardOutput();
        run.err = m_process.readAllStandardError();
        return run;
    }

private:
    QProcess m_process;
    QByteArray m_out;
};

Run runWs(const QStringList& args, const QByteArray& input, bool keepOpen = false) {
    return CliWs(args).finish(input, keepOpen);
}

QString wsUrl(const test::PythonPeer& peer) {
    return QStringLiteral("ws://127.0.0.1:%1/").arg(peer.port());
}

} // namespace

class TestCliWs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(QFileInfo(cli()).isExecutable(), qPrintable(cli())); }

    void linesInLinesOutAndEofClosesCleanly() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        CliWs ws({wsUrl(peer)});
        QVERIFY(ws.exchange("hello\n", "hello\n"));
        QVERIFY(ws.exchange("second line\n\n", "second line\n\n"));
        QVERIFY(ws.exchange("!fragments a,b\n", "ab\n"));
        const Run run = ws.finish();
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("hello\nsecond line\n\nab\n"));
        QVERIFY2(run.err.contains("connected"), run.err.constData());
        QVERIFY2(peer.stderrText().isEmpty(), peer.stderrText().constData());
    }

    // `printf 'a\nb\n' | quiver-cli ws URL`: stdin ends at once, and the answers still come out
    // because the close waits for the session to go quiet.
    void pipedInputGetsItsAnswersBeforeTheClose() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        const Run run = runWs({wsUrl(peer)}, "first\nsecond\n");
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("first\nsecond\n"));
    }

    void binaryAsHex() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        CliWs ws({wsUrl(peer), QStringLiteral("--binary")});
        QVERIFY(ws.exchange("00ff10\n", "hex:00ff10\n"));
        QVERIFY(ws.exchange("DE AD be ef\n", "hex:deadbeef\n"));
        QCOMPARE(ws.finish().exitCode, 0);
    }

    void badHexNamesTheLine() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        CliWs ws({wsUrl(peer), QStringLiteral("--binary")});
        QVERIFY(ws.exchange("0102\n", "hex:0102\n"));
        const Run run = ws.finish("01zz\n", true); // the bad line ends the session by itself
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("line 2") && run.err.contains("'z' at column 3"),
                 run.err.constData());
        QCOMPARE(run.out, QByteArray("hex:0102\n"));
    }

    void peerCloseExitsNonZeroWithTheCode() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        const Run run = runWs({wsUrl(peer)}, "before\n!close 4003 done here\n", true);
        QCOMPARE(run.exitCode, 7);
        QCOMPARE(run.out, QByteArray("before\n"));
        QVERIFY2(run.err.contains("4003") && run.err.contains("done here"), run.err.constData());
    }

    void subprotocolAndHeadersAndNoDeflate() {
        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        CliWs ws({wsUrl(peer), QStringLiteral("-H"), QStringLiteral("X-A: 1"),
                  QStringLiteral("--subprotocol"), QStringLiteral("nope"),
                  QStringLiteral("--subprotocol"), QStringLiteral("chat"),
                  QStringLiteral("--no-deflate")});
        QVERIFY(ws.exchange("!subprotocol\n!extensions\n", "chat\nnone\n"));
        const Run run = ws.finish();
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("connected; subprotocol: chat"), run.err.constData());
        QVERIFY2(!run.err.contains("deflate"), run.err.constData());
    }

    void wssVerificationAndInsecureSwitch() {
        QTemporaryDir dir;
        test::TestCertificates certs;
        QString error;
        QVERIFY2(certs.generate(dir.path(), &error), qPrintable(error));
        test::PythonPeer peer;
        QVERIFY2(
            peer.start(QStringLiteral("ws_server.py"), {QStringLiteral("--cert"), certs.serverCert,
                                                        QStringLiteral("--key"), certs.serverKey}),
            qPrintable(peer.errorString()));
        const QString url = QStringLiteral("wss://127.0.0.1:%1/").arg(peer.port());
        const Run refused = runWs({url}, "x\n", true);
        QCOMPARE(refused.exitCode, 4);
        QVERIFY2(refused.err.contains("certificate"), refused.err.constData());
        CliWs insecure({url, QStringLiteral("-k")});
        QVERIFY(insecure.exchange("secret\n", "secret\n"));
        QCOMPARE(insecure.finish().exitCode, 0);
        CliWs trusted({url, QStringLiteral("--cacert"), certs.caCert});
        QVERIFY(trusted.exchange("verified\n", "verified\n"));
        QCOMPARE(trusted.finish().exitCode, 0);
    }

    void errorsUseDesignExitCodes() {
        test::ClosedPort closedPort;
        const Run refused =
            runWs({QStringLiteral("ws://127.0.0.1:%1/").arg(closedPort.port)}, "x\n", true);
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("connect"), refused.err.constData());

        test::PythonPeer peer;
        QVERIFY2(peer.start(QStringLiteral("ws_server.py")), qPrintable(peer.errorString()));
        const Run tooBig = runWs({wsUrl(peer), QStringLiteral("--max-size"), QStringLiteral("4")},
                                 "12345\n", true);
        QCOMPARE(tooBig.exitCode, 8);
        QVERIFY2(tooBig.err.contains("1009"), tooBig.err.constData());

        const Run badHeader =
            runWs({wsUrl(peer), QStringLiteral("-H"), QStringLiteral("nocolon")}, "", false);
        QCOMPARE(badHeader.exitCode, 2);
        QVERIFY2(badHeader.err.contains("nocolon"), badHeader.err.constData());
    }
};

QTEST_MAIN(TestCliWs)
#include "test_cli_ws.moc"
