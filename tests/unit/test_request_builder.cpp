// What goes on the wire before the client adds Host and cookies: auth, body encoding,
// default headers, method validation.

#include "http/body_collector.h"
#include "http/content_decoder.h"
#include "http/request_builder.h"

#include <QtTest>
#include <fstream>

using namespace quiver::core;

namespace {
std::string header(const http::PreparedRequest& r, std::string_view name) {
    return model::findHeader(r.headers, name).value_or("<none>");
}
} // namespace

class RequestBuilderTest : public QObject {
    Q_OBJECT
private slots:
    void authHelpers() {
        Random random(1);
        model::Request r;
        r.url = "http://example.com/a";
        r.auth.kind = model::Auth::Kind::basic;
        r.auth.username = "ada";
        r.auth.password = "s3cret";
        QCOMPARE(header(*http::prepareRequest(r, random), "Authorization"),
                 std::string("Basic YWRhOnMzY3JldA=="));
        r.auth = {};
        r.auth.kind = model::Auth::Kind::bearer;
        r.auth.token = "tok";
        QCOMPARE(header(*http::prepareRequest(r, random), "Authorization"),
                 std::string("Bearer tok"));
        r.auth = {};
        r.auth.kind = model::Auth::Kind::apiKey;
        r.auth.keyName = "X-Key";
        r.auth.keyValue = "v1";
        QCOMPARE(header(*http::prepareRequest(r, random), "X-Key"), std::string("v1"));
        r.auth.location = model::Auth::Location::query;
        auto prepared = http::prepareRequest(r, random);
        QCOMPARE(prepared->url.target, std::string("/a?X-Key=v1"));
        QCOMPARE(header(*prepared, "X-Key"), std::string("<none>"));
    }

    void credentialsInTheUrlBecomeBasicAuth() {
        Random random(1);
        model::Request r;
        r.url = "http://ada:pw@example.com/";
        QCOMPARE(header(*http::prepareRequest(r, random), "Authorization"),
                 std::string("Basic YWRhOnB3"));
    }

    void bodyKindsSetTheirContentType() {
        Random random(1);
        model::Request r;
        r.method = "POST";
        r.url = "http://example.com/";
        r.body.kind = model::Body::Kind::json;
        r.body.text = "{\"a\":1}";
        auto p = http::prepareRequest(r, random);
        QCOMPARE(header(*p, "Content-Type"), std::string("application/json"));
        QCOMPARE(p->body.length, std::uint64_t(7));
        r.body = {};
        r.body.kind = model::Body::Kind::form;
        r.body.fields = {{"a b", "c&d"}, {"off", "x", false, {}, {}, false}};
        p = http::prepareRequest(r, random);
        QCOMPARE(header(*p, "Content-Type"), std::string("application/x-www-form-urlencoded"));
        QCOMPARE(p->body.segments.at(0).bytes, std::string("a+b=c%26d"));
        r.headers.push_back({"Content-Type", "text/x-mine", true});
        p = http::prepareRequest(r, random);
        QCOMPARE(header(*p, "Content-Type"), std::string("text/x-mine")); // the user's wins
        r.headers.clear();
        r.body = {};
        r.body.kind = model::Body::Kind::multipart;
        r.body.fields = {{"a", "1"}};
        p = http::prepareRequest(r, random);
        QVERIFY(QString::fromStdString(header(*p, "Content-Type"))
                    .startsWith("multipart/form-data; boundary="));
    }

    void defaultHeaders() {
        Random random(1);
        model::Request r;
        r.url = "example.com";
        r.settings.decompress = false;
        auto p = http::prepareRequest(r, random);
        QCOMPARE(p->url.scheme, std::string("http"));
        QCOMPARE(header(*p, "User-Agent"), std::string("quiver/0.1"));
        QCOMPARE(header(*p, "Accept"), std::string("*/*"));
        QCOMPARE(header(*p, "Accept-Encoding"), std::string("<none>"));
        r.settings.decompress = true;
        QCOMPARE(header(*http::prepareRequest(r, random), "Accept-Encoding"),
                 std::string("gzip, deflate"));
        r.headers.push_back({"X-Off", "1", false});
        QCOMPARE(header(*http::prepareRequest(r, random), "X-Off"), std::string("<none>"));
    }

    void methodsAreTokens() {
        QVERIFY(http::isValidMethod("PURGE"));
        QVERIFY(http::isValidMethod("M-SEARCH"));
        QVERIFY(!http::isValidMethod("GET X"));
        QVERIFY(!http::isValidMethod(""));
        Random random(1);
        model::Request r;
        r.url = "http://example.com/";
        r.method = "BAD METHOD";
        auto p = http::prepareRequest(r, random);
        QVERIFY(!p);
        QVERIFY(p.error().kind == ErrorKind::protocol);
        QVERIFY(http::isIdempotent("PUT"));
        QVERIFY(!http::isIdempotent("POST"));
    }

    void headersCannotSmuggleLines() {
        Random random(1);
        model::Request r;
        r.url = "http://example.com/";
        r.headers = {{"X-A", "ok\r\nInjected: 1", true}};
        auto p = http::prepareRequest(r, random);
        QVERIFY(!p);
        QVERIFY(p.error().kind == ErrorKind::protocol);
        r.headers = {{"Bad Name", "v", true}};
        QVERIFY(!http::prepareRequest(r, random));
        r.headers = {{"X-Huge", std::string(70000, 'a'), true}};
        p = http::prepareRequest(r, random);
        QVERIFY(!p);
        QVERIFY(p.error().kind == ErrorKind::limit);
        r.headers = {{"X-Off", "bad\r\n", false}}; // a disabled row is not sent, not checked
        QVERIFY(http::prepareRequest(r, random));
    }

    void collectorKeepsSmallBodiesInMemoryDecodedAndRaw() {
        model::RequestSettings settings;
        const std::string text(10000, 'q');
        const std::string gz = http::gzipCompress(text);
        http::BodyCollector collector(settings, gz.size(), "gzip", "unused", {});
        QVERIFY(!collector.write(std::string_view(gz).substr(0, 10)));
        QVERIFY(!collector.write(std::string_view(gz).substr(10)));
        model::Response response;
        QVERIFY(!collector.finish(response));
        QCOMPARE(*response.body, text);
        QCOMPARE(*response.rawBody, gz);
        QCOMPARE(response.bodySize, std::uint64_t(text.size()));
        QVERIFY(response.bodyFile.empty());
    }

    void collectorSpillsLargeBodiesToAFileWithProgress() {
        model::RequestSettings settings;
        settings.streamThresholdBytes = 1000;
        int progressCalls = 0;
        http::BodyCollector collector(settings, std::nullopt, "", "quiver-test-spill.bin",
                                      [&](std::uint64_t, std::uint64_t) { ++progressCalls; });
        std::string expected;
        for (int i = 0; i < 100; ++i) {
            std::string chunk(10000, char('a' + i % 26));
            expected += chunk;
            QVERIFY(!collector.write(chunk));
        }
        model::Response response;
        QVERIFY(!collector.finish(response));
        QVERIFY(!response.body);
        QVERIFY(!response.bodyFile.empty());
        std::ifstream in(response.bodyFile, std::ios::binary);
        std::string onDisk((std::istreambuf_iterator<char>(in)), {});
        QCOMPARE(onDisk.size(), expected.size());
        QVERIFY(onDisk == expected);
        QCOMPARE(progressCalls, 3); // every 256 KB of 1 MB
        std::remove(response.bodyFile.c_str());
    }

    void collectorCapsDecompressedSize() {
        model::RequestSettings settings;
        settings.maxBodyBytes = 1000;
        const std::string bomb = http::gzipCompress(std::string(1'000'000, '\0'));
        http::BodyCollector collector(settings, bomb.size(), "gzip", "unused", {});
        Error e = collector.write(bomb);
        model::Response response;
        if (!e)
            e = collector.finish(response);
        QVERIFY2(e.kind == ErrorKind::limit, e.message.c_str());
    }
};

QTEST_GUILESS_MAIN(RequestBuilderTest)
#include "test_request_builder.moc"
