// Auth: each scheme accepts exactly its listed credentials; a refused request gets 401 with the
// scheme's challenge, and neither the route nor the body reader runs; excluded paths pass.

#include "mock/middleware/auth.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using nlohmann::json;

namespace {

core::model::MiddlewareSpec authSpec(json settings) {
    return {"auth", core::model::MiddlewareSpec::Kind::auth, true, std::move(settings)};
}

core::mock::MiddlewarePtr layerOf(json settings) {
    auto made = core::mock::makeAuth(authSpec(std::move(settings)));
    if (!made)
        qFatal("makeAuth: %s", made.error().message.c_str());
    return *made;
}

struct Outcome {
    int status = 0;
    int handlerCalls = 0;
    int bodyReads = 0;
    std::string challenge;
};

// One POST with a body waiting, so a layer that read it would show in bodyReads.
Outcome send(const core::mock::Middleware& layer, std::string path,
             core::model::Headers headers = {}, core::mock::QueryParams query = {}) {
    test::MiddlewareBench bench;
    auto ex = bench.exchange("POST", std::move(path));
    ex.request.headers = std::move(headers);
    ex.request.query = std::move(query);
    ex.request.contentLength = 5;
    ex.pendingBody = "hello";
    if (!bench.run(layer, ex))
        qFatal("the chain did not finish");
    return {ex.reply.status, bench.handlerCalls, ex.bodyReads,
            core::model::findHeader(ex.reply.headers, "WWW-Authenticate").value_or("")};
}

core::model::Headers authorization(std::string value) {
    return {{"Authorization", std::move(value), true}};
}

} // namespace

class MwAuthTest : public QObject {
    Q_OBJECT
private slots:
    void bearerAcceptsOnlyListedTokens() {
        auto layer = layerOf({{"scheme", "bearer"}, {"tokens", {"first", "demo-token"}}});
        auto ok = send(*layer, "/a", authorization("Bearer demo-token"));
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.handlerCalls, 1);
        QCOMPARE(send(*layer, "/a", authorization("bearer first")).status, 200);

        for (const char* bad : {"Bearer demo-toke", "Bearer demo-token2", "Bearer ", "demo-token",
                                "Basic demo-token", "Bearerdemo-token"}) {
            auto refused = send(*layer, "/a", authorization(bad));
            QCOMPARE(refused.status, 401);
            QCOMPARE(refused.handlerCalls, 0);
            QCOMPARE(refused.bodyReads, 0);
            QCOMPARE(QString::fromStdString(refused.challenge), QString("Bearer realm=\"quiver\""));
        }
        auto missing = send(*layer, "/a");
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.handlerCalls, 0);
        QCOMPARE(missing.bodyReads, 0);
    }

    void noTokensRefusesEveryone() {
        auto layer = layerOf({{"scheme", "bearer"}});
        QCOMPARE(send(*layer, "/", authorization("Bearer ")).status, 401);
        QCOMPARE(send(*layer, "/", authorization("Bearer x")).status, 401);
    }

    void basicChecksUserAndPassword() {
        auto layer =
            layerOf({{"scheme", "basic"}, {"users", {"alice:secret", "bob:p:w"}}, {"realm", "r"}});
        QCOMPARE(send(*layer, "/", authorization("Basic YWxpY2U6c2VjcmV0")).status, 200);
        QCOMPARE(send(*layer, "/", authorization("basic Ym9iOnA6dw==")).status, 200);
        auto wrong = send(*layer, "/", authorization("Basic YWxpY2U6d3Jvbmc="));
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.handlerCalls, 0);
        QCOMPARE(wrong.bodyReads, 0);
        QCOMPARE(QString::fromStdString(wrong.challenge),
                 QString("Basic realm=\"r\", charset=\"UTF-8\""));
        QCOMPARE(send(*layer, "/", authorization("Bearer YWxpY2U6c2VjcmV0")).status, 401);
        QCOMPARE(send(*layer, "/", authorization("Basic alice:secret")).status, 401);
    }

    void apiKeyInAHeader() {
        auto layer = layerOf({{"scheme", "apiKey"}, {"tokens", {"k1", "k2"}}});
        QCOMPARE(send(*layer, "/", {{"x-api-key", "k2", true}}).status, 200);
        auto wrong = send(*layer, "/", {{"X-API-Key", "k3", true}});
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.bodyReads, 0);
        QCOMPARE(QString::fromStdString(wrong.challenge),
                 QString("ApiKey realm=\"quiver\", header=\"X-API-Key\""));
        // The key in the query does not count when it belongs in a header.
        QCOMPARE(send(*layer, "/", {}, {{"X-API-Key", "k1"}}).status, 401);
    }

    void apiKeyInTheQuery() {
        auto layer = layerOf({{"scheme", "apiKey"},
                              {"tokens", {"k1"}},
                              {"keyName", "api_key"},
                              {"keyLocation", "query"}});
        QCOMPARE(send(*layer, "/", {}, {{"api_key", "k1"}}).status, 200);
        QCOMPARE(send(*layer, "/", {{"api_key", "k1", true}}).status, 401);
        auto missing = send(*layer, "/", {}, {{"other", "k1"}});
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.handlerCalls, 0);
        QCOMPARE(QString::fromStdString(missing.challenge),
                 QString("ApiKey realm=\"quiver\", query=\"api_key\""));
    }

    void excludedPathsPassWithoutCredentials() {
        auto layer = layerOf({{"tokens", {"t"}}, {"excludedPaths", {"/health", "/public/*"}}});
        auto health = send(*layer, "/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.handlerCalls, 1);
        QCOMPARE(send(*layer, "/public/", {}).status, 200);
        QCOMPARE(send(*layer, "/public/a/b", {}).status, 200);
        QCOMPARE(send(*layer, "/health/x", {}).status, 401);
        QCOMPARE(send(*layer, "/healthz", {}).status, 401);
        QCOMPARE(send(*layer, "/public", {}).status, 401);
        QCOMPARE(send(*layer, "/publicx", {}).status, 401);
    }

    void refusalHasAShortBody() {
        auto layer = layerOf({{"tokens", {"t"}}});
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        QVERIFY(bench.run(*layer, ex));
        QCOMPARE(ex.reply.status, 401);
        QVERIFY(ex.reply.answered);
        QVERIFY(!ex.reply.body.empty() && ex.reply.body.size() < 100);
    }

    void invalidSettingsAreRefused() {
        QVERIFY(!core::mock::makeAuth(authSpec({{"scheme", "digest"}})));
        QVERIFY(!core::mock::makeAuth(authSpec({{"users", {"nopassword"}}})));
        QVERIFY(!core::mock::makeAuth(authSpec({{"excludedPaths", {"health"}}})));
        QVERIFY(core::mock::makeAuth(authSpec(json::object())));
    }
};

QTEST_GUILESS_MAIN(MwAuthTest)
#include "test_mw_auth.moc"
