// Streamed mock bodies, TLS and the pipelining limit on loopback, against our client, curl
// (-r for ranges, --raw for chunks, -N for events, --cacert for TLS) and raw sockets.

#include "http_harness.h"
#include "mock/server.h"
#include "support/test_certificates.h"

#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>
#include <arpa/inet.h>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace quiver;
using BodyKind = core::model::MockResponse::BodyKind;

namespace {

constexpr int kCapMs = 20'000; // a hung peer, not a timing assertion

core::model::MockRoute route(std::string id, std::string pattern, core::model::MockResponse r) {
    core::model::MockRoute out;
    out.id = std::move(id);
    out.methods = {"GET"};
    out.pattern = std::move(pattern);
    out.responses.push_back(std::move(r));
    return out;
}

core::model::MockResponse fileBody(std::string path) {
    core::model::MockResponse r;
    r.bodyKind = BodyKind::file;
    r.filePath = std::move(path);
    return r;
}

std::string bigText() {
    std::string text;
    for (int i = 0; text.size() < (3 << 20); ++i)
        text += "line " + std::to_string(i) + "\n";
    return text;
}

// Files under base: small.txt, big.log (3 MB) and public/a/b.json; routes for each kind.
core::model::MockServer streamingServer(const std::filesystem::path& base) {
    std::filesystem::create_directories(base / "public" / "a");
    std::ofstream(base / "small.txt") << "0123456789abcdefghijklmnopqrstuvwxyz";
    std::ofstream(base / "big.log") << bigText();
    std::ofstream(base / "public" / "a" / "b.json") << "{\"b\":1}";
    std::ofstream(base / "secret.txt") << "secret";
    core::model::MockServer server;
    server.name = "streams";
    server.routes.push_back(route("small", "/small", fileBody("small.txt")));
    server.routes.push_back(route("big", "/big", fileBody("big.log")));
    server.routes.push_back(route("missing", "/missing", fileBody("gone.txt")));
    server.routes.push_back(route("files", "/files/{path:.+}", fileBody("public")));
    core::model::MockResponse chunks;
    chunks.bodyKind = BodyKind::chunked;
    chunks.chunked = {3, 5, "part {{$counter}}\n"};
    server.routes.push_back(route("stream", "/stream", chunks));
    core::model::MockResponse events;
    events.bodyKind = BodyKind::sse;
    events.sse.events = {{"1", "greeting", "hello\nthere", 0}, {"2", "", "bye", 5}};
    server.routes.push_back(route("events", "/events", events));
    events.sse.repeat = true;
    server.routes.push_back(route("forever", "/forever", events));
    events.sse.events = {{"", "", std::string(16 << 20, 'f'), 0}};
    server.routes.push_back(route("flood", "/flood", events));
    return server;
}

QByteArray curl(const QStringList& args) {
    QProcess process;
    process.start("curl", args);
    if (!process.waitForFinished(kCapMs))
        return "curl did not finish";
    return process.readAllStandardOutput();
}

// Writes bytes at once and reads until the server closes.
QByteArray exchangeRaw(quint16 port, const QByteArray& bytes) {
    QTcpSocket socket;
    socket.connectToHost("127.0.0.1", port);
    if (!socket.waitForConnected(kCapMs))
        return "connect failed";
    socket.write(bytes);
    socket.waitForBytesWritten(kCapMs);
    QByteArray answer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(kCapMs))
        answer += socket.readAll();
    return answer + socket.readAll();
}

std::string header(const core::HttpResultEvent& result, std::string_view name) {
    return core::model::findHeader(result.response.headers, name).value_or("<none>");
}

} // namespace

class MockStreamingTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_base = m_dir.path().toStdString();
        m_config = streamingServer(m_base);
    }

    void filesWithRangesAndValidators() {
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, m_config, {{}, m_base});
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        const QString base = QString::fromStdString((*server)->url());

        QCOMPARE(curl({"-sS", "-r", "0-9", base + "/small"}), QByteArray("0123456789"));
        QCOMPARE(curl({"-sS", "-r", "-6", base + "/small"}), QByteArray("uvwxyz"));
        const QByteArray partial = curl({"-sS", "-i", "-r", "30-", base + "/small"});
        QVERIFY2(partial.startsWith("HTTP/1.1 206"), partial.constData());
        QVERIFY2(partial.contains("Content-Range: bytes 30-35/36\r\n"), partial.constData());
        QVERIFY2(partial.endsWith("\r\n\r\nuvwxyz"), partial.constData());
        const QByteArray beyond = curl({"-sS", "-i", "-r", "99-", base + "/small"});
        QVERIFY2(beyond.startsWith("HTTP/1.1 416"), beyond.constData());
        QVERIFY2(beyond.contains("Content-Range: bytes */36"), beyond.constData());
        const QByteArray head = curl({"-sS", "-I", base + "/small"});
        QVERIFY2(head.contains("Content-Length: 36\r\n"), head.constData());
        QVERIFY2(head.contains("Content-Type: text/plain; charset=utf-8"), head.constData());
        QVERIFY2(head.contains("Accept-Ranges: bytes"), head.constData());

        auto full = h.run(test::makeRequest("GET", base.toStdString() + "/big"));
        QUIVER_NO_ERROR(full);
        QCOMPARE(full.response.status, 200);
        QVERIFY(test::bodyOf(full) == QByteArray::fromStdString(bigText()));
        auto conditional = test::makeRequest("GET", base.toStdString() + "/big");
        conditional.headers.push_back({"If-None-Match", header(full, "ETag"), true});
        auto notModified = h.run(conditional);
        QCOMPARE(notModified.response.status, 304);
        QCOMPARE(header(notModified, "ETag"), header(full, "ETag"));

        auto missing = h.run(test::makeRequest("GET", base.toStdString() + "/missing"));
        QCOMPARE(missing.response.status, 404);
        QVERIFY(test::bodyOf(missing).contains("gone.txt"));
    }

    void folderRouteStaysInsideItsFolder() {
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, m_config, {{}, m_base});
        QVERIFY(server);
        const QString base = QString::fromStdString((*server)->url());
        const QByteArray inside = curl({"-sS", "-i", base + "/files/a/b.json"});
        QVERIFY2(inside.startsWith("HTTP/1.1 200"), inside.constData());
        QVERIFY2(inside.contains("Content-Type: application/json"), inside.constData());
        QVERIFY2(inside.endsWith("{\"b\":1}"), inside.constData());
        for (const QString escape : {"/files/../secret.txt", "/files/a/%2E%2E/%2E%2E/secret.txt",
                                     "/files/..%2Fsecret.txt"}) {
            const QByteArray refused = curl(
                {"-sS", "-o", "/dev/null", "-w", "%{http_code}", "--path-as-is", base + escape});
            QVERIFY2(refused == "403" || refused == "404", qPrintable(escape + ": " + refused));
        }
        QCOMPARE(curl({"-sS", "-o", "/dev/null", "-w", "%{http_code}", "--path-as-is",
                       base + "/files/..%2Fsecret.txt"}),
                 QByteArray("403"));
    }

    void chunksAndEventsOnTheWire() {
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, m_config, {{}, m_base});
        QVERIFY(server);
        const QString base = QString::fromStdString((*server)->url());
        const QByteArray raw = curl({"-sS", "--raw", base + "/stream"});
        QCOMPARE(raw, QByteArray("7\r\npart 1\n\r\n7\r\npart 2\n\r\n7\r\npart 3\n\r\n0\r\n\r\n"));
        auto ours = h.run(test::makeRequest("GET", base.toStdString() + "/stream"));
        QUIVER_NO_ERROR(ours);
        QCOMPARE(test::bodyOf(ours), QByteArray("part 4\npart 5\npart 6\n"));
        QCOMPARE(header(ours, "Transfer-Encoding"), std::string("chunked"));

        const QByteArray events = curl({"-sS", "-N", "-i", base + "/events"});
        QVERIFY2(events.contains("Content-Type: text/event-stream"), events.constData());
        QVERIFY2(events.contains("Cache-Control: no-cache"), events.constData());
        QVERIFY2(events.endsWith("\r\n\r\nid: 1\nevent: greeting\ndata: hello\ndata: there\n\n"
                                 "id: 2\ndata: bye\n\n"),
                 events.constData());
    }

    // A repeating stream runs until the client leaves or the server stops; both end it.
    void repeatingEventsEndWhenTheClientLeavesOrTheServerStops() {
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, m_config, {{}, m_base});
        QVERIFY(server);
        auto readEvents = [&](QTcpSocket& socket, int wanted) {
            socket.connectToHost("127.0.0.1", (*server)->port());
            socket.waitForConnected(kCapMs);
            socket.write("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            QByteArray seen;
            while (seen.count("data: bye\n") < wanted && socket.waitForReadyRead(kCapMs))
                seen += socket.readAll();
            return seen;
        };
        {
            QTcpSocket leaving;
            QVERIFY(readEvents(leaving, 3).count("data: bye\n") >= 3);
            leaving.abort();
        }
        QTcpSocket staying;
        QVERIFY(readEvents(staying, 2).count("id: 1\n") >= 2);
        (*server)->stop(); // returns only when every session has ended
        QVERIFY(staying.state() != QAbstractSocket::ConnectedState ||
                staying.waitForDisconnected(kCapMs));
    }

    // A client that stops reading stalls the server's write (a 16 MB event against a small
    // receive buffer and the kernel's 4 MB send buffer); stop() must not wait for it.
    void stopEndsAStalledStream() {
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, m_config, {{}, m_base});
        QVERIFY(server);
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        const int small = 16 << 10; // set before connecting, so autotuning cannot grow it
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons((*server)->port());
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        const std::string request = "GET /flood HTTP/1.1\r\nHost: x\r\n\r\n";
        QCOMPARE(::send(fd, request.data(), request.size(), 0), ssize_t(request.size()));
        // Read until the event's data has begun: the server is inside its 16 MB write.
        std::string seen;
        char piece[4096];
        while (seen.find("data: ffff") == std::string::npos) {
            const auto n = ::recv(fd, piece, sizeof piece, 0);
            QVERIFY(n > 0);
            seen.append(piece, static_cast<std::size_t>(n));
        }
        QVERIFY(seen.starts_with("HTTP/1.1 200 OK"));
        (*server)->stop(); // the client still reads nothing
        QCOMPARE((*server)->requestsServed(), std::uint64_t(1));
        ::close(fd);
    }

    void selfSignedTls() {
        auto config = m_config;
        config.tls.mode = core::model::MockServer::Tls::Mode::selfSigned;
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, config, {{}, m_base});
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        const QString base = QString::fromStdString((*server)->url());
        QVERIFY2(base.startsWith("https://127.0.0.1:"), qPrintable(base));
        const QString ca = QString::fromStdString(m_base / "mock-ca.pem");
        std::ofstream(ca.toStdString()) << (*server)->certificatePem();

        // A plain-HTTP client fails its own handshake and nothing else.
        const QByteArray plain = exchangeRaw((*server)->port(), "GET /small HTTP/1.1\r\n\r\n");
        QVERIFY(!plain.startsWith("HTTP/1.1 200"));

        QCOMPARE(curl({"-sS", "--cacert", ca, "-r", "0-3", base + "/small"}), QByteArray("0123"));
        QCOMPARE(curl({"-sS", "--cacert", ca, "--resolve",
                       QString("localhost:%1:127.0.0.1").arg((*server)->port()),
                       QString("https://localhost:%1/small").arg((*server)->port())}),
                 QByteArray("0123456789abcdefghijklmnopqrstuvwxyz"));
        auto request = test::makeRequest("GET", base.toStdString() + "/stream");
        request.settings.caFile = ca.toStdString();
        auto ours = h.run(request);
        QUIVER_NO_ERROR(ours);
        QCOMPARE(test::bodyOf(ours), QByteArray("part 1\npart 2\npart 3\n"));
        QVERIFY(ours.response.tls.verified);
    }

    void userCertificateTls() {
        QString error;
        test::TestCertificates certs;
        QVERIFY2(certs.generate(m_dir.path(), &error), qPrintable(error));
        auto config = m_config;
        config.tls.mode = core::model::MockServer::Tls::Mode::userCertificate;
        config.tls.certFile = certs.serverCert.toStdString();
        config.tls.keyFile = "missing-key.pem";
        test::HttpHarness h;
        auto refused = core::mock::Server::start(h.engine, config, {{}, m_base});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("missing-key.pem") != std::string::npos,
                 refused.error().message.c_str());
        config.tls.keyFile = certs.serverKey.toStdString();
        auto server = core::mock::Server::start(h.engine, config, {{}, m_base});
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        const QString url = QString::fromStdString((*server)->url()) + "/files/a/b.json";
        QCOMPARE(curl({"-sS", "--cacert", certs.caCert, url}), QByteArray("{\"b\":1}"));
    }

    // More than pipelineLimit requests queued in a row: the one past the limit is answered
    // with Connection: close, and the rest are never read.
    void pipeliningLimit() {
        auto config = m_config;
        config.limits.pipelineLimit = 4;
        test::HttpHarness h;
        auto server = core::mock::Server::start(h.engine, config, {{}, m_base});
        QVERIFY(server);
        QByteArray flood;
        for (int i = 0; i < 12; ++i)
            flood += "GET /small HTTP/1.1\r\nHost: x\r\n\r\n";
        const QByteArray answer = exchangeRaw((*server)->port(), flood);
        QCOMPARE(answer.count("HTTP/1.1 200 OK"), 6); // the first, then 5 pipelined: 5 > 4
        const auto last = answer.lastIndexOf("HTTP/1.1 200 OK");
        QVERIFY2(answer.mid(last).contains("Connection: close"), answer.mid(last).constData());
        QCOMPARE(answer.count("Connection: close"), 1);

        // Within the limit, everything is answered in order on one connection.
        QByteArray few;
        for (int i = 0; i < 4; ++i)
            few += "GET /files/a/b.json HTTP/1.1\r\nHost: x\r\n\r\n";
        few += "GET /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        const QByteArray fine = exchangeRaw((*server)->port(), few);
        QCOMPARE(fine.count("HTTP/1.1 200 OK"), 5);
        QVERIFY(fine.endsWith("0123456789abcdefghijklmnopqrstuvwxyz"));
    }

private:
    QTemporaryDir m_dir;
    std::filesystem::path m_base;
    core::model::MockServer m_config;
};

QTEST_GUILESS_MAIN(MockStreamingTest)
#include "test_mock_streaming.moc"
