// Security headers: added on the way out, in order; the route's own values win; an empty CSP
// is left out.

#include "mock/middleware/security_headers.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;

namespace {

core::mock::MiddlewarePtr layer(nlohmann::json settings = nlohmann::json::object()) {
    core::model::MiddlewareSpec spec{"sec", core::model::MiddlewareSpec::Kind::securityHeaders,
                                     true, std::move(settings)};
    auto made = core::mock::makeSecurityHeaders(spec);
    if (!made)
        qFatal("makeSecurityHeaders: %s", made.error().message.c_str());
    return *made;
}

} // namespace

class SecurityHeadersTest : public QObject {
    Q_OBJECT
private slots:
    void defaultsAdded() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(bench.handlerCalls, 1);
        QCOMPARE(ex.reply.status, 200);
        const QStringList expected{
            "Content-Type: text/plain", "X-Content-Type-Options: nosniff", "X-Frame-Options: DENY",
            "Referrer-Policy: no-referrer",
            "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void settingsUsedAndEmptyCspOmitted() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        QVERIFY(bench.run(*layer({{"csp", ""}, {"referrerPolicy", "same-origin"}}), ex));
        const QStringList expected{"Content-Type: text/plain", "X-Content-Type-Options: nosniff",
                                   "X-Frame-Options: DENY", "Referrer-Policy: same-origin"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void routeWins() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.respond(200, "ok",
                   {{"x-frame-options", "SAMEORIGIN", true},
                    {"Content-Security-Policy", "default-src 'self'", true}});
        QVERIFY(bench.run(*layer(), ex));
        const QStringList expected{
            "x-frame-options: SAMEORIGIN", "Content-Security-Policy: default-src 'self'",
            "X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer"};
        QCOMPARE(test::headerLines(ex.reply.headers), expected);
    }

    void alsoOnErrors() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.respond(404, "missing");
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(ex.reply.status, 404);
        QVERIFY(core::model::hasHeader(ex.reply.headers, "X-Content-Type-Options"));
    }

    void invalidSettingsRefused() {
        core::model::MiddlewareSpec spec{"sec",
                                         core::model::MiddlewareSpec::Kind::securityHeaders,
                                         true,
                                         {{"referrerPolicy", "sometimes"}}};
        QVERIFY(!core::mock::makeSecurityHeaders(spec));
    }
};

QTEST_GUILESS_MAIN(SecurityHeadersTest)
#include "test_mw_security_headers.moc"
