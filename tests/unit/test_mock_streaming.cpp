// Streamed mock bodies without a server: file replies (MIME type, ETag, 304, Range, folders
// and their escapes), chunk and event plans with their exact pauses, the event-stream format,
// gzip leaving streams alone, and the TLS identities a server presents.

#include "mock/file_response.h"
#include "mock/middleware/gzip.h"
#include "mock/mime_types.h"
#include "mock/route_responder.h"
#include "mock/stream_plan.h"
#include "mock/tls_identity.h"
#include "mock_test_exchange.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

using namespace quiver;
using namespace std::chrono_literals;
using BodyKind = core::model::MockResponse::BodyKind;
using Outcome = core::mock::RangeChoice::Outcome;
using Plan = core::mock::StreamPlan;

namespace {

std::string header(const core::mock::Exchange& ex, std::string_view name) {
    return core::model::findHeader(ex.reply.headers, name).value_or("<none>");
}

void writeFile(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

core::mock::CompiledRoute compiled(const core::model::MockResponse& response,
                                   const std::filesystem::path& base = {}) {
    core::model::MockRoute route{.id = "r"};
    route.responses.push_back(response);
    auto result = core::mock::compileRoute(route, base);
    if (!result)
        qFatal("%s", result.error().message.c_str());
    return std::move(result.value());
}

void respond(const core::mock::CompiledRoute& route, core::mock::Exchange& ex) {
    core::mock::respondFromRoute(route, ex, nullptr, 1 << 20, [] {});
}

core::model::MockResponse fileResponse(std::string path) {
    core::model::MockResponse r;
    r.bodyKind = BodyKind::file;
    r.filePath = std::move(path);
    return r;
}

} // namespace

class MockStreamingTest : public QObject {
    Q_OBJECT
private slots:
    void rangesFollowRfc9110() {
        auto check = [](std::string_view h, std::uint64_t size, Outcome outcome,
                        std::uint64_t offset, std::uint64_t length) {
            const auto c = core::mock::chooseRange(h, size);
            return c.outcome == outcome &&
                   (outcome != Outcome::partial || (c.offset == offset && c.length == length));
        };
        QVERIFY(check("bytes=0-9", 100, Outcome::partial, 0, 10));
        QVERIFY(check("bytes=90-", 100, Outcome::partial, 90, 10));
        QVERIFY(check("bytes=-5", 100, Outcome::partial, 95, 5));
        QVERIFY(check("bytes=-500", 100, Outcome::partial, 0, 100));
        QVERIFY(check("bytes=50-5000", 100, Outcome::partial, 50, 50));
        QVERIFY(check("bytes=100-", 100, Outcome::unsatisfiable, 0, 0));
        QVERIFY(check("bytes=-0", 100, Outcome::unsatisfiable, 0, 0));
        QVERIFY(check("bytes=0-1,5-6", 100, Outcome::whole, 0, 0)); // several: the whole file
        QVERIFY(check("bytes=9-3", 100, Outcome::whole, 0, 0));     // invalid: ignored
        QVERIFY(check("items=0-3", 100, Outcome::whole, 0, 0));
        QVERIFY(check("bytes=x-3", 100, Outcome::whole, 0, 0));
        QVERIFY(check("bytes=99999999999999999999999-", 100, Outcome::whole, 0, 0));
    }

    void mimeTypesByExtension() {
        QCOMPARE(core::mock::mimeTypeFor("a/b/index.HTML"), "text/html; charset=utf-8");
        QCOMPARE(core::mock::mimeTypeFor("app.wasm"), "application/wasm");
        QCOMPARE(core::mock::mimeTypeFor("photo.jpg"), "image/jpeg");
        QCOMPARE(core::mock::mimeTypeFor("clip.mp4"), "video/mp4");
        QCOMPARE(core::mock::mimeTypeFor("README"), "application/octet-stream");
        QCOMPARE(core::mock::mimeTypeFor(".bashrc"), "application/octet-stream");
    }

    void fileReplyHeadersAndConditionalRequests() {
        QTemporaryDir dir;
        const std::filesystem::path base = dir.path().toStdString();
        writeFile(base / "data.json", "0123456789abcdefghij");
        const auto route = compiled(fileResponse("data.json"), base);
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        respond(route, ex);
        QCOMPARE(ex.reply.status, 200);
        QVERIFY(ex.reply.stream);
        QCOMPARE(int(ex.reply.stream->kind), int(Plan::Kind::file));
        QCOMPARE(ex.reply.stream->offset, std::uint64_t(0));
        QCOMPARE(ex.reply.stream->length, std::uint64_t(20));
        QCOMPARE(header(ex, "Content-Type"), std::string("application/json"));
        QCOMPARE(header(ex, "Accept-Ranges"), std::string("bytes"));
        QVERIFY(header(ex, "Last-Modified").ends_with(" GMT"));
        const std::string etag = header(ex, "ETag");
        QVERIFY2(etag.front() == '"' && etag.back() == '"', etag.c_str());

        auto again = bench.exchange();
        again.request.headers.push_back({"If-None-Match", "\"other\", W/" + etag, true});
        respond(route, again);
        QCOMPARE(again.reply.status, 304);
        QVERIFY(!again.reply.stream);
        QCOMPARE(header(again, "ETag"), etag);

        auto part = bench.exchange();
        part.request.headers.push_back({"Range", "bytes=5-9", true});
        respond(route, part);
        QCOMPARE(part.reply.status, 206);
        QCOMPARE(header(part, "Content-Range"), std::string("bytes 5-9/20"));
        QCOMPARE(part.reply.stream->offset, std::uint64_t(5));
        QCOMPARE(part.reply.stream->length, std::uint64_t(5));

        auto beyond = bench.exchange();
        beyond.request.headers.push_back({"Range", "bytes=20-", true});
        respond(route, beyond);
        QCOMPARE(beyond.reply.status, 416);
        QCOMPARE(header(beyond, "Content-Range"), std::string("bytes */20"));
        QVERIFY(!beyond.reply.stream);

        // Writing the file changes its validator.
        writeFile(base / "data.json", "longer content than before");
        auto changed = bench.exchange();
        changed.request.headers.push_back({"If-None-Match", etag, true});
        respond(route, changed);
        QCOMPARE(changed.reply.status, 200);
        QVERIFY(header(changed, "ETag") != etag);
    }

    void missingFileIsA404NamingIt() {
        QTemporaryDir dir;
        const auto route = compiled(fileResponse("nope/missing.txt"), dir.path().toStdString());
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        respond(route, ex);
        QCOMPARE(ex.reply.status, 404);
        QVERIFY2(ex.reply.body.find("nope/missing.txt") != std::string::npos,
                 ex.reply.body.c_str());
        QVERIFY(!ex.reply.stream);
    }

    void folderRouteServesInsideAndRefusesEscapes() {
        QTemporaryDir dir;
        const std::filesystem::path base = dir.path().toStdString();
        writeFile(base / "public" / "css" / "site.css", "body{}");
        writeFile(base / "secret.txt", "no");
        const auto route = compiled(fileResponse("public"), base);
        test::MiddlewareBench bench;

        auto ex = bench.exchange("GET", "/files/css/site.css");
        ex.request.params = {{"path", "css/site.css"}};
        respond(route, ex);
        QCOMPARE(ex.reply.status, 200);
        QCOMPARE(ex.reply.stream->file, base / "public" / "css" / "site.css");
        QCOMPARE(header(ex, "Content-Type"), std::string("text/css; charset=utf-8"));

        for (const char* escape : {"../secret.txt", "css/../../secret.txt", ".."}) {
            auto bad = bench.exchange();
            bad.request.params = {{"path", escape}};
            respond(route, bad);
            QCOMPARE(bad.reply.status, 403);
            QVERIFY(!bad.reply.stream);
        }
        auto absolute = bench.exchange();
        absolute.request.params = {{"path", "/secret.txt"}}; // stays inside: public/secret.txt
        respond(route, absolute);
        QCOMPARE(absolute.reply.status, 404);

        auto folder = bench.exchange();
        folder.request.params = {{"path", "css"}};
        respond(route, folder);
        QCOMPARE(folder.reply.status, 404);
    }

    void chunkedPlanPacesAndRendersEachChunk() {
        core::model::MockResponse r;
        r.bodyKind = BodyKind::chunked;
        r.chunked = {3, 250, "chunk {{$counter}} for {{request.params.id}}\n"};
        const auto route = compiled(r);
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.request.params = {{"id", "7"}};
        respond(route, ex);
        QCOMPARE(ex.reply.status, 200);
        QCOMPARE(header(ex, "Content-Type"), std::string("text/plain; charset=utf-8"));
        QVERIFY(ex.reply.body.empty());
        const auto plan = ex.reply.stream;
        QVERIFY(plan);
        QCOMPARE(int(plan->kind), int(Plan::Kind::chunked));
        std::vector<std::pair<core::Clock::Duration, std::string>> steps;
        for (std::uint64_t i = 0; auto step = plan->step(i); ++i)
            steps.emplace_back(step->delay, step->text);
        QCOMPARE(steps.size(), std::size_t(3));
        QCOMPARE(steps[0].first, core::Clock::Duration(0ms));
        QCOMPARE(steps[1].first, core::Clock::Duration(250ms));
        QCOMPARE(steps[2].first, core::Clock::Duration(250ms));
        QCOMPARE(steps[0].second, std::string("chunk 1 for 7\n"));
        QCOMPARE(steps[2].second, std::string("chunk 3 for 7\n"));

        r.chunked.text = "broken {{";
        core::model::MockRoute bad{.id = "bad"};
        bad.responses.push_back(r);
        QVERIFY(!core::mock::compileRoute(bad));
    }

    void eventsFormatAndRepeat() {
        core::model::SseEvent first{"1", "greeting", "hello\nworld", 0};
        QCOMPARE(core::mock::formatEvent(first),
                 std::string("id: 1\nevent: greeting\ndata: hello\ndata: world\n\n"));
        QCOMPARE(core::mock::formatEvent({"", "", "x\r\ny", 5}),
                 std::string("data: x\ndata: y\n\n"));
        QCOMPARE(core::mock::formatEvent({"a\nb", "", "", 0}), std::string("id: a\ndata: \n\n"));

        core::model::MockResponse r;
        r.bodyKind = BodyKind::sse;
        r.sse.events = {first, {"2", "", "bye", 1000}};
        const auto route = compiled(r);
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        respond(route, ex);
        QCOMPARE(header(ex, "Content-Type"), std::string("text/event-stream"));
        QCOMPARE(header(ex, "Cache-Control"), std::string("no-cache"));
        const auto plan = ex.reply.stream;
        QVERIFY(plan && plan->kind == Plan::Kind::events);
        QCOMPARE(plan->step(1)->delay, core::Clock::Duration(1000ms));
        QCOMPARE(plan->step(1)->text, std::string("id: 2\ndata: bye\n\n"));
        QVERIFY(!plan->step(2));

        r.sse.repeat = true;
        auto again = bench.exchange();
        respond(compiled(r), again);
        QVERIFY(again.reply.stream->step(2)); // starts over
        QCOMPARE(again.reply.stream->step(5)->text, again.reply.stream->step(1)->text);
    }

    void responseDelayStillWaitsOnTheScheduler() {
        core::model::MockResponse r;
        r.bodyKind = BodyKind::sse;
        r.sse.events = {{"", "", "x", 0}};
        r.delayMs = 40;
        const auto route = compiled(r);
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        bool done = false;
        core::mock::respondFromRoute(route, ex, nullptr, 1 << 20, [&] { done = true; });
        QVERIFY(!done);
        QCOMPARE(bench.scheduler.requested, std::vector<core::Clock::Duration>{40ms});
        bench.scheduler.advance(40ms);
        QVERIFY(done);
    }

    void gzipLeavesStreamsAlone() {
        core::mock::GzipMiddleware gzip(1, 6);
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        ex.request.headers.push_back({"Accept-Encoding", "gzip", true});
        ex.respond(200, {}, {{"Content-Type", "text/event-stream", true}});
        auto plan = std::make_shared<Plan>();
        plan->kind = Plan::Kind::events;
        plan->events = {{"", "", std::string(5000, 'x'), 0}};
        ex.reply.stream = plan;
        QVERIFY(bench.run(gzip, ex));
        QVERIFY(!core::model::hasHeader(ex.reply.headers, "Content-Encoding"));
        QVERIFY(ex.reply.stream);
    }

    void selfSignedIdentity() {
        auto identity = core::mock::makeSelfSignedIdentity("127.0.0.1");
        QVERIFY2(identity, identity ? "" : identity.error().message.c_str());
        QVERIFY(identity->certificatePem.starts_with("-----BEGIN CERTIFICATE-----"));
        QVERIFY(identity->privateKeyPem.starts_with("-----BEGIN PRIVATE KEY-----"));

        QTemporaryDir dir;
        const std::filesystem::path base = dir.path().toStdString();
        writeFile(base / "cert.pem", identity->certificatePem);
        writeFile(base / "key.pem", identity->privateKeyPem);
        auto loaded = core::mock::loadTlsIdentity("cert.pem", "key.pem", base);
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        QCOMPARE(loaded->certificatePem, identity->certificatePem);

        auto missing = core::mock::loadTlsIdentity("none.pem", "key.pem", base);
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.find("none.pem") != std::string::npos,
                 missing.error().message.c_str());
        writeFile(base / "junk.pem", "not a certificate");
        auto junk = core::mock::loadTlsIdentity("junk.pem", "key.pem", base);
        QVERIFY(!junk);
        QVERIFY2(junk.error().message.find("junk.pem") != std::string::npos,
                 junk.error().message.c_str());
        auto other = core::mock::makeSelfSignedIdentity("127.0.0.1");
        writeFile(base / "other-key.pem", other->privateKeyPem);
        auto mismatch = core::mock::loadTlsIdentity("cert.pem", "other-key.pem", base);
        QVERIFY(!mismatch);
        QVERIFY2(mismatch.error().message.find("does not match") != std::string::npos,
                 mismatch.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(MockStreamingTest)
#include "test_mock_streaming.moc"
