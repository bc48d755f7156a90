// core::http::Client over TLS against python3-aiohttp serving certificates made at test time
// with the openssl command line: verification, a private CA, session details, mutual TLS.

#include "integration/http_harness.h"
#include "support/python_peer.h"
#include "support/test_certificates.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;
using quiver::test::HttpHarness;
using quiver::test::jsonBodyOf;
using quiver::test::kindOf;
using quiver::test::makeRequest;

class TestHttpTls : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    test::TestCertificates m_certs;
    test::PythonPeer m_server;    // HTTPS
    test::PythonPeer m_mutual;    // HTTPS that requires a client certificate
    test::PythonPeer m_otherName; // HTTPS with a valid certificate for another name

    std::string url(const test::PythonPeer& peer, const char* path) const {
        return (peer.baseUrl() + QString::fromLatin1(path)).toStdString();
    }
    QString opensslField(const QString& cert, const char* option);

private slots:
    void initTestCase();
    void defaultVerificationFails();
    void wrongCaFails();
    void nameMismatchFails();
    void insecureSkipsVerification();
    void privateCaVerifies();
    void sessionIsReused();
    void mutualTlsWithoutClientCertificateFails();
    void mutualTlsWithClientCertificate();
};

void TestHttpTls::initTestCase() {
    for (const char* name : {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                             "ALL_PROXY", "no_proxy", "NO_PROXY"})
        qunsetenv(name);
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_certs.generate(m_dir.path(), &error), qPrintable(error));
    QVERIFY2(m_server.start(QStringLiteral("aiohttp_server.py"),
                            {"--cert", m_certs.serverCert, "--key", m_certs.serverKey}, true),
             qPrintable(m_server.errorString()));
    QVERIFY2(m_mutual.start(QStringLiteral("aiohttp_server.py"),
                            {"--cert", m_certs.serverCert, "--key", m_certs.serverKey,
                             "--client-ca", m_certs.clientCaCert},
                            true),
             qPrintable(m_mutual.errorString()));
    QVERIFY2(m_otherName.start(QStringLiteral("aiohttp_server.py"),
                               {"--cert", m_certs.otherNameCert, "--key", m_certs.otherNameKey},
                               true),
             qPrintable(m_otherName.errorString()));
}

// One field as the openssl command line prints it, e.g. "-fingerprint" -> "AB:CD:...".
QString TestHttpTls::opensslField(const QString& cert, const char* option) {
    QByteArray output;
    QString error;
    if (!test::runTool(QStringLiteral("openssl"),
                       {"x509", "-in", cert, "-noout", QString::fromLatin1(option), "-sha256"},
                       m_dir.path(), &error, &output))
        return error;
    return QString::fromLatin1(output.trimmed()).section('=', 1);
}

void TestHttpTls::defaultVerificationFails() {
    HttpHarness h;
    auto result = h.run(makeRequest("GET", url(m_server, "/echo")));
    QCOMPARE(kindOf(result), QStringLiteral("tls"));
    const QString message = QString::fromStdString(result.error.message);
    // OpenSSL's words for a chain that ends at a CA nobody trusts.
    QVERIFY2(message.contains("unable to get local issuer certificate"), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(m_server.port())),
             qPrintable(message));
}

void TestHttpTls::wrongCaFails() {
    HttpHarness h;
    auto request = makeRequest("GET", url(m_server, "/echo"));
    request.settings.caFile = m_certs.clientCaCert.toStdString(); // a CA, but not the issuer
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("tls"));
    QVERIFY2(QString::fromStdString(result.error.message).contains("certificate"),
             result.error.message.c_str());
}

void TestHttpTls::nameMismatchFails() {
    // Signed by the trusted CA, but for other.invalid: the address must not be accepted.
    HttpHarness h;
    auto request = makeRequest("GET", url(m_otherName, "/echo"));
    request.settings.caFile = m_certs.caCert.toStdString();
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("tls"));
    const QString message = QString::fromStdString(result.error.message);
    QVERIFY2(message.contains("mismatch", Qt::CaseInsensitive), qPrintable(message));

    request.settings.insecure = true; // what -k is for
    auto insecure = h.run(request);
    QUIVER_NO_ERROR(insecure);
    QCOMPARE(insecure.response.status, 200);
}

void TestHttpTls::insecureSkipsVerification() {
    HttpHarness h;
    auto request = makeRequest("GET", url(m_server, "/echo?tls=1"));
    request.settings.insecure = true;
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    QCOMPARE(jsonBodyOf(result)["path"].toString(), QStringLiteral("/echo"));
    QVERIFY(!result.response.tls.verified);
    QVERIFY(!result.response.tls.protocol.empty());
}

void TestHttpTls::privateCaVerifies() {
    HttpHarness h;
    auto request = makeRequest("GET", url(m_server, "/bytes/3000"));
    request.settings.caFile = m_certs.caCert.toStdString();
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    const auto& r = result.response;
    QCOMPARE(r.status, 200);
    QCOMPARE(r.bodySize, std::uint64_t(3000));
    QCOMPARE(QString::fromStdString(r.remoteAddress),
             QStringLiteral("127.0.0.1:%1").arg(m_server.port()));
    const auto& tls = r.tls;
    QVERIFY(tls.verified);
    QVERIFY2(tls.protocol == "TLSv1.3" || tls.protocol == "TLSv1.2", tls.protocol.c_str());
    QVERIFY(!tls.cipher.empty());
    QCOMPARE(QString::fromStdString(tls.serverName), QStringLiteral("127.0.0.1"));
    QVERIFY(!tls.chain.empty());
    const auto& leaf = tls.chain.front();
    QVERIFY2(QString::fromStdString(leaf.subject).contains("127.0.0.1"), leaf.subject.c_str());
    QVERIFY2(QString::fromStdString(leaf.subject).contains("Quiver Tests"), leaf.subject.c_str());
    QVERIFY2(QString::fromStdString(leaf.issuer).contains("Quiver Test CA"), leaf.issuer.c_str());
    QVERIFY(QString::fromStdString(leaf.pem).startsWith("-----BEGIN CERTIFICATE-----"));
    // The fingerprint agrees with the openssl tool's, whatever the separators.
    auto hexOnly = [](QString s) { return s.remove(':').toLower(); };
    QCOMPARE(hexOnly(QString::fromStdString(leaf.sha256Fingerprint)),
             hexOnly(opensslField(m_certs.serverCert, "-fingerprint")));
    QVERIFY(r.timings.tlsMs >= 0);
    QVERIFY(r.timings.totalMs >= r.timings.ttfbMs);
}

void TestHttpTls::sessionIsReused() {
    HttpHarness h;
    auto request = makeRequest("GET", url(m_server, "/echo"));
    request.settings.caFile = m_certs.caCert.toStdString();
    auto first = h.run(request);
    QUIVER_NO_ERROR(first);
    QCOMPARE(h.client.idleConnections(), std::size_t(1));
    auto second = h.run(request);
    QUIVER_NO_ERROR(second);
    QVERIFY(second.response.connectionReused);
    QVERIFY(second.response.tls.verified);
    QCOMPARE(second.response.tls.protocol, first.response.tls.protocol);

    // Other TLS settings never share a pooled connection with these.
    auto insecure = request;
    insecure.settings.caFile.clear();
    insecure.settings.insecure = true;
    auto third = h.run(insecure);
    QUIVER_NO_ERROR(third);
    QVERIFY(!third.response.connectionReused);
    QVERIFY(!third.response.tls.verified);
}

void TestHttpTls::mutualTlsWithoutClientCertificateFails() {
    HttpHarness h;
    auto request = makeRequest("GET", url(m_mutual, "/echo"));
    request.settings.caFile = m_certs.caCert.toStdString();
    auto result = h.run(request);
    QVERIFY(result.error);
    QCOMPARE(result.response.status, 0);
    // Python's ssl module ends the connection without an alert once the handshake lacks a
    // client certificate (curl says "Empty reply from server" here): the client sees the
    // connection closed before any response byte.
    QCOMPARE(kindOf(result), QStringLiteral("protocol"));
    const QString message = QString::fromStdString(result.error.message);
    QVERIFY2(message.contains(QStringLiteral("closed by 127.0.0.1:%1").arg(m_mutual.port())),
             qPrintable(message));
}

void TestHttpTls::mutualTlsWithClientCertificate() {
    HttpHarness h;
    auto request = makeRequest("GET", url(m_mutual, "/echo?mtls=1"));
    request.settings.caFile = m_certs.caCert.toStdString();
    request.settings.clientCertFile = m_certs.clientCert.toStdString();
    request.settings.clientKeyFile = m_certs.clientKey.toStdString();
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    QVERIFY(result.response.tls.verified);
    QCOMPARE(quiver::test::compact(jsonBodyOf(result)["query"]), QByteArray(R"([["mtls","1"]])"));

    // A client certificate from a CA the server does not trust is refused.
    HttpHarness other;
    request.settings.clientCertFile = m_certs.serverCert.toStdString();
    request.settings.clientKeyFile = m_certs.serverKey.toStdString();
    auto refused = other.run(request);
    QVERIFY(refused.error);
    QCOMPARE(refused.response.status, 0);
}

QTEST_GUILESS_MAIN(TestHttpTls)
#include "test_http_tls.moc"
