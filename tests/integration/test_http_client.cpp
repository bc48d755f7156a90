// core::http::Client against an independent server: Debian's python3-aiohttp running
// tests/peers/aiohttp_server.py. Every assertion is on what the peer saw or sent.

#include "http/cookie_jar.h"
#include "integration/closed_port.h"
#include "integration/http_harness.h"
#include "support/python_peer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace quiver;
using core::model::Body;
using core::model::FormField;
using quiver::test::compact;
using quiver::test::HttpHarness;
using quiver::test::jsonBodyOf;
using quiver::test::kindOf;
using quiver::test::makeRequest;
using quiver::test::pairValue;

namespace {

// The peer's KNOWN_TEXT, served compressed by /gzip and /deflate.
QByteArray knownText() {
    return QByteArray("Quiver test peer: the quick brown fox jumps over the lazy dog.\n")
        .repeated(16);
}

// What /bytes/n serves: byte i is (i * 31 + 7) mod 256.
QByteArray peerBytes(int n) {
    QByteArray out(n, Qt::Uninitialized);
    for (int i = 0; i < n; ++i)
        out[i] = static_cast<char>((i * 31 + 7) & 0xFF);
    return out;
}

// Every byte value, in a pattern that does not repeat with a short period.
QByteArray binaryPayload(int n) {
    QByteArray out(n, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (int i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[i] = static_cast<char>(x & 0xFF);
    }
    return out;
}

FormField textField(const char* name, const char* value, bool enabled = true) {
    FormField field;
    field.name = name;
    field.value = value;
    field.enabled = enabled;
    return field;
}

FormField fileField(const char* name, const QString& path, const char* fileName = "",
                    const char* contentType = "") {
    FormField field = textField(name, "");
    field.value = path.toStdString();
    field.isFile = true;
    field.fileName = fileName;
    field.contentType = contentType;
    return field;
}

QByteArray sha256Hex(const QByteArray& data) {
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray pairs(std::initializer_list<std::pair<const char*, const char*>> list) {
    QJsonArray out;
    for (const auto& [name, value] : list)
        out.append(QJsonArray{QString::fromUtf8(name), QString::fromUtf8(value)});
    return compact(out);
}

// A listening socket whose accept queue is full (backlog 0, never accepted): the kernel drops
// further SYNs, so a connect to it neither completes nor fails.
struct FullBacklog {
    FullBacklog() {
        listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listener, 0) != 0 ||
            ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            return;
        port = ntohs(addr.sin_port);
        for (int i = 0; i < 16 && !full; ++i) {
            if (queueFull()) {
                full = true;
                break;
            }
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            clients.push_back(fd);
            if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
                continue;
            if (errno != EINPROGRESS)
                return;
            // A loopback handshake completes at once unless the SYN was dropped; the cap only
            // bounds the probe that finds the queue full.
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, 2000) == 0)
                full = true; // this connect hangs: SYNs are being dropped
        }
    }
    ~FullBacklog() {
        for (int fd : clients)
            ::close(fd);
        ::close(listener);
    }
    // For a listener, TCP_INFO reports the accept queue length and its limit.
    bool queueFull() const {
        tcp_info info{};
        socklen_t len = sizeof info;
        return ::getsockopt(listener, IPPROTO_TCP, TCP_INFO, &info, &len) == 0 &&
               info.tcpi_unacked > info.tcpi_sacked;
    }
    int listener = -1;
    quint16 port = 0;
    bool full = false;
    std::vector<int> clients;
};

} // namespace

class TestHttpClient : public QObject {
    Q_OBJECT

    test::PythonPeer m_peer;
    QTemporaryDir m_dir;

    std::string url(const QString& path) const { return (m_peer.baseUrl() + path).toStdString(); }
    QString expectedRemote() const { return QStringLiteral("127.0.0.1:%1").arg(m_peer.port()); }
    static void checkTimings(const core::model::Response& response);
    QString writeFile(const QString& name, const QByteArray& data);

private slots:
    void initTestCase();
    void methods_data();
    void methods();
    void headHasNoBody();
    void jsonBody();
    void formBody();
    void multipartBody();
    void rawBody();
    void fileBody();
    void queryParams();
    void decoding_data();
    void decoding();
    void decodingOff();
    void redirectNotFollowedByDefault();
    void redirectsFollowed();
    void redirect303AfterPostBecomesGet();
    void redirect307KeepsPost();
    void tooManyRedirects();
    void cookieJarRoundTrip();
    void cookiesAcrossRedirect();
    void extraRequestCookies();
    void readTimeout();
    void totalTimeout();
    void connectTimeout();
    void connectionRefused();
    void closedMidResponse();
    void keepAliveReuse();
    void largeBodyStreamsToFile();
    void bodyLimit();
    void noTemporaryFileLeftAfterError();
    void cancelPending();
};

void TestHttpClient::initTestCase() {
    // The requests below go to 127.0.0.1 directly, whatever proxy the caller's shell sets.
    for (const char* name : {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                             "ALL_PROXY", "no_proxy", "NO_PROXY"})
        qunsetenv(name);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_peer.start(QStringLiteral("aiohttp_server.py")), qPrintable(m_peer.errorString()));
}

void TestHttpClient::checkTimings(const core::model::Response& response) {
    const auto& t = response.timings;
    QVERIFY(t.dnsMs >= 0 && t.connectMs >= 0 && t.tlsMs >= 0 && t.sendMs >= 0);
    QVERIFY(t.ttfbMs >= 0 && t.downloadMs >= 0);
    QVERIFY2(t.totalMs >= t.ttfbMs,
             qPrintable(QStringLiteral("total %1 < ttfb %2").arg(t.totalMs).arg(t.ttfbMs)));
}

QString TestHttpClient::writeFile(const QString& name, const QByteArray& data) {
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        return {};
    return file.fileName();
}

void TestHttpClient::methods_data() {
    QTest::addColumn<QString>("method");
    for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PURGE"})
        QTest::newRow(m) << QString::fromLatin1(m);
}

void TestHttpClient::methods() {
    QFETCH(QString, method);
    HttpHarness h;
    auto result = h.run(makeRequest(method.toStdString(), url("/echo")));
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    QCOMPARE(QString::fromStdString(result.response.reason), QStringLiteral("OK"));
    const auto echo = jsonBodyOf(result);
    QCOMPARE(echo["method"].toString(), method);
    QCOMPARE(echo["path"].toString(), QStringLiteral("/echo"));
    QCOMPARE(echo["body"].toString(), QString());
    QCOMPARE(QString::fromStdString(result.response.remoteAddress), expectedRemote());
    QCOMPARE(QString::fromStdString(result.response.finalUrl),
             QString::fromStdString(url("/echo")));
    QVERIFY(result.response.redirects.empty());
    QVERIFY(!result.response.connectionReused);
    QVERIFY(result.response.bytesSent > 0 && result.response.bytesReceived > 0);
    checkTimings(result.response);
}

void TestHttpClient::headHasNoBody() {
    HttpHarness h;
    auto head = h.run(makeRequest("HEAD", url("/bytes/5000")));
    QUIVER_NO_ERROR(head);
    QCOMPARE(head.response.status, 200);
    QCOMPARE(core::model::findHeader(head.response.headers, "Content-Length").value_or(""),
             std::string("5000"));
    QCOMPARE(head.response.bodySize, std::uint64_t(0));
    QVERIFY(head.response.body && head.response.body->empty());
    // The connection stays in step: the next answer on it is the right one, intact.
    QCOMPARE(h.client.idleConnections(), std::size_t(1));
    auto get = h.run(makeRequest("GET", url("/bytes/5000")));
    QUIVER_NO_ERROR(get);
    QVERIFY(get.response.connectionReused);
    QCOMPARE(test::bodyOf(get), peerBytes(5000));
}

void TestHttpClient::jsonBody() {
    HttpHarness h;
    auto request = makeRequest("POST", url("/echo"));
    request.body.kind = Body::Kind::json;
    request.body.text = R"({"name":"Zoë","list":[1,2,3],"nested":{"ok":true}})";
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    const auto echo = jsonBodyOf(result);
    QCOMPARE(echo["body"].toString(), QString::fromStdString(request.body.text));
    const auto headers = echo["headers"].toArray();
    QCOMPARE(pairValue(headers, "Content-Type").toString(), QStringLiteral("application/json"));
    QCOMPARE(pairValue(headers, "Content-Length").toString(),
             QString::number(request.body.text.size()));
}

void TestHttpClient::formBody() {
    HttpHarness h;
    auto request = makeRequest("POST", url("/echo"));
    request.body.kind = Body::Kind::form;
    request.body.fields = {textField("a", "1"), textField("with space", "x&y=z+w"),
                           textField("unicode", "grüße ✓"), textField("skipped", "no", false),
                           textField("empty", "")};
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    const auto echo = jsonBodyOf(result);
    QCOMPARE(compact(echo["form"]),
             pairs({{"a", "1"}, {"with space", "x&y=z+w"}, {"unicode", "grüße ✓"}, {"empty", ""}}));
    QCOMPARE(pairValue(echo["headers"].toArray(), "Content-Type").toString(),
             QStringLiteral("application/x-www-form-urlencoded"));
}

void TestHttpClient::multipartBody() {
    const QByteArray blob = binaryPayload(300 * 1024 + 17);
    const QByteArray notes = "line one\r\n--not-a-boundary\r\nline three\n";
    const QString blobPath = writeFile(QStringLiteral("data.bin"), blob);
    const QString notesPath = writeFile(QStringLiteral("notes.txt"), notes);
    QVERIFY(!blobPath.isEmpty() && !notesPath.isEmpty());

    HttpHarness h;
    auto request = makeRequest("POST", url("/echo"));
    request.body.kind = Body::Kind::multipart;
    request.body.fields = {
        textField("title", "Hello, multipart"),
        fileField("upload", blobPath),
        textField("skipped", "no", false),
        fileField("notes", notesPath, "renamed.md", "text/markdown"),
        textField("multi", "two\r\nlines"),
    };
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    const auto echo = jsonBodyOf(result);
    QVERIFY2(echo["multipart"].isArray(), compact(echo).left(2000).constData());
    const auto parts = echo["multipart"].toArray();
    QCOMPARE(parts.size(), 4);

    struct Expected {
        const char* name;
        QJsonValue filename;
        QJsonValue contentType;
        QByteArray data;
    };
    const Expected expected[] = {
        {"title", QJsonValue::Null, QJsonValue::Null, "Hello, multipart"},
        {"upload", "data.bin", "application/octet-stream", blob},
        {"notes", "renamed.md", "text/markdown", notes},
        {"multi", QJsonValue::Null, QJsonValue::Null, "two\r\nlines"},
    };
    for (int i = 0; i < 4; ++i) {
        const auto part = parts[i].toObject();
        QCOMPARE(part["name"].toString(), QString::fromLatin1(expected[i].name));
        QCOMPARE(compact(part["filename"]), compact(expected[i].filename));
        QCOMPARE(compact(part["content_type"]), compact(expected[i].contentType));
        QCOMPARE(part["size"].toInteger(), expected[i].data.size());
        QCOMPARE(part["sha256"].toString().toLatin1(), sha256Hex(expected[i].data));
    }
    QVERIFY(pairValue(echo["headers"].toArray(), "Content-Type")
                .toString()
                .startsWith(QStringLiteral("multipart/form-data; boundary=")));
}

void TestHttpClient::rawBody() {
    HttpHarness h;
    auto request = makeRequest("PUT", url("/echo"));
    request.body.kind = Body::Kind::raw;
    request.body.text = "plain text ✓\nsecond line\n";
    request.body.contentType = "text/x-quiver; charset=utf-8";
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    const auto echo = jsonBodyOf(result);
    QCOMPARE(echo["method"].toString(), QStringLiteral("PUT"));
    QCOMPARE(echo["body"].toString(), QString::fromStdString(request.body.text));
    QCOMPARE(pairValue(echo["headers"].toArray(), "Content-Type").toString(),
             QStringLiteral("text/x-quiver; charset=utf-8"));
}

void TestHttpClient::fileBody() {
    const QByteArray data = binaryPayload(200 * 1024 + 3);
    const QString path = writeFile(QStringLiteral("payload.bin"), data);
    QVERIFY(!path.isEmpty());
    HttpHarness h;
    auto request = makeRequest("POST", url("/echo"));
    request.body.kind = Body::Kind::file;
    request.body.filePath = path.toStdString();
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    const auto echo = jsonBodyOf(result);
    const QByteArray received = QByteArray::fromBase64(echo["body_base64"].toString().toLatin1());
    QCOMPARE(received.size(), data.size());
    QCOMPARE(sha256Hex(received), sha256Hex(data));
    const auto headers = echo["headers"].toArray();
    QCOMPARE(pairValue(headers, "Content-Type").toString(),
             QStringLiteral("application/octet-stream"));
    QCOMPARE(pairValue(headers, "Content-Length").toString(), QString::number(data.size()));
}

void TestHttpClient::queryParams() {
    HttpHarness h;
    auto result = h.run(makeRequest("GET", url("/echo?a=1&b=two%20words&a=3&plus=x+y&empty=")));
    QUIVER_NO_ERROR(result);
    QCOMPARE(compact(jsonBodyOf(result)["query"]),
             pairs({{"a", "1"}, {"b", "two words"}, {"a", "3"}, {"plus", "x y"}, {"empty", ""}}));
}

void TestHttpClient::decoding_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("magic"); // the first raw bytes of the encoded stream
    QTest::newRow("gzip") << "/gzip" << QByteArray("\x1f\x8b");
    QTest::newRow("deflate (zlib)") << "/deflate" << QByteArray("\x78");
    QTest::newRow("deflate (raw)") << "/deflate?raw=1" << QByteArray();
}

void TestHttpClient::decoding() {
    QFETCH(QString, path);
    QFETCH(QByteArray, magic);
    HttpHarness h;
    auto result = h.run(makeRequest("GET", url(path)));
    QUIVER_NO_ERROR(result);
    const auto& r = result.response;
    QVERIFY(r.body && r.rawBody);
    QCOMPARE(QByteArray::fromStdString(*r.body), knownText());
    QCOMPARE(r.bodySize, std::uint64_t(knownText().size()));
    const QByteArray raw = QByteArray::fromStdString(*r.rawBody);
    QVERIFY(raw != knownText());
    QVERIFY(raw.size() < knownText().size());
    QVERIFY(raw.startsWith(magic));
    QCOMPARE(core::model::findHeader(r.headers, "Content-Length").value_or(""),
             std::to_string(raw.size()));
}

void TestHttpClient::decodingOff() {
    HttpHarness h;
    auto request = makeRequest("GET", url("/gzip"));
    request.settings.decompress = false;
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    const QByteArray body = test::bodyOf(result);
    QVERIFY(body.startsWith("\x1f\x8b"));
    QVERIFY(body != knownText());
    QCOMPARE(core::model::findHeader(result.response.headers, "Content-Length").value_or(""),
             std::to_string(body.size()));
    QVERIFY(result.response.rawBody && *result.response.rawBody == *result.response.body);
}

void TestHttpClient::redirectNotFollowedByDefault() {
    HttpHarness h;
    auto result = h.run(makeRequest("GET", url("/redirect/1")));
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 302);
    QCOMPARE(core::model::findHeader(result.response.headers, "Location").value_or(""),
             std::string("/echo"));
    QVERIFY(result.response.redirects.empty());
    QCOMPARE(QString::fromStdString(result.response.finalUrl),
             QString::fromStdString(url("/redirect/1")));
}

void TestHttpClient::redirectsFollowed() {
    HttpHarness h;
    auto request = makeRequest("GET", url("/redirect/3?keep=1"));
    request.settings.followRedirects = true;
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    const auto& r = result.response;
    QCOMPARE(r.status, 200);
    QCOMPARE(QString::fromStdString(r.finalUrl), QString::fromStdString(url("/echo?keep=1")));
    QCOMPARE(r.redirects.size(), std::size_t(3));
    const char* from[] = {"/redirect/3?keep=1", "/redirect/2?keep=1", "/redirect/1?keep=1"};
    const char* to[] = {"/redirect/2?keep=1", "/redirect/1?keep=1", "/echo?keep=1"};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(r.redirects[i].status, 302);
        QCOMPARE(QString::fromStdString(r.redirects[i].method), QStringLiteral("GET"));
        QCOMPARE(QString::fromStdString(r.redirects[i].url), QString::fromStdString(url(from[i])));
        QCOMPARE(QString::fromStdString(r.redirects[i].location),
                 QString::fromStdString(url(to[i])));
    }
    const auto echo = jsonBodyOf(result);
    QCOMPARE(echo["path"].toString(), QStringLiteral("/echo"));
    QCOMPARE(compact(echo["query"]), pairs({{"keep", "1"}}));
    checkTimings(r);
}

void TestHttpClient::redirect303AfterPostBecomesGet() {
    HttpHarness h;
    auto request = makeRequest("POST", url("/redirect-status/303"));
    request.body.kind = Body::Kind::json;
    request.body.text = R"({"a":1})";
    request.settings.followRedirects = true;
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.status, 200);
    QCOMPARE(result.response.redirects.size(), std::size_t(1));
    QCOMPARE(result.response.redirects[0].status, 303);
    QCOMPARE(QString::fromStdString(result.response.redirects[0].method), QStringLiteral("POST"));
    const auto echo = jsonBodyOf(result);
    QCOMPARE(echo["method"].toString(), QStringLiteral("GET"));
    QCOMPARE(echo["body"].toString(), QString());
    const auto headers = echo["headers"].toArray();
    QVERIFY(pairValue(headers, "Content-Type").isNull());
    const QJsonValue length = pairValue(headers, "Content-Length");
    QVERIFY2(length.isNull() || length.toString() == "0", compact(headers).constData());
}

void TestHttpClient::redirect307KeepsPost() {
    HttpHarness h;
    auto request = makeRequest("POST", url("/redirect-status/307"));
    request.body.kind = Body::Kind::json;
    request.body.text = R"({"keep":"me"})";
    request.settings.followRedirects = true;
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.redirects.size(), std::size_t(1));
    QCOMPARE(result.response.redirects[0].status, 307);
    const auto echo = jsonBodyOf(result);
    QCOMPARE(echo["method"].toString(), QStringLiteral("POST"));
    QCOMPARE(echo["body"].toString(), QStringLiteral(R"({"keep":"me"})"));
    QCOMPARE(pairValue(echo["headers"].toArray(), "Content-Type").toString(),
             QStringLiteral("application/json"));
}

void TestHttpClient::tooManyRedirects() {
    HttpHarness h;
    auto request = makeRequest("GET", url("/redirect/5"));
    request.settings.followRedirects = true;
    request.settings.maxRedirects = 2;
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("limit"));
    QVERIFY2(QString::fromStdString(result.error.message).contains("redirect"),
             result.error.message.c_str());
}

void TestHttpClient::cookieJarRoundTrip() {
    HttpHarness h;
    auto set = h.run(makeRequest("GET", url("/set-cookie?session=abc123&theme=dark")));
    QUIVER_NO_ERROR(set);
    QCOMPARE(h.client.cookies().all().size(), std::size_t(2));
    auto result = h.run(makeRequest("GET", url("/cookies")));
    QUIVER_NO_ERROR(result);
    QCOMPARE(compact(jsonBodyOf(result)["cookies"]),
             pairs({{"session", "abc123"}, {"theme", "dark"}}));

    // A client without the jar sends none.
    HttpHarness noJar(core::http::ClientOptions{100, 0, 15'000, false});
    QUIVER_NO_ERROR(noJar.run(makeRequest("GET", url("/set-cookie?x=1"))));
    auto none = noJar.run(makeRequest("GET", url("/cookies")));
    QUIVER_NO_ERROR(none);
    QVERIFY(jsonBodyOf(none)["cookie"].isNull());
}

void TestHttpClient::cookiesAcrossRedirect() {
    HttpHarness h;
    QUIVER_NO_ERROR(h.run(makeRequest("GET", url("/set-cookie?token=t1"))));
    auto request = makeRequest("GET", url("/redirect/2"));
    request.settings.followRedirects = true;
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(result.response.redirects.size(), std::size_t(2));
    QCOMPARE(pairValue(jsonBodyOf(result)["headers"].toArray(), "Cookie").toString(),
             QStringLiteral("token=t1"));
}

void TestHttpClient::extraRequestCookies() {
    HttpHarness h;
    QUIVER_NO_ERROR(h.run(makeRequest("GET", url("/set-cookie?jar=1"))));
    auto request = makeRequest("GET", url("/cookies"));
    request.cookies = {"extra=2", "other=three"};
    auto result = h.run(request);
    QUIVER_NO_ERROR(result);
    QCOMPARE(compact(jsonBodyOf(result)["cookies"]),
             pairs({{"extra", "2"}, {"other", "three"}, {"jar", "1"}}));
}

void TestHttpClient::readTimeout() {
    HttpHarness h;
    auto request = makeRequest("GET", url("/slow?ms=30000"));
    request.settings.readTimeoutMs = 200;
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("timeout"));
    QVERIFY2(QString::fromStdString(result.error.message).contains("read"),
             result.error.message.c_str());
}

void TestHttpClient::totalTimeout() {
    HttpHarness h;
    // Each chunk arrives well inside the read timeout; only the total deadline can end it.
    auto request = makeRequest("GET", url("/drip?chunks=600&ms=50"));
    request.settings.totalTimeoutMs = 300;
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("timeout"));
    QVERIFY2(QString::fromStdString(result.error.message).contains("total"),
             result.error.message.c_str());
}

void TestHttpClient::connectTimeout() {
    FullBacklog backlog;
    QVERIFY2(backlog.port != 0, "cannot create the listening socket");
    QVERIFY2(backlog.full, "the kernel kept accepting connections on a backlog of 0");
    HttpHarness h;
    auto request = makeRequest("GET", "http://127.0.0.1:" + std::to_string(backlog.port) + "/");
    request.settings.connectTimeoutMs = 200;
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("timeout"));
    const QString message = QString::fromStdString(result.error.message);
    QVERIFY2(message.contains("connect"), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(backlog.port)),
             qPrintable(message));
}

void TestHttpClient::connectionRefused() {
    test::ClosedPort closed;
    QVERIFY(closed.port != 0);
    HttpHarness h;
    auto result =
        h.run(makeRequest("GET", "http://127.0.0.1:" + std::to_string(closed.port) + "/"));
    QCOMPARE(kindOf(result), QStringLiteral("connect"));
    const QString message = QString::fromStdString(result.error.message);
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(closed.port)),
             qPrintable(message));
    QVERIFY2(message.contains("refused", Qt::CaseInsensitive), qPrintable(message));
}

void TestHttpClient::closedMidResponse() {
    HttpHarness h;
    auto result = h.run(makeRequest("GET", url("/close-mid-response")));
    QCOMPARE(kindOf(result), QStringLiteral("protocol"));
    QVERIFY2(QString::fromStdString(result.error.message).contains(expectedRemote()),
             result.error.message.c_str());
    QCOMPARE(h.client.idleConnections(), std::size_t(0));
}

void TestHttpClient::keepAliveReuse() {
    HttpHarness h;
    auto first = h.run(makeRequest("GET", url("/echo?n=1")));
    QUIVER_NO_ERROR(first);
    QVERIFY(!first.response.connectionReused);
    QCOMPARE(h.client.idleConnections(), std::size_t(1));
    auto second = h.run(makeRequest("GET", url("/echo?n=2")));
    QUIVER_NO_ERROR(second);
    QVERIFY(second.response.connectionReused);
    QCOMPARE(compact(jsonBodyOf(second)["query"]), pairs({{"n", "2"}}));
    QCOMPARE(second.response.timings.connectMs, 0.0);
    QCOMPARE(QString::fromStdString(second.response.remoteAddress), expectedRemote());
    QCOMPARE(h.client.idleConnections(), std::size_t(1));
}

void TestHttpClient::largeBodyStreamsToFile() {
    constexpr int kSize = 1'000'000;
    HttpHarness h;
    auto request = makeRequest("GET", url("/bytes/1000000"));
    request.settings.streamThresholdBytes = 64 * 1024;
    const auto id = h.client.send(request);
    auto result = h.sink.wait(id);
    QUIVER_NO_ERROR(result);
    const auto& r = result.response;
    QVERIFY(!r.body);
    QVERIFY(!r.bodyFile.empty());
    QCOMPARE(r.bodySize, std::uint64_t(kSize));
    QFile file(QString::fromStdString(r.bodyFile));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray data = file.readAll();
    file.remove();
    QCOMPARE(data.size(), kSize);
    QVERIFY(data == peerBytes(kSize));

    const auto progress = h.sink.progress();
    QVERIFY(!progress.empty());
    std::uint64_t last = 0;
    for (const auto& p : progress) {
        QCOMPARE(p.id, id);
        QCOMPARE(p.total, std::uint64_t(kSize));
        QVERIFY(p.received > last && p.received <= std::uint64_t(kSize));
        last = p.received;
    }
    checkTimings(r);
}

void TestHttpClient::bodyLimit() {
    HttpHarness h;
    auto request = makeRequest("GET", url("/bytes/100000"));
    request.settings.maxBodyBytes = 1000;
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("limit"));
    QVERIFY2(QString::fromStdString(result.error.message).contains("1000"),
             result.error.message.c_str());

    // Chunked, so the size is only known while reading.
    auto chunked = makeRequest("GET", url("/big-json?mb=1"));
    chunked.settings.maxBodyBytes = 4096;
    auto second = h.run(chunked);
    QCOMPARE(kindOf(second), QStringLiteral("limit"));
}

void TestHttpClient::noTemporaryFileLeftAfterError() {
    // Large bodies go under the system temporary directory: point it at an empty one.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray previous = qgetenv("TMPDIR");
    qputenv("TMPDIR", QFile::encodeName(tmp.path()));
    auto restore = qScopeGuard([&] {
        if (previous.isEmpty())
            qunsetenv("TMPDIR");
        else
            qputenv("TMPDIR", previous);
    });
    HttpHarness h;
    // Chunked: the limit is hit while the body is already being written to a file.
    auto request = makeRequest("GET", url("/big-json?mb=2"));
    request.settings.streamThresholdBytes = 64 * 1024;
    request.settings.maxBodyBytes = 512 * 1024;
    auto result = h.run(request);
    QCOMPARE(kindOf(result), QStringLiteral("limit"));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList());

    // A body that arrives in full stays for the caller, who removes it.
    request.settings.maxBodyBytes = 0;
    auto complete = h.run(request);
    QUIVER_NO_ERROR(complete);
    QCOMPARE(QFileInfo(QString::fromStdString(complete.response.bodyFile)).absolutePath(),
             QDir(tmp.path()).absolutePath());
    QVERIFY(QFile::remove(QString::fromStdString(complete.response.bodyFile)));
}

void TestHttpClient::cancelPending() {
    HttpHarness h;
    const auto slow = h.client.send(makeRequest("GET", url("/slow?ms=30000")));
    // Another request completing first makes it likely the slow one is already waiting on
    // the peer; the outcome asserted is the same either way.
    QUIVER_NO_ERROR(h.run(makeRequest("GET", url("/echo"))));
    h.client.cancel(slow);
    auto result = h.sink.wait(slow);
    QCOMPARE(kindOf(result), QStringLiteral("cancelled"));
    QCOMPARE(result.response.status, 0);
    // The client still works afterwards.
    auto after = h.run(makeRequest("GET", url("/status/204")));
    QUIVER_NO_ERROR(after);
    QCOMPARE(after.response.status, 204);
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "test_http_client.moc"
