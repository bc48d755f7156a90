// gzip: compressed only when Accept-Encoding allows (q-values honoured), the body is large
// enough, not encoded already and the status has a body; the result decodes back with zlib.

#include "mock/middleware/gzip.h"
#include "mock_test_exchange.h"

#include <QtTest>
#include <zlib.h>

using namespace quiver;

namespace {

core::mock::MiddlewarePtr layer(nlohmann::json settings = nlohmann::json::object()) {
    core::model::MiddlewareSpec spec{"gz", core::model::MiddlewareSpec::Kind::gzip, true,
                                     std::move(settings)};
    auto made = core::mock::makeGzip(spec);
    if (!made)
        qFatal("makeGzip: %s", made.error().message.c_str());
    return *made;
}

std::string gunzip(const std::string& data) {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return "<init failed>";
    std::string out;
    char buffer[4096];
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    inflateEnd(&stream);
    return status == Z_STREAM_END ? out : "<inflate failed>";
}

std::string bigText() {
    std::string text;
    for (int i = 0; i < 400; ++i)
        text += "line " + std::to_string(i) + " of a compressible body\n";
    return text;
}

QString header(const core::model::Headers& headers, std::string_view name) {
    auto value = core::model::findHeader(headers, name);
    return value ? QString::fromStdString(*value) : QString("<absent>");
}

test::TestExchange request(test::MiddlewareBench& bench, const std::string& accept) {
    auto ex = bench.exchange();
    if (!accept.empty())
        ex.request.headers.push_back({"Accept-Encoding", accept, true});
    return ex;
}

} // namespace

class GzipTest : public QObject {
    Q_OBJECT
private slots:
    void compressesAndDecodesBack() {
        test::MiddlewareBench bench;
        auto ex = request(bench, "gzip, deflate, br");
        const std::string original = bigText();
        ex.respond(200, original,
                   {{"Content-Type", "text/plain", true},
                    {"Content-Length", std::to_string(original.size()), true}});
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(bench.handlerCalls, 1);
        QCOMPARE(header(ex.reply.headers, "Content-Encoding"), QString("gzip"));
        QCOMPARE(header(ex.reply.headers, "Vary"), QString("Accept-Encoding"));
        QCOMPARE(header(ex.reply.headers, "Content-Length"), QString("<absent>"));
        QVERIFY(ex.reply.body.size() < original.size() / 4);
        QCOMPARE(static_cast<unsigned char>(ex.reply.body[0]), 0x1f); // gzip magic
        QCOMPARE(static_cast<unsigned char>(ex.reply.body[1]), 0x8b);
        QVERIFY(gunzip(ex.reply.body) == original);
    }

    void acceptEncoding_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("gzip");
        QTest::newRow("plain") << "gzip" << true;
        QTest::newRow("case") << "GZIP" << true;
        QTest::newRow("x-gzip") << "x-gzip" << true;
        QTest::newRow("q half") << "br;q=1, gzip;q=0.5" << true;
        QTest::newRow("q zero") << "gzip;q=0" << false;
        QTest::newRow("q zero spaced") << "gzip ; q = 0.000" << false;
        QTest::newRow("q zero beats star") << "*, gzip;q=0" << false;
        QTest::newRow("star") << "*" << true;
        QTest::newRow("star zero") << "*;q=0" << false;
        QTest::newRow("identity only") << "identity" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("bad q") << "gzip;q=abc" << false;
        QTest::newRow("q over 1") << "gzip;q=2" << false;
        QTest::newRow("other param") << "gzip;level=1" << true;
    }
    void acceptEncoding() {
        QFETCH(QString, value);
        QFETCH(bool, gzip);
        QCOMPARE(core::mock::acceptsGzip(value.toStdString()), gzip);
    }

    void refusedLeavesBodyButVaries() {
        test::MiddlewareBench bench;
        auto ex = request(bench, "gzip;q=0, br");
        const std::string original = bigText();
        ex.respond(200, original);
        QVERIFY(bench.run(*layer(), ex));
        QVERIFY(ex.reply.body == original);
        QCOMPARE(header(ex.reply.headers, "Content-Encoding"), QString("<absent>"));
        QCOMPARE(header(ex.reply.headers, "Vary"), QString("Accept-Encoding"));
    }

    void smallBodyLeftAlone() {
        test::MiddlewareBench bench;
        auto ex = request(bench, "gzip");
        ex.respond(200, std::string(1023, 'a'));
        QVERIFY(bench.run(*layer(), ex));
        QCOMPARE(ex.reply.body.size(), std::size_t(1023));
        QCOMPARE(header(ex.reply.headers, "Content-Encoding"), QString("<absent>"));

        auto exact = request(bench, "gzip");
        exact.respond(200, std::string(1024, 'a'));
        QVERIFY(bench.run(*layer(), exact));
        QCOMPARE(header(exact.reply.headers, "Content-Encoding"), QString("gzip"));
    }

    void notForBodylessOrEncoded_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("encoding");
        QTest::newRow("204") << 204 << "";
        QTest::newRow("304") << 304 << "";
        QTest::newRow("101") << 101 << "";
        QTest::newRow("encoded") << 200 << "br";
    }
    void notForBodylessOrEncoded() {
        QFETCH(int, status);
        QFETCH(QString, encoding);
        test::MiddlewareBench bench;
        auto ex = request(bench, "gzip");
        core::model::Headers headers;
        if (!encoding.isEmpty())
            headers.push_back({"Content-Encoding", encoding.toStdString(), true});
        ex.respond(status, bigText(), headers);
        QVERIFY(bench.run(*layer(), ex));
        QVERIFY(ex.reply.body == bigText());
        QCOMPARE(header(ex.reply.headers, "Content-Encoding"),
                 encoding.isEmpty() ? QString("<absent>") : encoding);
    }

    void levelAndMinBytesFromSettings() {
        test::MiddlewareBench bench;
        auto ex = request(bench, "gzip");
        ex.respond(200, "tiny");
        QVERIFY(bench.run(*layer({{"minBytes", 0}, {"level", 9}}), ex));
        QCOMPARE(header(ex.reply.headers, "Content-Encoding"), QString("gzip"));
        QCOMPARE(QString::fromStdString(gunzip(ex.reply.body)), QString("tiny"));
        QCOMPARE(static_cast<unsigned char>(ex.reply.body[8]), 2); // XFL: best compression
    }

    void invalidSettingsRefused() {
        core::model::MiddlewareSpec spec{
            "gz", core::model::MiddlewareSpec::Kind::gzip, true, {{"level", 0}}};
        QVERIFY(!core::mock::makeGzip(spec));
    }
};

QTEST_GUILESS_MAIN(GzipTest)
#include "test_mw_gzip.moc"
