// quiver-cli send, run as a process against python3-aiohttp (tests/peers/aiohttp_server.py),
// checked against what the peer saw, DESIGN.md's exit codes, curl's output for the same
// request, and QNetworkAccessManager as a second client.

#include "integration/closed_port.h"
#include "support/python_peer.h"
#include "support/test_certificates.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
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

Run runProgram(const QString& program, const QStringList& args,
               const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(kProcessCapMs)) {
        process.kill();
        process.waitForFinished(kProcessCapMs);
        run.err = "did not finish: " + process.errorString().toUtf8();
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return run;
}

QByteArray peerBytes(int n) {
    QByteArray out(n, Qt::Uninitialized);
    for (int i = 0; i < n; ++i)
        out[i] = static_cast<char>((i * 31 + 7) & 0xFF);
    return out;
}

QByteArray knownText() {
    return QByteArray("Quiver test peer: the quick brown fox jumps over the lazy dog.\n")
        .repeated(16);
}

QByteArray compact(const QJsonValue& value) {
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

QJsonValue pairValue(const QJsonArray& pairs, const QString& name) {
    for (const auto& pair : pairs)
        if (pair.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.toArray().at(1);
    return QJsonValue::Null;
}

} // namespace

class TestCliSend : public QObject {
    Q_OBJECT

    QString m_cli;
    QTemporaryDir m_dir;
    test::TestCertificates m_certs;
    test::PythonPeer m_peer;
    test::PythonPeer m_tls;

    QString url(const char* path) const { return m_peer.baseUrl() + QString::fromLatin1(path); }
    Run send(const QStringList& args) const {
        return runProgram(m_cli, QStringList{"send"} + args);
    }
    static QByteArray describe(const Run& run) {
        return "exit " + QByteArray::number(run.exitCode) + "; stderr: " + run.err +
               "; stdout: " + run.out.left(500);
    }

private slots:
    void initTestCase();
    void bodyToStdout();
    void includeHeaders();
    void outputFile();
    void formData();
    void jsonOption();
    void multipartFile();
    void followRedirects();
    void jsonOut();
    void jsonOutOnError();
    void largeBodyLeavesNoTemporaryFile();
    void failOnHttpError();
    void exitCodes_data();
    void exitCodes();
    void tlsVerification();
    void unknownOption();
    void compressedMatchesCurl();
    void browserCopyAsCurl();
    void sameBytesAsQNetworkAccessManager();
};

void TestCliSend::initTestCase() {
    for (const char* name : {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                             "ALL_PROXY", "no_proxy", "NO_PROXY"})
        qunsetenv(name);
    m_cli = qEnvironmentVariable("QUIVER_CLI");
    QVERIFY2(QFileInfo(m_cli).isExecutable(),
             qPrintable("QUIVER_CLI does not name the built quiver-cli: " + m_cli));
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_certs.generate(m_dir.path(), &error), qPrintable(error));
    QVERIFY2(m_peer.start(QStringLiteral("aiohttp_server.py")), qPrintable(m_peer.errorString()));
    QVERIFY2(m_tls.start(QStringLiteral("aiohttp_server.py"),
                         {"--cert", m_certs.serverCert, "--key", m_certs.serverKey}, true),
             qPrintable(m_tls.errorString()));
}

void TestCliSend::bodyToStdout() {
    const Run run = send({url("/bytes/70000")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    QVERIFY(run.out == peerBytes(70000));
}

void TestCliSend::includeHeaders() {
    const Run run = send({"-i", url("/status/201")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    QVERIFY2(run.out.startsWith("HTTP/1.1 201 Created\r\n"), run.out.constData());
    const qsizetype split = run.out.indexOf("\r\n\r\n");
    QVERIFY(split > 0);
    const QByteArray head = run.out.left(split);
    QVERIFY2(head.contains("\r\nContent-Type: application/json"), head.constData());
    QCOMPARE(run.out.mid(split + 4), QByteArray(R"({"status": 201})"));
}

void TestCliSend::outputFile() {
    const QString path = m_dir.filePath(QStringLiteral("out.bin"));
    const Run run = send({"-o", path, url("/bytes/100000")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    QCOMPARE(run.out, QByteArray());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll() == peerBytes(100000));
}

void TestCliSend::formData() {
    const Run run = send({"-d", "a=1&b=two+words", "-d", "c=3", url("/echo")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    const auto echo = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(echo["method"].toString(), QStringLiteral("POST"));
    QCOMPARE(pairValue(echo["headers"].toArray(), "Content-Type").toString(),
             QStringLiteral("application/x-www-form-urlencoded"));
    QCOMPARE(echo["body"].toString(), QStringLiteral("a=1&b=two+words&c=3"));
    QCOMPARE(compact(echo["form"]), QByteArray(R"([["a","1"],["b","two words"],["c","3"]])"));
}

void TestCliSend::jsonOption() {
    const Run run = send({"--json", R"({"k":"v","n":[1,2]})", url("/echo")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    const auto echo = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(echo["method"].toString(), QStringLiteral("POST"));
    QCOMPARE(echo["body"].toString(), QStringLiteral(R"({"k":"v","n":[1,2]})"));
    const auto headers = echo["headers"].toArray();
    QCOMPARE(pairValue(headers, "Content-Type").toString(), QStringLiteral("application/json"));
    QCOMPARE(pairValue(headers, "Accept").toString(), QStringLiteral("application/json"));
}

void TestCliSend::multipartFile() {
    QByteArray data(150 * 1024, Qt::Uninitialized);
    for (int i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>((i * 7919) >> 3);
    const QString path = m_dir.filePath(QStringLiteral("photo.png"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(data), data.size());
    }
    const Run run = send({"-F", "title=Holiday", "-F", "image=@" + path, url("/echo")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    const auto echo = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(echo["method"].toString(), QStringLiteral("POST"));
    const auto parts = echo["multipart"].toArray();
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts[0].toObject()["name"].toString(), QStringLiteral("title"));
    QCOMPARE(parts[0].toObject()["size"].toInt(), 7);
    const auto image = parts[1].toObject();
    QCOMPARE(image["name"].toString(), QStringLiteral("image"));
    QCOMPARE(image["filename"].toString(), QStringLiteral("photo.png"));
    QCOMPARE(image["content_type"].toString(), QStringLiteral("image/png"));
    QCOMPARE(image["size"].toInteger(), data.size());
    QCOMPARE(image["sha256"].toString().toLatin1(),
             QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

void TestCliSend::followRedirects() {
    const Run plain = send({"-i", url("/redirect/2")});
    QVERIFY2(plain.exitCode == 0, describe(plain).constData());
    QVERIFY2(plain.out.startsWith("HTTP/1.1 302 Found\r\n"), plain.out.constData());
    QVERIFY(plain.out.contains("\r\nLocation: /redirect/1\r\n"));

    const Run followed = send({"-L", url("/redirect/2")});
    QVERIFY2(followed.exitCode == 0, describe(followed).constData());
    QCOMPARE(QJsonDocument::fromJson(followed.out).object()["path"].toString(),
             QStringLiteral("/echo"));
}

void TestCliSend::jsonOut() {
    const Run run = send({"-L", "--json-out", "-", url("/redirect/2")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const auto out = doc.object();
    QCOMPARE(out.keys(),
             (QStringList{"body", "error", "headers", "redirects", "status", "timings_ms"}));
    QCOMPARE(out["status"].toInt(), 200);
    QVERIFY(out["error"].isNull());
    const auto headers = out["headers"].toArray();
    QVERIFY(!headers.isEmpty());
    for (const auto& h : headers) {
        QVERIFY(h.isArray());
        QCOMPARE(h.toArray().size(), 2);
    }
    QCOMPARE(pairValue(headers, "Content-Type").toString(),
             QStringLiteral("application/json; charset=utf-8"));
    // The body is the peer's echo of the final hop, as text.
    QCOMPARE(QJsonDocument::fromJson(out["body"].toString().toUtf8()).object()["path"].toString(),
             QStringLiteral("/echo"));
    const auto timings = out["timings_ms"].toObject();
    QCOMPARE(timings.keys(), (QStringList{"connect", "dns", "download", "tls", "total", "ttfb"}));
    for (const auto& key : timings.keys())
        QVERIFY2(timings[key].isDouble() && timings[key].toDouble() >= 0, qPrintable(key));
    QVERIFY(timings["total"].toDouble() >= timings["ttfb"].toDouble());
    const auto redirects = out["redirects"].toArray();
    QCOMPARE(redirects.size(), 2);
    QCOMPARE(redirects[0].toObject()["status"].toInt(), 302);
    QCOMPARE(redirects[0].toObject()["url"].toString(), url("/redirect/2"));
    QCOMPARE(redirects[1].toObject()["location"].toString(), url("/echo"));
}

void TestCliSend::jsonOutOnError() {
    test::ClosedPort closed;
    const Run run =
        send({"--json-out", "-", QStringLiteral("http://127.0.0.1:%1/").arg(closed.port)});
    QCOMPARE(run.exitCode, 3);
    const auto out = QJsonDocument::fromJson(run.out).object();
    QVERIFY(out["status"].isNull());
    QCOMPARE(out["error"].toObject()["kind"].toString(), QStringLiteral("connect"));
    QVERIFY(out["error"].toObject()["message"].toString().contains(
        QStringLiteral("127.0.0.1:%1").arg(closed.port)));
}

void TestCliSend::largeBodyLeavesNoTemporaryFile() {
    // Above 8 MB the body goes through a temporary file; give the process its own TMPDIR.
    constexpr int kSize = 9 * 1024 * 1024;
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TMPDIR"), tmp.path());
    const QString target = url("/bytes/9437184");

    const Run toStdout = runProgram(m_cli, {"send", target}, env);
    QVERIFY2(toStdout.exitCode == 0, describe(toStdout).constData());
    QVERIFY(toStdout.out == peerBytes(kSize));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList());

    const Run json = runProgram(m_cli, {"send", "--json-out", "-", target}, env);
    QVERIFY2(json.exitCode == 0, describe(json).constData());
    const auto out = QJsonDocument::fromJson(json.out).object();
    QVERIFY(QByteArray::fromBase64(out["body_base64"].toString().toLatin1()) == peerBytes(kSize));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
}

void TestCliSend::failOnHttpError() {
    const Run without = send({url("/status/404")});
    QVERIFY2(without.exitCode == 0, describe(without).constData());
    QCOMPARE(without.out, QByteArray(R"({"status": 404})"));
    const Run with = send({"--fail", url("/status/404")});
    QCOMPARE(with.exitCode, 1);
    QCOMPARE(with.out, QByteArray());
    QVERIFY2(with.err.contains("404"), with.err.constData());
}

void TestCliSend::exitCodes_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("stderrNeedle");
    QTest::newRow("timeout") << QStringList{"--max-time", "0.3", "/slow?ms=30000"} << 5
                             << "timeout";
    QTest::newRow("truncated") << QStringList{"/close-mid-response"} << 6 << "closed";
    QTest::newRow("output dir missing")
        << QStringList{"-o", "{dir}/no/such/dir/out.bin", "/bytes/10"} << 7 << "no/such/dir";
    QTest::newRow("too many redirects")
        << QStringList{"-L", "--max-redirs", "1", "/redirect/3"} << 8 << "redirect";
}

void TestCliSend::exitCodes() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, stderrNeedle);
    for (auto& a : args) {
        if (a.startsWith('/'))
            a = m_peer.baseUrl() + a;
        a.replace(QStringLiteral("{dir}"), m_dir.path());
    }
    const Run run = send(args);
    QVERIFY2(run.exitCode == code, describe(run).constData());
    QVERIFY2(run.err.contains(stderrNeedle.toUtf8()), run.err.constData());

    test::ClosedPort closed;
    const Run refused = send({QStringLiteral("http://127.0.0.1:%1/").arg(closed.port)});
    QVERIFY2(refused.exitCode == 3, describe(refused).constData());
}

void TestCliSend::tlsVerification() {
    const QString target = m_tls.baseUrl() + "/echo";
    const Run strict = send({target});
    QVERIFY2(strict.exitCode == 4, describe(strict).constData());
    QVERIFY2(strict.err.contains("certificate"), strict.err.constData());
    const Run insecure = send({"-k", target});
    QVERIFY2(insecure.exitCode == 0, describe(insecure).constData());
    QCOMPARE(QJsonDocument::fromJson(insecure.out).object()["path"].toString(),
             QStringLiteral("/echo"));
    const Run trusted = send({"--cacert", m_certs.caCert, target});
    QVERIFY2(trusted.exitCode == 0, describe(trusted).constData());
}

void TestCliSend::unknownOption() {
    const Run run = send({"--frobnicate", url("/echo")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--frobnicate"), run.err.constData());
    QCOMPARE(run.out, QByteArray());
}

void TestCliSend::compressedMatchesCurl() {
    const QString target = url("/gzip");
    const Run decoded = send({"--compressed", target});
    QVERIFY2(decoded.exitCode == 0, describe(decoded).constData());
    QCOMPARE(decoded.out, knownText());
    const Run raw = send({target});
    QVERIFY2(raw.exitCode == 0, describe(raw).constData());
    QVERIFY(raw.out.startsWith("\x1f\x8b"));
    QVERIFY(raw.out != knownText());

    // curl, an independent client, outputs the same bytes in both modes.
    const Run curlDecoded = runProgram("curl", {"-sS", "--compressed", target});
    QVERIFY2(curlDecoded.exitCode == 0, describe(curlDecoded).constData());
    QCOMPARE(decoded.out, curlDecoded.out);
    const Run curlRaw = runProgram("curl", {"-sS", target});
    QVERIFY2(curlRaw.exitCode == 0, describe(curlRaw).constData());
    QVERIFY(raw.out == curlRaw.out);
}

void TestCliSend::browserCopyAsCurl() {
    // What Chrome's "Copy as cURL (bash)" produces, split into words.
    const QStringList args{
        url("/echo?q=copy"),
        "-H",
        "Accept: application/json, text/plain, */*",
        "-H",
        "Accept-Language: en-GB,en;q=0.9",
        "-H",
        "Connection: keep-alive",
        "-H",
        "Content-Type: application/json",
        "-H",
        "Origin: " + m_peer.baseUrl(),
        "-H",
        "Referer: " + m_peer.baseUrl() + "/",
        "-H",
        "Sec-Fetch-Mode: cors",
        "-H",
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36",
        "-H",
        "sec-ch-ua-platform: \"Linux\"",
        "--data-raw",
        R"({"name":"quiver","tags":["a","b"]})",
        "--compressed",
    };
    const Run run = send(args);
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    const auto echo = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(echo["method"].toString(), QStringLiteral("POST"));
    QCOMPARE(compact(echo["query"]), QByteArray(R"([["q","copy"]])"));
    QCOMPARE(echo["body"].toString(), QStringLiteral(R"({"name":"quiver","tags":["a","b"]})"));
    const auto headers = echo["headers"].toArray();
    QCOMPARE(pairValue(headers, "Content-Type").toString(), QStringLiteral("application/json"));
    QCOMPARE(pairValue(headers, "Accept-Language").toString(), QStringLiteral("en-GB,en;q=0.9"));
    QCOMPARE(pairValue(headers, "sec-ch-ua-platform").toString(), QStringLiteral("\"Linux\""));
    QVERIFY(pairValue(headers, "User-Agent").toString().startsWith("Mozilla/5.0"));
    QVERIFY(pairValue(headers, "Accept-Encoding").toString().contains("gzip"));
}

void TestCliSend::sameBytesAsQNetworkAccessManager() {
    const QString target = url("/bytes/100000");
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkReply* reply = manager.get(QNetworkRequest(QUrl(target)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(kProcessCapMs));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    const QByteArray qnam = reply->readAll();
    reply->deleteLater();

    const Run run = send({target});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    QCOMPARE(run.out.size(), qnam.size());
    QVERIFY(run.out == qnam);
    QVERIFY(qnam == peerBytes(100000));
}

QTEST_GUILESS_MAIN(TestCliSend)
#include "test_cli_send.moc"
