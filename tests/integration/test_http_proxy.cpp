// core::http::Client through tests/peers/proxy.py (an independent forward proxy on
// python3-aiohttp): absolute-form requests, CONNECT tunnels, proxy authentication and the
// proxy environment variables. The proxy logs "SEEN <method> <target>" on stderr before it
// forwards anything, so by the time a response arrives its line is there.

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

namespace {

const char* const kProxyVariables[] = {"http_proxy", "https_proxy", "all_proxy", "no_proxy",
                                       "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"};

void clearProxyEnvironment() {
    for (const char* name : kProxyVariables)
        qunsetenv(name);
}

} // namespace

class TestHttpProxy : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    test::TestCertificates m_certs;
    test::PythonPeer m_http;
    test::PythonPeer m_https;
    test::PythonPeer m_proxy;
    test::PythonPeer m_authProxy; // requires user:pass

    std::string httpUrl(const char* path) const { return (m_http.baseUrl() + path).toStdString(); }
    std::string httpsUrl(const char* path) const {
        return (m_https.baseUrl() + path).toStdString();
    }
    bool proxySaw(const test::PythonPeer& proxy, const QString& line) const {
        return proxy.stderrText().split('\n').contains(line.toUtf8());
    }

private slots:
    void initTestCase();
    void cleanup() { clearProxyEnvironment(); }
    void plainHttpUsesAbsoluteForm();
    void httpsUsesConnect();
    void plainHttpWithoutProxyCredentialsGets407();
    void connectWithoutProxyCredentialsFails();
    void credentialsFromProxyUrl();
    void proxyFromEnvironment();
    void noProxyBypassesEnvironmentProxy();
    void environmentIgnoredWhenDisabled();
};

void TestHttpProxy::initTestCase() {
    clearProxyEnvironment();
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_certs.generate(m_dir.path(), &error), qPrintable(error));
    QVERIFY2(m_http.start(QStringLiteral("aiohttp_server.py")), qPrintable(m_http.errorString()));
    QVERIFY2(m_https.start(QStringLiteral("aiohttp_server.py"),
                           {"--cert", m_certs.serverCert, "--key", m_certs.serverKey}, true),
             qPrintable(m_https.errorString()));
    QVERIFY2(m_proxy.start(QStringLiteral("proxy.py")), qPrintable(m_proxy.errorString()));
    QVERIFY2(m_authProxy.start(QStringLiteral("proxy.py"), {"--auth", "user:s3cret"}),
             qPrintable(m_authProxy.errorString()));
}

void TestHttpProxy::plainHttpUsesAbsoluteForm() {
    HttpHarness h;
    auto request = makeRequest("POST", httpUrl("/echo?via=proxy"));
    request.settings.proxy = m_proxy.baseUrl().toStdString();
    request.body.kind = core::model::Body::Kind::raw;
    request.body.text = "through the proxy";
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    const auto echo = jsonBodyOf(result);
    QCOMPARE(echo["method"].toString(), QStringLiteral("POST"));
    QCOMPARE(echo["body"].toString(), QStringLiteral("through the proxy"));
    QVERIFY2(proxySaw(m_proxy, "SEEN POST " + m_http.baseUrl() + "/echo?via=proxy"),
             m_proxy.stderrText().constData());
    // The TCP peer was the proxy, not the origin.
    QCOMPARE(QString::fromStdString(result.response.remoteAddress),
             QStringLiteral("127.0.0.1:%1").arg(m_proxy.port()));
    // The proxy's own header never reaches the origin.
    QVERIFY(test::pairValue(echo["headers"].toArray(), "Proxy-Authorization").isNull());
}

void TestHttpProxy::httpsUsesConnect() {
    HttpHarness h;
    auto request = makeRequest("GET", httpsUrl("/echo?via=tunnel"));
    request.settings.proxy = m_proxy.baseUrl().toStdString();
    request.settings.caFile = m_certs.caCert.toStdString();
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    QVERIFY(result.response.tls.verified);
    QCOMPARE(test::compact(jsonBodyOf(result)["query"]), QByteArray(R"([["via","tunnel"]])"));
    QVERIFY2(proxySaw(m_proxy, QStringLiteral("SEEN CONNECT 127.0.0.1:%1").arg(m_https.port())),
             m_proxy.stderrText().constData());
    // Inside the tunnel the request line is origin-form: the proxy never saw the URL.
    QVERIFY(!m_proxy.stderrText().contains("/echo?via=tunnel"));
}

void TestHttpProxy::plainHttpWithoutProxyCredentialsGets407() {
    HttpHarness h;
    auto request = makeRequest("GET", httpUrl("/echo?auth=none"));
    request.settings.proxy = m_authProxy.baseUrl().toStdString();
    auto result = h.run(request);
    // For plain HTTP the proxy's refusal is an ordinary response.
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 407);
    QCOMPARE(core::model::findHeader(result.response.headers, "Proxy-Authenticate").value_or(""),
             std::string(R"(Basic realm="quiver-test-proxy")"));
    QVERIFY(proxySaw(m_authProxy, "SEEN GET " + m_http.baseUrl() + "/echo?auth=none"));
}

void TestHttpProxy::connectWithoutProxyCredentialsFails() {
    HttpHarness h;
    auto request = makeRequest("GET", httpsUrl("/echo"));
    request.settings.proxy = m_authProxy.baseUrl().toStdString();
    request.settings.caFile = m_certs.caCert.toStdString();
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("connect"));
    const QString message = QString::fromStdString(result.error.message);
    QVERIFY2(message.contains("407"), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(m_authProxy.port())),
             qPrintable(message));
}

void TestHttpProxy::credentialsFromProxyUrl() {
    const std::string proxy = "http://user:s3cret@127.0.0.1:" + std::to_string(m_authProxy.port());
    HttpHarness h;
    auto plain = makeRequest("GET", httpUrl("/echo?auth=url"));
    plain.settings.proxy = proxy;
    auto result = h.run(plain);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    QCOMPARE(test::compact(jsonBodyOf(result)["query"]), QByteArray(R"([["auth","url"]])"));

    auto tunnelled = makeRequest("GET", httpsUrl("/echo?auth=tunnel"));
    tunnelled.settings.proxy = proxy;
    tunnelled.settings.caFile = m_certs.caCert.toStdString();
    auto secure = h.run(tunnelled);
    QUIVER_NO_ERROR(secure);
    QCOMPARE(secure.response.status, 200);
    QVERIFY(secure.response.tls.verified);
    QVERIFY(proxySaw(m_authProxy, QStringLiteral("SEEN CONNECT 127.0.0.1:%1").arg(m_https.port())));

    // Wrong credentials are refused like missing ones.
    auto wrong = plain;
    wrong.settings.proxy = "http://user:wrong@127.0.0.1:" + std::to_string(m_authProxy.port());
    auto refused = h.run(wrong);
    QUIVER_NO_ERROR(refused);
    QCOMPARE(refused.response.status, 407);
}

void TestHttpProxy::proxyFromEnvironment() {
    qputenv("http_proxy", m_proxy.baseUrl().toUtf8());
    HttpHarness h;
    auto request = makeRequest("GET", httpUrl("/echo?env=1"));
    QVERIFY(request.settings.proxy.empty() && request.settings.useEnvironmentProxy);
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    QVERIFY2(proxySaw(m_proxy, "SEEN GET " + m_http.baseUrl() + "/echo?env=1"),
             m_proxy.stderrText().constData());
    QCOMPARE(QString::fromStdString(result.response.remoteAddress),
             QStringLiteral("127.0.0.1:%1").arg(m_proxy.port()));
}

void TestHttpProxy::noProxyBypassesEnvironmentProxy() {
    qputenv("http_proxy", m_proxy.baseUrl().toUtf8());
    qputenv("no_proxy", "localhost,127.0.0.1");
    HttpHarness h;
    auto result = h.run(makeRequest("GET", httpUrl("/echo?env=bypass")));
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    QCOMPARE(QString::fromStdString(result.response.remoteAddress),
             QStringLiteral("127.0.0.1:%1").arg(m_http.port()));
    QVERIFY(!m_proxy.stderrText().contains("env=bypass"));
}

void TestHttpProxy::environmentIgnoredWhenDisabled() {
    qputenv("http_proxy", m_proxy.baseUrl().toUtf8());
    HttpHarness h;
    auto request = makeRequest("GET", httpUrl("/echo?env=off"));
    request.settings.useEnvironmentProxy = false;
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(QString::fromStdString(result.response.remoteAddress),
             QStringLiteral("127.0.0.1:%1").arg(m_http.port()));
    QVERIFY(!m_proxy.stderrText().contains("env=off"));
}

QTEST_GUILESS_MAIN(TestHttpProxy)
#include "test_http_proxy.moc"
