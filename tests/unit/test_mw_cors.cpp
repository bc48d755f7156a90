// CORS: preflights answered by the layer (204 allowed, 403 refused, the handler never runs);
// actual requests go through with the Allow-* headers only for allowed origins; "*" is never
// sent together with credentials.

#include "mock/middleware/cors.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;

namespace {

core::mock::MiddlewarePtr layer(nlohmann::json settings = nlohmann::json::object()) {
    core::model::MiddlewareSpec spec{"cors", core::model::MiddlewareSpec::Kind::cors, true,
                                     std::move(settings)};
    auto made = core::mock::makeCors(spec);
    if (!made)
        qFatal("makeCors: %s", made.error().message.c_str());
    return *made;
}

const nlohmann::json kListed{{"origins", {"https://app.example", "http://localhost:3000"}},
                             {"methods", {"GET", "PUT"}},
                             {"headers", {"Content-Type", "X-Token"}},
                             {"exposeHeaders", {"X-Total"}},
                             {"maxAgeSeconds", 60}};

test::TestExchange preflight(test::MiddlewareBench& bench, const std::string& origin,
                             const std::string& method, const std::string& headers = {}) {
    auto ex = bench.exchange("OPTIONS", "/items");
    ex.request.headers.push_back({"Origin", origin, true});
    ex.request.headers.push_back({"Access-Control-Request-Method", method, true});
    if (!headers.empty())
        ex.request.headers.push_back({"Access-Control-Request-Headers", headers, true});
    return ex;
}

} // namespace

class CorsTest : public QObject {
    Q_OBJECT
private slots:
    void preflightAllowed() {
        test::MiddlewareBench bench;
        auto ex = preflight(bench, "https://app.example", "PUT", "x-token, content-type");
        QVERIFY(bench.run(*layer(kListed), ex));
        QCOMPARE(bench.handlerCalls, 0);
        QCOMPARE(ex.reply.status, 204);
        QVERIFY(ex.reply.body.empty());
        const QStringList expected{
            "Vary: Origin", "Access-Control-Allow-Origin: https://app.example",
            "Access-Control-Allow-Methods: GET, PUT",
            "Access-Control-Allow-Headers: Content-Type, X-Token", "Access-Control-Max-Age: 60"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void preflightWildcardEchoesRequestedHeaders() {
        test::MiddlewareBench bench;
        auto ex = preflight(bench, "https://any.example", "DELETE", "X-Anything");
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(bench.handlerCalls, 0);
        QCOMPARE(ex.reply.status, 204);
        const QStringList expected{
            "Vary: Origin", "Access-Control-Allow-Origin: *",
            "Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
            "Access-Control-Allow-Headers: X-Anything", "Access-Control-Max-Age: 600"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void preflightWithCredentialsNamesTheOrigin() {
        test::MiddlewareBench bench;
        auto ex = preflight(bench, "https://any.example", "GET");
        QVERIFY(bench.run(*layer({{"credentials", true}}), ex));
        QCOMPARE(ex.reply.status, 204);
        const QStringList expected{
            "Vary: Origin", "Access-Control-Allow-Origin: https://any.example",
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
            "Access-Control-Max-Age: 600"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void preflightRefused_data() {
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("headers");
        QTest::newRow("origin") << "https://evil.example"
                                << "GET"
                                << "";
        QTest::newRow("method") << "https://app.example"
                                << "DELETE"
                                << "";
        QTest::newRow("method case") << "https://app.example"
                                     << "put"
                                     << "";
        QTest::newRow("header") << "https://app.example"
                                << "GET"
                                << "X-Token, X-Other";
    }
    void preflightRefused() {
        QFETCH(QString, origin);
        QFETCH(QString, method);
        QFETCH(QString, headers);
        test::MiddlewareBench bench;
        auto ex =
            preflight(bench, origin.toStdString(), method.toStdString(), headers.toStdString());
        QVERIFY(bench.run(*layer(kListed), ex));
        QCOMPARE(bench.handlerCalls, 0);
        QCOMPARE(ex.reply.status, 403);
        QCOMPARE(test::headerLines(ex.reply.headers), QStringList{"Vary: Origin"});
    }

    void optionsWithoutRequestMethodGoesThrough() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange("OPTIONS", "/items");
        ex.request.headers.push_back({"Origin", "https://app.example", true});
        QVERIFY(bench.run(*layer(kListed), ex));
        QCOMPARE(bench.handlerCalls, 1);
        QCOMPARE(ex.reply.status, 200);
    }

    void actualRequestFromListedOrigin() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange("GET", "/items");
        ex.request.headers.push_back({"Origin", "http://localhost:3000", true});
        QVERIFY(bench.run(*layer(kListed), ex));
        QCOMPARE(bench.handlerCalls, 1);
        const QStringList expected{"Content-Type: text/plain", "Vary: Origin",
                                   "Access-Control-Allow-Origin: http://localhost:3000",
                                   "Access-Control-Expose-Headers: X-Total"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void actualRequestWildcard() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.request.headers.push_back({"Origin", "https://x.example", true});
        ex.respond(200, "ok", {{"Vary", "Accept", true}});
        QVERIFY(bench.run(*layer(), ex));
        const QStringList expected{"Vary: Accept, Origin", "Access-Control-Allow-Origin: *"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void actualRequestWithCredentials() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.request.headers.push_back({"Origin", "https://x.example", true});
        QVERIFY(bench.run(*layer({{"credentials", true}}), ex));
        const QStringList expected{"Content-Type: text/plain", "Vary: Origin",
                                   "Access-Control-Allow-Origin: https://x.example",
                                   "Access-Control-Allow-Credentials: true"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void disallowedOriginGetsNoCorsHeaders() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange("POST", "/items");
        ex.request.headers.push_back({"Origin", "https://evil.example", true});
        QVERIFY(bench.run(*layer(kListed), ex));
        QCOMPARE(bench.handlerCalls, 1);
        QCOMPARE(ex.reply.status, 200);
        const QStringList expected{"Content-Type: text/plain", "Vary: Origin"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void noOriginNoCorsHeaders() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(bench.handlerCalls, 1);
        QVERIFY(!core::model::hasHeader(ex.reply.headers, "Access-Control-Allow-Origin"));
    }

    void invalidSettingsRefused() {
        core::model::MiddlewareSpec spec{
            "cors", core::model::MiddlewareSpec::Kind::cors, true, {{"origins", {"ftp://x"}}}};
        QVERIFY(!core::mock::makeCors(spec));
    }
};

QTEST_GUILESS_MAIN(CorsTest)
#include "test_mw_cors.moc"
