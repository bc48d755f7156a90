// Request id: the client's id is kept, a missing one is generated from the exchange's seeded
// random source; either way the route sees it as a request header and it is echoed back.

#include "mock/middleware/request_id.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;

namespace {

core::mock::MiddlewarePtr layer(nlohmann::json settings = nlohmann::json::object()) {
    core::model::MiddlewareSpec spec{"rid", core::model::MiddlewareSpec::Kind::requestId, true,
                                     std::move(settings)};
    auto made = core::mock::makeRequestId(spec);
    if (!made)
        qFatal("makeRequestId: %s", made.error().message.c_str());
    return *made;
}

QString header(const core::model::Headers& headers, std::string_view name) {
    auto value = core::model::findHeader(headers, name);
    return value ? QString::fromStdString(*value) : QString("<absent>");
}

} // namespace

class RequestIdTest : public QObject {
    Q_OBJECT
private slots:
    void keepsTheClientsId() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.request.headers.push_back({"x-request-id", "abc-123", true});
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(bench.handlerCalls, 1);
        QCOMPARE(header(ex.reply.headers, "X-Request-ID"), QString("abc-123"));
        QCOMPARE(header(ex.request.headers, "X-Request-ID"), QString("abc-123"));
        QCOMPARE(std::ranges::count_if(
                     ex.request.headers,
                     [](const auto& h) { return core::model::iequals(h.name, "X-Request-ID"); }),
                 1);
    }

    void generatesFromTheSeededRandom() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        QVERIFY(bench.run(*layer(), ex));
        core::Random same{1234}; // the bench's seed: the id must come from ex.random()
        const QString expected = QString::fromStdString(same.uuid());
        QCOMPARE(header(ex.request.headers, "X-Request-ID"), expected);
        QCOMPARE(header(ex.reply.headers, "X-Request-ID"), expected);
        QCOMPARE(expected.size(), 36);
        QCOMPARE(expected[14], QChar('4')); // version 4
        QCOMPARE(bench.handlerCalls, 1);

        auto second = bench.exchange();
        QVERIFY(bench.run(*layer(), second));
        QVERIFY(header(second.reply.headers, "X-Request-ID") != expected);
    }

    void emptyIdIsReplaced() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.request.headers.push_back({"X-Request-ID", "", true});
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(header(ex.reply.headers, "X-Request-ID").size(), 36);
    }

    void headerNameFromSettings() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.request.headers.push_back({"X-Correlation-ID", "c-1", true});
        QVERIFY(bench.run(*layer({{"header", "X-Correlation-ID"}}), ex));
        QCOMPARE(header(ex.reply.headers, "X-Correlation-ID"), QString("c-1"));
        QCOMPARE(header(ex.reply.headers, "X-Request-ID"), QString("<absent>"));
    }

    void echoedOverTheRoutesOwnHeader() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.request.headers.push_back({"X-Request-ID", "mine", true});
        ex.respond(200, "ok", {{"X-Request-ID", "route", true}});
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(header(ex.reply.headers, "X-Request-ID"), QString("mine"));
    }

    void invalidSettingsRefused() {
        core::model::MiddlewareSpec spec{
            "rid", core::model::MiddlewareSpec::Kind::requestId, true, {{"header", "bad name"}}};
        auto made = core::mock::makeRequestId(spec);
        QVERIFY(!made);
        QVERIFY(made.error().message.find("header") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(RequestIdTest)
#include "test_mw_request_id.moc"
