#include "http/content_decoder.h"

#include <QtTest>

using namespace quiver::core;
using namespace quiver::core::http;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString kindOf(const Error& error) {
    return q(std::string(toString(error.kind)));
}

// A text that compresses well but is not trivially repetitive.
std::string sampleText() {
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += "line " + std::to_string(i) + " of the quiver sample body\n";
    return text;
}

// Feeds input in pieces of the given size, then finishes.
Error decodeInPieces(ContentDecoder& decoder, std::string_view input, std::size_t piece,
                     std::string& output) {
    for (std::size_t i = 0; i < input.size(); i += piece)
        if (Error error = decoder.feed(input.substr(i, piece), output))
            return error;
    return decoder.finish(output);
}

} // namespace

class TestContentDecoder : public QObject {
    Q_OBJECT

private slots:
    void createsByEncoding() {
        QVERIFY(ContentDecoder::create("gzip") != nullptr);
        QVERIFY(ContentDecoder::create(" X-GZIP ") != nullptr);
        QVERIFY(ContentDecoder::create("Deflate") != nullptr);
        QVERIFY(ContentDecoder::create("") == nullptr);
        QVERIFY(ContentDecoder::create("identity") == nullptr);
        QVERIFY(ContentDecoder::create("br") == nullptr);
        QVERIFY(ContentDecoder::isSupportedEncoding("identity"));
        QVERIFY(ContentDecoder::isSupportedEncoding(""));
        QVERIFY(ContentDecoder::isSupportedEncoding("GZIP"));
        QVERIFY(!ContentDecoder::isSupportedEncoding("br"));
        QVERIFY(!ContentDecoder::isSupportedEncoding("gzip, br"));
    }

    void decodesGzipInAnyPieces_data() {
        QTest::addColumn<int>("piece");
        QTest::newRow("1 byte") << 1;
        QTest::newRow("7 bytes") << 7;
        QTest::newRow("4096 bytes") << 4096;
        QTest::newRow("whole") << (1 << 30);
    }
    void decodesGzipInAnyPieces() {
        QFETCH(int, piece);
        const std::string text = sampleText();
        const std::string gz = gzipCompress(text);
        QVERIFY(gz.size() < text.size() / 4);
        QCOMPARE(static_cast<unsigned char>(gz[0]), 0x1F);
        auto decoder = ContentDecoder::create("gzip");
        std::string out;
        const Error error = decodeInPieces(*decoder, gz, std::size_t(piece), out);
        QVERIFY2(!error, error.message.c_str());
        QCOMPARE(out.size(), text.size());
        QVERIFY(out == text);
    }

    void decodesZlibAndRawDeflate() {
        const std::string text = sampleText();
        for (bool wrapped : {true, false}) {
            const std::string compressed = deflateCompress(text, wrapped);
            for (std::size_t piece : {std::size_t(1), std::size_t(3), compressed.size()}) {
                auto decoder = ContentDecoder::create("deflate");
                std::string out;
                const Error error = decodeInPieces(*decoder, compressed, piece, out);
                QVERIFY2(!error, error.message.c_str());
                QVERIFY(out == text);
            }
        }
    }

    void concatenatedGzipMembers() {
        const std::string gz = gzipCompress("first ") + gzipCompress("second");
        ContentDecoder decoder(ContentDecoder::Format::gzip);
        std::string out;
        QVERIFY(!decodeInPieces(decoder, gz, 5, out));
        QCOMPARE(q(out), QStringLiteral("first second"));
    }

    void emptyBodyIsFine() {
        ContentDecoder decoder(ContentDecoder::Format::gzip);
        std::string out;
        QVERIFY(!decoder.feed("", out));
        QVERIFY(!decoder.finish(out));
        QVERIFY(out.empty());
    }

    void corruptGzipIsAProtocolError() {
        std::string gz = gzipCompress(sampleText());
        gz[gz.size() / 2] ^= 0x55;
        gz[gz.size() / 2 + 1] ^= 0x55;
        ContentDecoder decoder(ContentDecoder::Format::gzip);
        std::string out;
        const Error error = decodeInPieces(decoder, gz, 512, out);
        QCOMPARE(kindOf(error), QStringLiteral("protocol"));
        QVERIFY2(q(error.message).startsWith("corrupt gzip data near byte "),
                 error.message.c_str());
        // The error sticks: later calls return it rather than resuming on broken state.
        const Error again = decoder.feed("more", out);
        QCOMPARE(q(again.message), q(error.message));
    }

    void notGzipAtAll() {
        ContentDecoder decoder(ContentDecoder::Format::gzip);
        std::string out;
        const Error error = decoder.feed("<html>plain text sent as gzip</html>", out);
        QCOMPARE(kindOf(error), QStringLiteral("protocol"));
        QCOMPARE(q(error.message), QStringLiteral("corrupt gzip data near byte 2 of the compressed "
                                                  "body: incorrect header check"));
    }

    void truncatedGzipIsAProtocolError() {
        const std::string text = sampleText();
        const std::string gz = gzipCompress(text);
        const std::string cut = gz.substr(0, gz.size() - 10); // loses most of the trailer
        ContentDecoder decoder(ContentDecoder::Format::gzip);
        std::string out;
        QVERIFY(!decoder.feed(cut, out));
        const Error error = decoder.finish(out);
        QCOMPARE(kindOf(error), QStringLiteral("protocol"));
        QCOMPARE(q(error.message),
                 q("truncated gzip body: it ended after " + std::to_string(cut.size()) +
                   " compressed bytes, before the end of the compressed stream"));
    }

    void capsOutputAgainstZipBombs() {
        const std::string zeros(10 * 1024 * 1024, '\0');
        const std::string gz = gzipCompress(zeros);
        QVERIFY(gz.size() < 20 * 1024);
        auto decoder = ContentDecoder::create("gzip", 1024 * 1024);
        std::string out;
        const Error error = decodeInPieces(*decoder, gz, gz.size(), out);
        QCOMPARE(kindOf(error), QStringLiteral("limit"));
        QCOMPARE(q(error.message), QStringLiteral("decompressed body exceeds 1048576 bytes"));
        QVERIFY(out.size() <= 1024 * 1024);

        ContentDecoder exact(ContentDecoder::Format::deflate);
        exact.setMaxOutput(5);
        std::string five;
        QVERIFY(!decodeInPieces(exact, deflateCompress("12345", true), 2, five));
        QCOMPARE(q(five), QStringLiteral("12345"));
        ContentDecoder over(ContentDecoder::Format::deflate, 4);
        std::string four;
        QCOMPARE(kindOf(decodeInPieces(over, deflateCompress("12345", false), 2, four)),
                 QStringLiteral("limit"));
    }
};

QTEST_GUILESS_MAIN(TestContentDecoder)
#include "test_content_decoder.moc"
