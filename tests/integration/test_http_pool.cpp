// The client's connection handling against a server the test scripts byte by byte
// (support/beast_test_server): keep-alive reuse, servers that drop pooled connections,
// pool limits observed from the server side, interim responses, malformed replies, stalls.
#include "engine/waiting_sink.h"
#include "http/client.h"
#include "support/beast_test_server.h"

#include <QtTest>
#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

using namespace quiver::core;
using namespace quiver::core::http;
using quiver::test::BeastTestServer;
using quiver::test::ReceivedRequest;
using quiver::test::Reply;

namespace {

// Bounds a broken test (a lost response), never the speed of a working one.
constexpr std::uint32_t kSafetyMs = 20'000;

model::Request makeRequest(const std::string& url, const std::string& method = "GET",
                           const std::string& body = {}) {
    model::Request r;
    r.method = method;
    r.url = url;
    r.settings.useEnvironmentProxy = false;
    r.settings.totalTimeoutMs = kSafetyMs;
    if (!body.empty()) {
        r.body.kind = model::Body::Kind::raw;
        r.body.text = body;
        r.body.contentType = "text/plain";
    }
    return r;
}

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString bodyOf(const HttpResultEvent& result) {
    return result.response.body ? qs(*result.response.body) : QString();
}

QString kindOf(const HttpResultEvent& result) {
    return qs(std::string(toString(result.error.kind)));
}

QByteArray describe(const HttpResultEvent& result) {
    return QByteArray::fromStdString(std::string(toString(result.error.kind)) + ": " +
                                     result.error.message);
}

// Engine and client for one test; declare servers before it so the client goes first.
struct Harness {
    explicit Harness(ClientOptions options = {}, std::shared_ptr<const Clock> clock = {},
                     unsigned threads = 2)
        : engine(sink, EngineOptions{threads, std::move(clock), {}}), client(engine, options) {}

    HttpResultEvent fetch(model::Request request) {
        return sink.wait(client.send(std::move(request)));
    }

    WaitingSink sink;
    Engine engine;
    Client client;
};

ClientOptions limits(std::size_t total, std::size_t perHost) {
    ClientOptions options;
    options.limit = total;
    options.limitPerHost = perHost;
    return options;
}

Reply held() {
    Reply reply;
    reply.holdUntilReleased = true;
    reply.body = "released";
    return reply;
}

} // namespace

class TestHttpPool : public QObject {
    Q_OBJECT

private slots:
    void keepAliveReusesTheConnection() {
        BeastTestServer server([](const ReceivedRequest& r) {
            Reply reply;
            reply.body = "answer to " + r.target;
            return reply;
        });
        Harness h;
        const auto first = h.fetch(makeRequest(server.url("/one")));
        QVERIFY2(!first.error, describe(first));
        QCOMPARE(first.response.status, 200);
        QCOMPARE(bodyOf(first), QString("answer to /one"));
        QVERIFY(!first.response.connectionReused);
        QCOMPARE(h.client.idleConnections(), std::size_t(1));

        const auto second = h.fetch(makeRequest(server.url("/two")));
        QVERIFY2(!second.error, describe(second));
        QCOMPARE(bodyOf(second), QString("answer to /two"));
        QVERIFY(second.response.connectionReused);
        QCOMPARE(server.connectionsAccepted(), std::size_t(1));
        const auto seen = server.requests();
        QCOMPARE(seen.size(), std::size_t(2));
        QCOMPARE(seen[1].connection, std::size_t(0));
        QCOMPARE(seen[1].indexOnConnection, std::size_t(1));
    }

    // The server closes an idle keep-alive connection (without announcing it). The client
    // sees the close before it writes (a non-blocking peek at the pooled socket) and opens a
    // fresh connection, so even a POST is safe.
    void idleConnectionClosedByServerIsNotReused_data() {
        QTest::addColumn<QString>("method");
        QTest::newRow("GET") << "GET";
        QTest::newRow("POST") << "POST";
    }
    void idleConnectionClosedByServerIsNotReused() {
        QFETCH(QString, method);
        BeastTestServer server([](const ReceivedRequest& r) {
            Reply reply;
            reply.body = r.method + " on connection " + std::to_string(r.connection);
            reply.closeAfterResponse = r.connection == 0;
            return reply;
        });
        Harness h;
        const auto first = h.fetch(makeRequest(server.url()));
        QVERIFY2(!first.error, describe(first));
        QCOMPARE(h.client.idleConnections(), std::size_t(1)); // the client cannot know yet
        QVERIFY(server.waitUntil([&] { return server.connectionsClosed() == 1; }));

        const auto second = h.fetch(makeRequest(server.url(), method.toStdString(), "payload"));
        QVERIFY2(!second.error, describe(second));
        QCOMPARE(bodyOf(second), method + " on connection 1");
        QVERIFY(!second.response.connectionReused);
        QCOMPARE(server.connectionsAccepted(), std::size_t(2));
        QCOMPARE(server.requestsSeen(), std::size_t(2));
    }

    // The pooled connection looks alive, but the server closes it as the request arrives
    // (the keep-alive race). An idempotent request is sent once more on a fresh connection;
    // a POST is not: the server may have acted on it, so the error is reported.
    void connectionDroppedAsRequestArrives_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("retried");
        QTest::newRow("GET retried") << "GET" << true;
        QTest::newRow("PUT retried") << "PUT" << true;
        QTest::newRow("POST not retried") << "POST" << false;
    }
    void connectionDroppedAsRequestArrives() {
        QFETCH(QString, method);
        QFETCH(bool, retried);
        BeastTestServer server([](const ReceivedRequest& r) {
            Reply reply;
            reply.body = "connection " + std::to_string(r.connection);
            if (r.connection == 0 && r.indexOnConnection == 1) {
                reply.rawResponse = ""; // nothing at all, then close
                reply.closeAfterResponse = true;
            }
            return reply;
        });
        Harness h;
        const auto first = h.fetch(makeRequest(server.url()));
        QVERIFY2(!first.error, describe(first));

        const auto second = h.fetch(makeRequest(server.url(), method.toStdString(), "payload"));
        const auto seen = server.requests();
        QCOMPARE(seen.size(), std::size_t(retried ? 3 : 2));
        QCOMPARE(seen[1].method, method.toStdString());
        QCOMPARE(seen[1].connection, std::size_t(0)); // sent on the pooled connection
        if (retried) {
            QVERIFY2(!second.error, describe(second));
            QCOMPARE(bodyOf(second), QString("connection 1"));
            QVERIFY(!second.response.connectionReused);
            QCOMPARE(seen[2].method, method.toStdString());
            QCOMPARE(server.connectionsAccepted(), std::size_t(2));
        } else {
            QCOMPARE(kindOf(second), QString("protocol"));
            QVERIFY2(second.error.message.find("closed by " + server.hostPort()) !=
                         std::string::npos,
                     describe(second));
            QCOMPARE(server.connectionsAccepted(), std::size_t(1));
        }
        QCOMPARE(h.client.idleConnections(), std::size_t(retried ? 1 : 0));
    }

    void serverConnectionCloseIsNotPooled() {
        BeastTestServer server([](const ReceivedRequest&) {
            Reply reply;
            reply.headers = {{"Connection", "close"}};
            reply.body = "bye";
            return reply;
        });
        Harness h;
        const auto first = h.fetch(makeRequest(server.url()));
        QVERIFY2(!first.error, describe(first));
        QCOMPARE(bodyOf(first), QString("bye"));
        QCOMPARE(h.client.idleConnections(), std::size_t(0));

        const auto second = h.fetch(makeRequest(server.url()));
        QVERIFY2(!second.error, describe(second));
        QVERIFY(!second.response.connectionReused);
        QCOMPARE(server.connectionsAccepted(), std::size_t(2));
    }

    // Idle expiry runs on the engine's clock: virtual time decides, not the wall clock.
    void idleConnectionsExpire() {
        BeastTestServer server;
        auto clock = std::make_shared<ManualClock>();
        ClientOptions options;
        options.keepAliveIdleMs = 1'000;
        Harness h(options, clock);
        QVERIFY(!h.fetch(makeRequest(server.url())).error);

        clock->advance(std::chrono::milliseconds(999));
        const auto fresh = h.fetch(makeRequest(server.url()));
        QVERIFY2(!fresh.error, describe(fresh));
        QVERIFY(fresh.response.connectionReused);

        clock->advance(std::chrono::milliseconds(1'000));
        const auto expired = h.fetch(makeRequest(server.url()));
        QVERIFY2(!expired.error, describe(expired));
        QVERIFY(!expired.response.connectionReused);
        QCOMPARE(server.connectionsAccepted(), std::size_t(2));
    }

    void perHostLimitBoundsConcurrency() {
        BeastTestServer server([](const ReceivedRequest&) { return held(); });
        Harness h(limits(100, 2));
        std::vector<OperationId> ids;
        for (int i = 0; i < 6; ++i)
            ids.push_back(h.client.send(makeRequest(server.url("/" + std::to_string(i)))));

        // Let the held responses go one at a time; each frees a slot for the next request.
        // Settled: the released answer went out and what arrived since is held again.
        for (std::size_t done = 0; done < 6; ++done) {
            const std::size_t expected = std::min<std::size_t>(2, 6 - done);
            QVERIFY(server.waitUntil(
                [&] { return server.held() >= expected && server.inFlight() == server.held(); }));
            QCOMPARE(server.held(), expected);
            server.release();
        }
        for (auto id : ids) {
            const auto result = h.sink.wait(id);
            QVERIFY2(!result.error, describe(result));
            QCOMPARE(bodyOf(result), QString("released"));
        }
        QCOMPARE(server.requestsSeen(), std::size_t(6));
        QCOMPARE(server.maxConcurrentRequests(), std::size_t(2));
        QCOMPARE(server.connectionsAccepted(), std::size_t(2)); // freed slots reuse them
    }

    void totalLimitSpansHosts() {
        BeastTestServer a;
        BeastTestServer b;
        std::atomic<std::size_t> maxTotal{0};
        // In flight rises only when a request arrives, so sampling there catches the peak.
        auto handler = [&](const ReceivedRequest&) {
            const std::size_t now = a.inFlight() + b.inFlight();
            std::size_t seen = maxTotal.load();
            while (now > seen && !maxTotal.compare_exchange_weak(seen, now)) {
            }
            return held();
        };
        a.setHandler(handler);
        b.setHandler(handler);
        Harness h(limits(3, 0));
        std::vector<OperationId> ids;
        for (int i = 0; i < 6; ++i)
            ids.push_back(h.client.send(makeRequest((i % 2 ? b : a).url())));

        for (std::size_t done = 0; done < 6; ++done) {
            const std::size_t expected = std::min<std::size_t>(3, 6 - done);
            QVERIFY(a.waitUntil([&] {
                const std::size_t heldNow = a.held() + b.held();
                return heldNow >= expected && a.inFlight() + b.inFlight() == heldNow;
            }));
            QCOMPARE(a.held() + b.held(), expected);
            (a.held() > 0 ? a : b).release();
        }
        for (auto id : ids) {
            const auto result = h.sink.wait(id);
            QVERIFY2(!result.error, describe(result));
        }
        QCOMPARE(a.requestsSeen() + b.requestsSeen(), std::size_t(6));
        QCOMPARE(maxTotal.load(), std::size_t(3));
    }

    // A host at its per-host limit, with requests queued for it, must not hold back a
    // request to another host.
    void fullHostDoesNotBlockOtherHosts() {
        BeastTestServer slow([](const ReceivedRequest&) { return held(); });
        BeastTestServer quick;
        // One engine thread runs posted work in order: a2 reaches the pool before the
        // request to the other host does.
        Harness h(limits(100, 1), {}, 1);
        const auto a1 = h.client.send(makeRequest(slow.url("/1")));
        QVERIFY(slow.waitUntil([&] { return slow.held() == 1; }));
        const auto a2 = h.client.send(makeRequest(slow.url("/2"))); // queued behind a1

        const auto other = h.fetch(makeRequest(quick.url()));
        QVERIFY2(!other.error, describe(other));
        QCOMPARE(slow.requestsSeen(), std::size_t(1));

        slow.release(2);
        QVERIFY2(!h.sink.wait(a1).error, "first request to the slow host");
        QVERIFY2(!h.sink.wait(a2).error, "second request to the slow host");
        QCOMPARE(slow.maxConcurrentRequests(), std::size_t(1));
    }

    void interimContinueIsSkipped() {
        BeastTestServer server([](const ReceivedRequest&) {
            Reply reply;
            reply.sendInterim100 = true;
            reply.status = 201;
            reply.headers = {{"X-Final", "yes"}};
            reply.body = "created";
            return reply;
        });
        Harness h;
        const auto result = h.fetch(makeRequest(server.url(), "POST", "{}"));
        QVERIFY2(!result.error, describe(result));
        QCOMPARE(result.response.status, 201);
        QCOMPARE(bodyOf(result), QString("created"));
        QCOMPARE(qs(model::findHeader(result.response.headers, "X-Final").value_or("")),
                 QString("yes"));
        QCOMPARE(h.client.idleConnections(), std::size_t(1)); // the stream stayed in step
    }

    void malformedResponseIsAProtocolError_data() {
        QTest::addColumn<QString>("raw");
        QTest::newRow("not HTTP") << "SSH-2.0-OpenSSH_9.2\r\n\r\n";
        QTest::newRow("bad status code") << "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n";
        QTest::newRow("bad header") << "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n";
        QTest::newRow("bad length") << "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n";
    }
    void malformedResponseIsAProtocolError() {
        QFETCH(QString, raw);
        BeastTestServer server([raw = raw.toStdString()](const ReceivedRequest&) {
            Reply reply;
            reply.rawResponse = raw;
            return reply;
        });
        Harness h;
        const auto result = h.fetch(makeRequest(server.url()));
        QCOMPARE(kindOf(result), QString("protocol"));
        QVERIFY2(result.error.message.find(server.hostPort()) != std::string::npos,
                 describe(result));
        QCOMPARE(h.client.idleConnections(), std::size_t(0));
    }

    void stalledResponseTimesOut() {
        BeastTestServer server([](const ReceivedRequest&) {
            Reply reply;
            reply.stallHeadersForever = true;
            return reply;
        });
        Harness h;
        auto request = makeRequest(server.url());
        request.settings.readTimeoutMs = 100;
        const auto result = h.fetch(request);
        QCOMPARE(kindOf(result), QString("timeout"));
        QVERIFY2(result.error.message.find("read") != std::string::npos, describe(result));
        QVERIFY2(result.error.message.find(server.hostPort()) != std::string::npos,
                 describe(result));
        QCOMPARE(server.requestsSeen(), std::size_t(1));
        QCOMPARE(h.client.idleConnections(), std::size_t(0));
    }

    // A listener that never completes the handshake: only the connect deadline ends it.
    void connectTimeoutOnFullBacklog() {
        quiver::test::FullBacklogListener listener;
        QVERIFY(listener.ok());
        Harness h;
        auto request = makeRequest("http://127.0.0.1:" + std::to_string(listener.port()) + "/");
        request.settings.connectTimeoutMs = 100;
        const auto result = h.fetch(request);
        QCOMPARE(kindOf(result), QString("timeout"));
        QVERIFY2(result.error.message.find("connect") != std::string::npos, describe(result));
    }

    // A Host the user sets replaces ours: two Host fields make servers answer 400.
    void userHostHeaderIsSentOnce() {
        BeastTestServer server;
        Harness h;
        auto request = makeRequest(server.url("/"));
        request.headers.push_back({"Host", "api.example.test", true});
        const auto result = h.fetch(request);
        QVERIFY2(!result.error, describe(result));
        const auto seen = server.requests().at(0);
        int hosts = 0;
        for (const auto& [name, value] : seen.headers)
            hosts += QString::fromStdString(name).compare("host", Qt::CaseInsensitive) == 0;
        QCOMPARE(hosts, 1);
        QCOMPARE(seen.header("Host").value_or(""), std::string("api.example.test"));
    }

    // HEAD announces the length of a body that never comes: nothing spills to disk.
    void headWithALargeLengthMakesNoBodyFile() {
        BeastTestServer server([](const ReceivedRequest&) {
            Reply reply;
            reply.rawResponse = "HTTP/1.1 200 OK\r\nContent-Length: 50000000\r\n\r\n";
            return reply;
        });
        Harness h;
        auto request = makeRequest(server.url("/"), "HEAD");
        request.settings.streamThresholdBytes = 1000;
        const auto result = h.fetch(request);
        QVERIFY2(!result.error, describe(result));
        QVERIFY(result.response.bodyFile.empty());
        QCOMPARE(result.response.bodySize, std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestHttpPool)
#include "test_http_pool.moc"
