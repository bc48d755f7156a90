// Error handling: error replies at or above minStatus become problem+json with the original
// text as detail; JSON replies and replies below minStatus are left alone; no reply at all
// becomes a 500 problem.

#include "mock/middleware/error_handling.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;

namespace {

core::mock::MiddlewarePtr layer(nlohmann::json settings = nlohmann::json::object()) {
    core::model::MiddlewareSpec spec{"err", core::model::MiddlewareSpec::Kind::errorHandling, true,
                                     std::move(settings)};
    auto made = core::mock::makeErrorHandling(spec);
    if (!made)
        qFatal("makeErrorHandling: %s", made.error().message.c_str());
    return *made;
}

QString body(const core::mock::Exchange& ex) {
    return QString::fromStdString(ex.reply.body);
}

QString contentType(const core::mock::Exchange& ex) {
    return QString::fromStdString(
        core::model::findHeader(ex.reply.headers, "Content-Type").value_or("<absent>"));
}

} // namespace

class ErrorHandlingTest : public QObject {
    Q_OBJECT
private slots:
    void serverErrorBecomesProblem() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange("GET", "/orders/7");
        ex.respond(503, "down for maintenance",
                   {{"Content-Type", "text/plain", true},
                    {"Content-Length", "20", true},
                    {"Retry-After", "30", true}});
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(bench.handlerCalls, 1);
        QCOMPARE(ex.reply.status, 503);
        QCOMPARE(contentType(ex), QString("application/problem+json"));
        QCOMPARE(body(ex), QString(R"({"type":"about:blank","title":"Service Unavailable",)"
                                   R"("status":503,"detail":"down for maintenance",)"
                                   R"("instance":"/orders/7"})"));
        QVERIFY(!core::model::hasHeader(ex.reply.headers, "Content-Length"));
        QCOMPARE(QString::fromStdString(*core::model::findHeader(ex.reply.headers, "Retry-After")),
                 QString("30"));
    }

    void emptyBodyHasNoDetail() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange("DELETE", "/x");
        ex.respond(500);
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(body(ex), QString(R"({"type":"about:blank","title":"Internal Server Error",)"
                                   R"("status":500,"instance":"/x"})"));
    }

    void jsonBodiesLeftAlone_data() {
        QTest::addColumn<QString>("type");
        QTest::newRow("json") << "application/json; charset=utf-8";
        QTest::newRow("problem") << "application/problem+json";
        QTest::newRow("vendor") << "Application/Vnd.Api+JSON";
    }
    void jsonBodiesLeftAlone() {
        QFETCH(QString, type);
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.respond(500, R"({"error":"x"})", {{"Content-Type", type.toStdString(), true}});
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(ex.reply.status, 500);
        QCOMPARE(body(ex), QString(R"({"error":"x"})"));
        QCOMPARE(contentType(ex), type);
    }

    void belowMinStatusLeftAlone() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.respond(404, "nope");
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(ex.reply.status, 404);
        QCOMPARE(body(ex), QString("nope"));
        QCOMPARE(contentType(ex), QString("<absent>"));
    }

    void minStatusFromSettings() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange("GET", "/a");
        ex.respond(404, "nope");
        QVERIFY(bench.run(*layer({{"minStatus", 400}}), ex));
        QCOMPARE(ex.reply.status, 404);
        QCOMPARE(body(ex), QString(R"({"type":"about:blank","title":"Not Found",)"
                                   R"("status":404,"detail":"nope","instance":"/a"})"));
    }

    void successLeftAlone() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        QVERIFY(bench.run(*layer({{"minStatus", 400}}), ex));
        QCOMPARE(ex.reply.status, 200);
        QCOMPARE(body(ex), QString("ok"));
    }

    void noReplyBecomes500() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange("GET", "/void");
        core::mock::Chain chain;
        chain.layers.push_back({"err", layer()});
        bool finished = false;
        int calls = 0;
        core::mock::runChain(
            chain, ex,
            [&calls](core::mock::Exchange&, core::mock::Done done) {
                ++calls; // answers nothing
                done();
            },
            [&finished] { finished = true; });
        QVERIFY(finished);
        QCOMPARE(calls, 1);
        QVERIFY(ex.reply.answered);
        QCOMPARE(ex.reply.status, 500);
        QCOMPARE(contentType(ex), QString("application/problem+json"));
        QCOMPARE(body(ex), QString(R"({"type":"about:blank","title":"Internal Server Error",)"
                                   R"("status":500,"detail":"no response was produced",)"
                                   R"("instance":"/void"})"));
    }

    void invalidUtf8DoesNotThrow() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.respond(500, std::string("bad \xff byte"));
        QVERIFY(bench.run(*layer(), ex));
        QVERIFY(
            nlohmann::json::parse(ex.reply.body)["detail"].get<std::string>().starts_with("bad "));
    }

    void invalidSettingsRefused() {
        core::model::MiddlewareSpec spec{
            "err", core::model::MiddlewareSpec::Kind::errorHandling, true, {{"minStatus", 200}}};
        QVERIFY(!core::mock::makeErrorHandling(spec));
    }
};

QTEST_GUILESS_MAIN(ErrorHandlingTest)
#include "test_mw_error_handling.moc"
