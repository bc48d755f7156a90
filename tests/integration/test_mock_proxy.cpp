// The mock server's proxy layer on loopback: unmatched requests forwarded to an upstream (the
// Beast test server, which shows exactly what arrived, and python3-aiohttp), hop-by-hop
// headers dropped both ways, 502/504 naming the upstream, record mode, and
// `quiver-cli mock --record` writing the workspace's file.

#include "closed_port.h"
#include "http_harness.h"
#include "mock/middleware/proxy.h"
#include "mock/middleware_registry.h"
#include "mock/server.h"
#include "support/beast_test_server.h"
#include "support/python_peer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <condition_variable>
#include <mutex>

using namespace quiver;
using Kind = core::model::MiddlewareSpec::Kind;

namespace {

core::model::MockServer serverWithProxy(const std::string& upstream, bool record = false) {
    core::model::MockServer server;
    server.name = "proxied";
    core::model::MockRoute local;
    local.id = "local";
    local.methods = {"GET"};
    local.pattern = "/local";
    core::model::MockResponse response;
    response.body = "from the mock";
    local.responses.push_back(response);
    server.routes.push_back(local);
    auto proxy = core::model::defaultMiddleware(Kind::proxy);
    proxy.settings = {{"upstream", upstream}, {"record", record}};
    server.middleware.push_back(proxy);
    return server;
}

// What a recording chain hands over, for the test thread to wait on.
struct Recorded {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<core::model::MockRoute> routes;
    std::vector<std::string> skipped;

    core::mock::ProxyRecording recording() {
        core::mock::ProxyRecording r;
        r.onRecorded = [this](core::model::MockRoute route) {
            std::lock_guard lock(mutex);
            routes.push_back(std::move(route));
            changed.notify_all();
        };
        r.onSkipped = [this](std::string why) {
            std::lock_guard lock(mutex);
            skipped.push_back(std::move(why));
            changed.notify_all();
        };
        return r;
    }
    std::vector<core::model::MockRoute> snapshot() {
        std::lock_guard lock(mutex);
        return routes;
    }
};

// The engine's client as the proxy wants it (no cookie jar), beside the harness's own.
struct ProxyBench {
    ProxyBench() : proxyClient(h.engine, noJar()) {}
    static core::http::ClientOptions noJar() {
        core::http::ClientOptions options;
        options.useCookieJar = false;
        return options;
    }
    core::mock::ServerOptions options(core::mock::ProxyRecording recording = {}) {
        core::mock::ChainContext context;
        context.log = std::make_shared<core::mock::TrafficLog>();
        context.client = &proxyClient;
        context.recording = std::move(recording);
        core::mock::ServerOptions out;
        out.chainBuilder = [context](const auto& specs) {
            return core::mock::buildChain(specs, context);
        };
        return out;
    }

    test::HttpHarness h;
    core::http::Client proxyClient;
};

QByteArray runCurl(const QStringList& args) {
    QProcess curl;
    curl.start("curl", QStringList{"-sS", "-i"} + args);
    if (!curl.waitForFinished(20000))
        return "curl did not finish";
    return curl.readAllStandardOutput() + curl.readAllStandardError();
}

std::optional<std::string> headerOf(const core::HttpResultEvent& result, const char* name) {
    return core::model::findHeader(result.response.headers, name);
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class MockProxyTest : public QObject {
    Q_OBJECT
private slots:
    void unmatchedRequestsGoUpstream() {
        test::BeastTestServer upstream([](const test::ReceivedRequest& req) {
            test::Reply reply;
            reply.status = req.method == "POST" ? 201 : 200;
            reply.headers = {{"Content-Type", "text/plain"},
                             {"X-Up", "yes"},
                             {"Connection", "X-Hop-Reply"},
                             {"X-Hop-Reply", "must go"}};
            reply.body = "upstream saw " + req.method + " " + req.target + " " + req.body;
            return reply;
        });
        ProxyBench bench;
        auto server = core::mock::Server::start(
            bench.h.engine, serverWithProxy(upstream.url("/base/")), bench.options());
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        const std::string base = (*server)->url();

        auto get = test::makeRequest("GET", base + "/items?x=1&y=two");
        get.headers.push_back({"X-Custom", "kept", true});
        auto got = bench.h.run(get);
        QUIVER_NO_ERROR(got);
        QCOMPARE(got.response.status, 200);
        QCOMPARE(test::bodyOf(got), QByteArray("upstream saw GET /base/items?x=1&y=two "));
        QCOMPARE(headerOf(got, "X-Up").value_or(""), std::string("yes"));
        QVERIFY(!headerOf(got, "X-Hop-Reply")); // named by the upstream's Connection header

        auto post = test::makeRequest("POST", base + "/orders");
        post.body.kind = core::model::Body::Kind::raw;
        post.body.text = R"({"n":1})";
        post.body.contentType = "application/json";
        auto posted = bench.h.run(post);
        QUIVER_NO_ERROR(posted);
        QCOMPARE(posted.response.status, 201);
        QCOMPARE(test::bodyOf(posted), QByteArray(R"(upstream saw POST /base/orders {"n":1})"));

        // A matched route never reaches the upstream.
        const std::size_t seen = upstream.requestsSeen();
        auto local = bench.h.run(test::makeRequest("GET", base + "/local"));
        QCOMPARE(test::bodyOf(local), QByteArray("from the mock"));
        QCOMPARE(upstream.requestsSeen(), seen);

        const auto requests = upstream.requests();
        QCOMPARE(requests.size(), std::size_t(2));
        const auto& first = requests[0];
        QCOMPARE(first.header("X-Custom").value_or(""), std::string("kept"));
        QCOMPARE(first.header("Host").value_or(""), upstream.hostPort());
        QCOMPARE(first.header("X-Forwarded-For").value_or(""), std::string("127.0.0.1"));
        QCOMPARE(first.header("X-Forwarded-Host").value_or(""),
                 base.substr(std::string("http://").size()));
        QCOMPARE(first.header("X-Forwarded-Proto").value_or(""), std::string("http"));
        QCOMPARE(requests[1].header("Content-Type").value_or(""), std::string("application/json"));
        QCOMPARE(requests[1].body, std::string(R"({"n":1})"));
    }

    // curl sends the hop-by-hop headers our own client would not; the upstream must see none.
    void hopByHopHeadersStopAtTheProxy() {
        test::BeastTestServer upstream;
        ProxyBench bench;
        auto server = core::mock::Server::start(bench.h.engine, serverWithProxy(upstream.url("/")),
                                                bench.options());
        QVERIFY(server);
        const QByteArray answer =
            runCurl({"-H", "Connection: keep-alive, X-Drop-Me", "-H", "X-Drop-Me: 1", "-H",
                     "Keep-Alive: timeout=5", "-H", "TE: trailers", "-H",
                     "Proxy-Authorization: Basic eA==", "-H", "X-Stay: 1",
                     QString::fromStdString((*server)->url() + "/hop")});
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        const auto requests = upstream.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        for (const char* name : {"X-Drop-Me", "Keep-Alive", "TE", "Proxy-Authorization"})
            QVERIFY2(!requests[0].header(name), name);
        QVERIFY(requests[0].header("Connection").value_or("") != "keep-alive, X-Drop-Me");
        QCOMPARE(requests[0].header("X-Stay").value_or(""), std::string("1"));
    }

    void redirectsArePassedThrough() {
        test::BeastTestServer upstream([](const test::ReceivedRequest&) {
            test::Reply reply;
            reply.status = 302;
            reply.headers = {{"Location", "/elsewhere"}};
            return reply;
        });
        ProxyBench bench;
        auto server = core::mock::Server::start(bench.h.engine, serverWithProxy(upstream.url("/")),
                                                bench.options());
        QVERIFY(server);
        auto moved = bench.h.run(test::makeRequest("GET", (*server)->url() + "/old"));
        QUIVER_NO_ERROR(moved);
        QCOMPARE(moved.response.status, 302);
        QCOMPARE(headerOf(moved, "Location").value_or(""), std::string("/elsewhere"));
        QCOMPARE(upstream.requestsSeen(), std::size_t(1));
    }

    void upstreamDownIsABadGatewayNamingIt() {
        test::ClosedPort closed;
        const std::string upstream = "http://127.0.0.1:" + std::to_string(closed.port);
        ProxyBench bench;
        auto server =
            core::mock::Server::start(bench.h.engine, serverWithProxy(upstream), bench.options());
        QVERIFY(server);
        auto failed = bench.h.run(test::makeRequest("GET", (*server)->url() + "/anything"));
        QUIVER_NO_ERROR(failed);
        QCOMPARE(failed.response.status, 502);
        QCOMPARE(headerOf(failed, "Content-Type").value_or(""),
                 std::string("application/problem+json"));
        const QJsonObject problem = test::jsonBodyOf(failed);
        QCOMPARE(problem["status"].toInt(), 502);
        const QString detail = problem["detail"].toString();
        QVERIFY2(detail.contains(QString::fromStdString(upstream)) && detail.contains("connect"),
                 qPrintable(detail));
    }

    // A silent upstream: the layer's read timeout (short here, built directly) answers 504.
    void silentUpstreamIsAGatewayTimeout() {
        test::BeastTestServer upstream([](const test::ReceivedRequest&) {
            test::Reply reply;
            reply.stallHeadersForever = true;
            return reply;
        });
        ProxyBench bench;
        core::mock::ProxyOptions proxyOptions;
        proxyOptions.upstream = upstream.url("/");
        proxyOptions.readTimeoutMs = 200;
        auto layer = std::make_shared<const core::mock::Proxy>(bench.proxyClient, proxyOptions,
                                                               core::mock::ProxyRecording{});
        core::mock::ServerOptions options;
        options.chainBuilder = [layer](const auto&) {
            core::mock::Chain chain;
            chain.layers.push_back({"proxy", layer});
            return core::Result<core::mock::Chain>(chain);
        };
        auto config = serverWithProxy(upstream.url("/"));
        auto server = core::mock::Server::start(bench.h.engine, config, options);
        QVERIFY(server);
        auto late = bench.h.run(test::makeRequest("GET", (*server)->url() + "/stalls"));
        QUIVER_NO_ERROR(late);
        QCOMPARE(late.response.status, 504);
        QVERIFY2(test::jsonBodyOf(late)["detail"].toString().contains(
                     QString::fromStdString(upstream.hostPort())),
                 test::bodyOf(late).constData());
    }

    // Record mode against python3-aiohttp: one route per method+path, no secret in it, and
    // once swapped in it answers with the upstream gone.
    void recordedRouteAnswersWithoutTheUpstream() {
        test::PythonPeer peer;
        QVERIFY2(peer.start("aiohttp_server.py"), qPrintable(peer.errorString()));
        Recorded recorded;
        ProxyBench bench;
        auto config = serverWithProxy(peer.baseUrl().toStdString(), true);
        auto server =
            core::mock::Server::start(bench.h.engine, config, bench.options(recorded.recording()));
        QVERIFY2(server, server ? "" : server.error().message.c_str());

        auto echo = test::makeRequest("GET", (*server)->url() + "/echo?q=1");
        echo.auth.kind = core::model::Auth::Kind::bearer;
        echo.auth.token = "top-secret-token";
        auto first = bench.h.run(echo);
        QUIVER_NO_ERROR(first);
        QCOMPARE(first.response.status, 200);
        const QJsonObject seen = test::jsonBodyOf(first);
        QCOMPARE(test::pairValue(seen["headers"].toArray(), "X-Forwarded-For").toString(),
                 QString("127.0.0.1"));
        QCOMPARE(test::pairValue(seen["headers"].toArray(), "Authorization").toString(),
                 QString("Bearer top-secret-token"));     // forwarded as sent
        QCOMPARE(bench.h.run(echo).response.status, 200); // same method+path: not again

        // The layer hands the route over before it answers, so both are in by now.
        const auto routes = recorded.snapshot();
        QCOMPARE(routes.size(), std::size_t(1));
        const auto& route = routes[0];
        QVERIFY(route.methods == std::vector<std::string>{"GET"});
        QCOMPARE(QString::fromStdString(route.pattern), QString("/echo"));
        QVERIFY(route.responses[0].bodyKind == core::model::MockResponse::BodyKind::json);
        const std::string& body = route.responses[0].body;
        QVERIFY2(body.find("top-secret-token") == std::string::npos, body.c_str());
        QVERIFY2(body.find("[redacted]") != std::string::npos, body.c_str());
        for (const auto& h : route.responses[0].headers) {
            QVERIFY2(!core::model::iequals(h.name, "Date") &&
                         !core::model::iequals(h.name, "Server") &&
                         !core::model::iequals(h.name, "Content-Length"),
                     h.name.c_str());
            QVERIFY(h.value.find("top-secret-token") == std::string::npos);
        }

        config.routes.push_back(route);
        core::model::assignMissingIds(config);
        QVERIFY(!(*server)->update(config));
        peer.stop();
        auto replay = bench.h.run(echo);
        QUIVER_NO_ERROR(replay);
        QCOMPARE(replay.response.status, 200);
        QCOMPARE(test::bodyOf(replay), QByteArray::fromStdString(body));
        QCOMPARE(headerOf(replay, "Content-Type").value_or(""),
                 std::string("application/json; charset=utf-8"));
        // Anything else still goes to the (now gone) upstream.
        QCOMPARE(bench.h.run(test::makeRequest("GET", (*server)->url() + "/other")).response.status,
                 502);
    }

    void cliRecordWritesTheWorkspaceFile() {
        test::PythonPeer peer;
        QVERIFY2(peer.start("aiohttp_server.py"), qPrintable(peer.errorString()));
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("mocks"));
        {
            QFile manifest(dir.filePath("quiver.json"));
            QVERIFY(manifest.open(QIODevice::WriteOnly));
            manifest.write(R"({"formatVersion": 1, "name": "rec"})");
            QFile mock(dir.filePath("mocks/px.json"));
            QVERIFY(mock.open(QIODevice::WriteOnly));
            mock.write(QStringLiteral(R"({"name": "px", "middleware": [{"kind": "proxy",
                "settings": {"upstream": "%1"}}]})")
                           .arg(peer.baseUrl())
                           .toUtf8());
        }
        QProcess mock;
        mock.start(qEnvironmentVariable("QUIVER_CLI"), {"mock", dir.path(), "--record"});
        QVERIFY(mock.waitForStarted());
        QByteArray out;
        while (!out.contains('\n') && mock.waitForReadyRead(20000))
            out += mock.readAllStandardOutput();
        const auto listening =
            QRegularExpression("listening on (http://127\\.0\\.0\\.1:\\d+) \\(px\\)")
                .match(QString::fromUtf8(out));
        QVERIFY2(listening.hasMatch(), out.constData());
        const QString url = listening.captured(1) + "/echo";

        const QByteArray first = runCurl({"-H", "Authorization: Bearer cli-secret-token", url});
        QVERIFY2(first.startsWith("HTTP/1.1 200"), first.constData());
        QVERIFY(first.contains("cli-secret-token")); // the live answer is the upstream's
        while (!out.contains("recorded GET /echo -> mocks/px.json") && mock.waitForReadyRead(20000))
            out += mock.readAllStandardOutput();
        QVERIFY2(out.contains("recorded GET /echo -> mocks/px.json"), out.constData());

        const QByteArray file = readAll(dir.filePath("mocks/px.json"));
        QVERIFY2(file.contains("\"pattern\": \"/echo\"") && file.contains("\"id\": \"get-echo\""),
                 file.constData());
        QVERIFY2(!file.contains("cli-secret-token"), file.constData());
        QVERIFY(QFile::exists(dir.filePath(".quiver/lock"))); // saved under the writer lock

        // The running server was updated: with the upstream gone the route still answers.
        peer.stop();
        const QByteArray replay = runCurl({url});
        QVERIFY2(replay.startsWith("HTTP/1.1 200") && replay.contains("[redacted]"),
                 replay.constData());

        mock.terminate();
        QVERIFY(mock.waitForFinished(20000));
        QCOMPARE(mock.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(MockProxyTest)
#include "test_mock_proxy.moc"
