// Digest authentication (RFC 7616) against a server nobody here wrote: Debian's lighttpd with
// mod_auth and an htdigest user file. Quiver's client and `quiver-cli send --digest` must get
// 200 with the right password and the server's 401 with a wrong one; curl is the control.

#include "integration/http_harness.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;

namespace {

constexpr int kProcessCapMs = 60'000; // a hung child's safety cap, not a timing assertion
const QString kRealm = QStringLiteral("Quiver realm");

quint16 freePort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

bool accepts(quint16 port) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(1000);
}

QByteArray htdigestLine(const QString& user, const QString& password,
                        QCryptographicHash::Algorithm algorithm) {
    const QByteArray a1 = (user + ":" + kRealm + ":" + password).toUtf8();
    return (user + ":" + kRealm + ":").toUtf8() + QCryptographicHash::hash(a1, algorithm).toHex() +
           "\n";
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runProgram(const QString& program, const QStringList& args) {
    QProcess process;
    process.start(program, args);
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

class TestHttpDigest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_lighttpd;
    quint16 m_port = 0;

    QString url(const QString& path) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }

    core::HttpResultEvent send(const QString& path, const QString& password,
                               const QString& method = "GET") {
        test::HttpHarness harness;
        auto request = test::makeRequest(method.toStdString(), url(path).toStdString());
        request.auth.kind = core::model::Auth::Kind::digest;
        request.auth.username = "ann";
        request.auth.password = password.toStdString();
        return harness.run(request);
    }

    void writeConfig() {
        QDir root(m_dir.path());
        root.mkpath("www/sha/");
        root.mkpath("www/md5/");
        for (const char* name : {"www/sha/index.txt", "www/md5/index.txt"}) {
            QFile file(root.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("behind digest\n");
        }
        QFile users(root.filePath("htdigest"));
        QVERIFY(users.open(QIODevice::WriteOnly));
        users.write(htdigestLine("ann", "s3cret", QCryptographicHash::Md5));
        users.write(htdigestLine("ann", "s3cret", QCryptographicHash::Sha256));
        users.close();
        QFile config(root.filePath("lighttpd.conf"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        const QString text = QStringLiteral(R"(server.document-root = "%1/www"
server.bind = "127.0.0.1"
server.port = %2
server.errorlog = "%1/error.log"
server.modules = ("mod_auth", "mod_authn_file")
auth.backend = "htdigest"
auth.backend.htdigest.userfile = "%1/htdigest"
auth.require = (
  "/sha/" => ("method" => "digest", "realm" => "%3", "require" => "valid-user",
              "algorithm" => "SHA-256|MD5"),
  "/md5/" => ("method" => "digest", "realm" => "%3", "require" => "valid-user",
              "algorithm" => "MD5")
)
)")
                                 .arg(m_dir.path())
                                 .arg(m_port)
                                 .arg(kRealm);
        config.write(text.toUtf8());
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_port = freePort();
        QVERIFY(m_port != 0);
        writeConfig();
        // A missing lighttpd fails the test (Debian package lighttpd), never skips it.
        m_lighttpd.start("/usr/sbin/lighttpd", {"-D", "-f", m_dir.filePath("lighttpd.conf")});
        QVERIFY2(m_lighttpd.waitForStarted(), qPrintable(m_lighttpd.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(accepts(m_port) || m_lighttpd.state() == QProcess::NotRunning,
                                 20'000);
        QVERIFY2(m_lighttpd.state() == QProcess::Running,
                 m_lighttpd.readAllStandardError().constData());
    }

    void cleanupTestCase() {
        m_lighttpd.terminate();
        if (!m_lighttpd.waitForFinished(kProcessCapMs))
            m_lighttpd.kill();
    }

    void challengeWithoutCredentials() {
        // The control: the server really wants Digest, and offers SHA-256 and MD5.
        test::HttpHarness harness;
        auto result = harness.run(test::makeRequest("GET", url("/sha/index.txt").toStdString()));
        QUIVER_NO_ERROR(result);
        QCOMPARE(result.response.status, 401);
        int digests = 0;
        for (const auto& h : result.response.headers)
            digests += h.name == "WWW-Authenticate" && h.value.starts_with("Digest ");
        QCOMPARE(digests, 2);
    }

    void rightPasswordGets200_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("SHA-256") << "/sha/index.txt";
        QTest::newRow("MD5") << "/md5/index.txt";
        QTest::newRow("query") << "/sha/index.txt?a=1&b=%20";
    }
    void rightPasswordGets200() {
        QFETCH(QString, path);
        auto result = send(path, "s3cret");
        QUIVER_NO_ERROR(result);
        QCOMPARE(result.response.status, 200);
        QCOMPARE(test::bodyOf(result), QByteArray("behind digest\n"));
    }

    void wrongPasswordGetsTheServers401() {
        auto result = send("/sha/index.txt", "wrong");
        QUIVER_NO_ERROR(result);
        QCOMPARE(result.response.status, 401);
        QFile log(m_dir.filePath("error.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        // The server saw our answer and judged the password, not a malformed header.
        QVERIFY(log.readAll().contains("wrong password"));
    }

    void cliDigestMatchesCurl() {
        const QString cli = qEnvironmentVariable("QUIVER_CLI");
        QVERIFY(!cli.isEmpty());
        for (const QString& program : {cli, QStringLiteral("/usr/bin/curl")}) {
            QStringList args = {"-s", "--digest", "-u", "ann:s3cret", url("/sha/index.txt")};
            if (program == cli)
                args.prepend("send");
            Run ok = runProgram(program, args);
            QCOMPARE(ok.exitCode, 0);
            QCOMPARE(ok.out, QByteArray("behind digest\n"));
            args.replace(args.indexOf("ann:s3cret"), "ann:wrong");
            args.insert(args.size() - 1, "-f"); // a 401 exits non-zero with --fail
            Run denied = runProgram(program, args);
            QVERIFY2(denied.exitCode != 0, denied.out.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpDigest)
#include "test_http_digest.moc"
