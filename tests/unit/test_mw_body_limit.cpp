// Body limit: a declared Content-Length over the limit is refused with 413 and close before
// the body is read; a body without a declared size is read with the limit; bodiless requests
// go through untouched.

#include "mock/middleware/body_limit.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using nlohmann::json;

namespace {

core::model::MiddlewareSpec limitSpec(json settings) {
    return {"bodyLimit", core::model::MiddlewareSpec::Kind::bodyLimit, true, std::move(settings)};
}

core::mock::MiddlewarePtr layerOf(std::uint64_t maxBytes) {
    auto made = core::mock::makeBodyLimit(limitSpec({{"maxBytes", maxBytes}}));
    if (!made)
        qFatal("makeBodyLimit: %s", made.error().message.c_str());
    return *made;
}

} // namespace

class MwBodyLimitTest : public QObject {
    Q_OBJECT
private slots:
    void declaredLengthOverTheLimitIsRefusedUnread() {
        auto layer = layerOf(10);
        test::MiddlewareBench bench;
        auto ex = bench.exchange("POST", "/upload");
        ex.request.contentLength = 11;
        ex.pendingBody = std::string(11, 'x');
        QVERIFY(bench.run(*layer, ex));
        QCOMPARE(ex.reply.status, 413);
        QVERIFY(ex.reply.closeConnection);
        QCOMPARE(ex.bodyReads, 0);
        QCOMPARE(bench.handlerCalls, 0);
        QVERIFY(!ex.request.bodyRead);
    }

    void bodyAtTheLimitIsReadAndPassedOn() {
        auto layer = layerOf(10);
        test::MiddlewareBench bench;
        auto ex = bench.exchange("POST", "/upload");
        ex.request.contentLength = 10;
        ex.pendingBody = "0123456789";
        QVERIFY(bench.run(*layer, ex));
        QCOMPARE(ex.reply.status, 200);
        QVERIFY(!ex.reply.closeConnection);
        QCOMPARE(ex.bodyReads, 1);
        QCOMPARE(bench.handlerCalls, 1);
        QCOMPARE(QString::fromStdString(ex.request.body), QString("0123456789"));
    }

    void chunkedBodyOverTheLimitIsRefused() {
        auto layer = layerOf(10);
        test::MiddlewareBench bench;
        auto ex = bench.exchange("POST", "/upload");
        ex.request.headers = {{"Transfer-Encoding", "chunked", true}};
        ex.pendingBody = std::string(11, 'x');
        QVERIFY(bench.run(*layer, ex));
        QCOMPARE(ex.reply.status, 413);
        QVERIFY(ex.reply.closeConnection);
        QCOMPARE(ex.bodyReads, 1);
        QCOMPARE(bench.handlerCalls, 0);
    }

    void chunkedBodyUnderTheLimitPasses() {
        auto layer = layerOf(10);
        test::MiddlewareBench bench;
        auto ex = bench.exchange("PUT", "/upload");
        ex.request.headers = {{"Transfer-Encoding", "chunked", true}};
        ex.pendingBody = "abc";
        QVERIFY(bench.run(*layer, ex));
        QCOMPARE(ex.reply.status, 200);
        QCOMPARE(ex.bodyReads, 1);
        QCOMPARE(bench.handlerCalls, 1);
    }

    void requestsWithoutABodyAreNotRead() {
        auto layer = layerOf(0);
        test::MiddlewareBench bench;
        auto ex = bench.exchange("GET", "/");
        QVERIFY(bench.run(*layer, ex));
        QCOMPARE(ex.reply.status, 200);
        QCOMPARE(ex.bodyReads, 0);
        QCOMPARE(bench.handlerCalls, 1);

        auto empty = bench.exchange("POST", "/");
        empty.request.contentLength = 0;
        QVERIFY(bench.run(*layer, empty));
        QCOMPARE(empty.reply.status, 200);
        QCOMPARE(empty.bodyReads, 0);
    }

    void aBodyAlreadyReadOverTheLimitIsRefused() {
        auto layer = layerOf(4);
        test::MiddlewareBench bench;
        auto ex = bench.exchange("POST", "/");
        ex.request.headers = {{"Transfer-Encoding", "chunked", true}};
        ex.request.body = "too long";
        ex.request.bodyRead = true;
        QVERIFY(bench.run(*layer, ex));
        QCOMPARE(ex.reply.status, 413);
        QCOMPARE(bench.handlerCalls, 0);
    }

    void defaultLimitIsTenMegabytes() {
        auto made = core::mock::makeBodyLimit(limitSpec(json::object()));
        QVERIFY(made);
        test::MiddlewareBench bench;
        auto over = bench.exchange("POST", "/");
        over.request.contentLength = (10ull << 20) + 1;
        QVERIFY(bench.run(**made, over));
        QCOMPARE(over.reply.status, 413);
        QCOMPARE(over.bodyReads, 0);
        auto at = bench.exchange("POST", "/");
        at.request.contentLength = 10ull << 20;
        at.pendingBody = std::string(10u << 20, 'x');
        QVERIFY(bench.run(**made, at));
        QCOMPARE(at.reply.status, 200);
    }

    void invalidSettingsAreRefused() {
        QVERIFY(!core::mock::makeBodyLimit(limitSpec({{"maxBytes", -1}})));
        QVERIFY(!core::mock::makeBodyLimit(limitSpec({{"maxBytes", "big"}})));
    }
};

QTEST_GUILESS_MAIN(MwBodyLimitTest)
#include "test_mw_body_limit.moc"
