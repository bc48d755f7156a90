#include "http/multipart.h"

#include <QtTest>
#include <fstream>
#include <unistd.h>

using namespace quiver::core;
using namespace quiver::core::http;
using quiver::core::model::FormField;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString kindOf(const Error& error) {
    return q(std::string(toString(error.kind)));
}

// Writes bytes to a file inside dir and returns its path.
std::string writeFile(const QTemporaryDir& dir, const QString& name, const std::string& bytes) {
    const std::string path = dir.filePath(name).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

// The body as it goes on the wire, with files read back from disk.
std::string flatten(const StreamedBody& body) {
    std::string out;
    for (const BodySegment& segment : body.segments) {
        if (!segment.isFile()) {
            out += segment.bytes;
            continue;
        }
        std::ifstream in(segment.filePath, std::ios::binary);
        out += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return out;
}

} // namespace

class TestMultipart : public QObject {
    Q_OBJECT

private slots:
    void encodesByteForByte() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string fileBytes("PNG\0\r\nbytes", 12);
        const std::string png = writeFile(dir, "photo.PNG", fileBytes);
        const std::string data = writeFile(dir, "data.bin", "xyz");
        const std::vector<FormField> fields{
            {"title", "Hello\r\nWorld", false, "", "", true},
            {"skipped", "no", false, "", "", false},
            {"avatar", png, true, "", "", true},
            {"say \"hi\"\r\n", "v", false, "", "", true},
            {"blob", data, true, "my \"file\".dat", "application/x-custom", true},
        };
        auto body = encodeMultipart(fields, "XyZ-123");
        QVERIFY2(body.ok(), body.ok() ? "" : body.error().message.c_str());
        QCOMPARE(q(body->contentType), QStringLiteral("multipart/form-data; boundary=XyZ-123"));
        const std::string expected =
            "--XyZ-123\r\n"
            "Content-Disposition: form-data; name=\"title\"\r\n"
            "\r\n"
            "Hello\r\nWorld\r\n"
            "--XyZ-123\r\n"
            "Content-Disposition: form-data; name=\"avatar\"; filename=\"photo.PNG\"\r\n"
            "Content-Type: image/png\r\n"
            "\r\n" +
            fileBytes +
            "\r\n"
            "--XyZ-123\r\n"
            "Content-Disposition: form-data; name=\"say %22hi%22%0D%0A\"\r\n"
            "\r\n"
            "v\r\n"
            "--XyZ-123\r\n"
            "Content-Disposition: form-data; name=\"blob\"; filename=\"my %22file%22.dat\"\r\n"
            "Content-Type: application/x-custom\r\n"
            "\r\n"
            "xyz\r\n"
            "--XyZ-123--\r\n";
        const std::string wire = flatten(*body);
        QCOMPARE(QByteArray::fromStdString(wire), QByteArray::fromStdString(expected));
        QCOMPARE(body->length, std::uint64_t(expected.size()));
        // Files stay on disk: two file segments, the rest merged into bytes between them.
        QCOMPARE(body->segments.size(), std::size_t(5));
        QCOMPARE(q(body->segments[1].filePath), q(png));
        QCOMPARE(body->segments[1].fileSize, std::uint64_t(12));
        QVERIFY(body->segments[1].bytes.empty());
        QCOMPARE(body->segments[3].fileSize, std::uint64_t(3));
    }

    void emptyFormHasOnlyTheCloser() {
        auto body = encodeMultipart({{"x", "1", false, "", "", false}}, "b");
        QVERIFY(body.ok());
        QCOMPARE(q(flatten(*body)), QStringLiteral("--b--\r\n"));
        QCOMPARE(body->length, std::uint64_t(7));
    }

    void missingFileIsAnIoError() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("nope.txt").toStdString();
        auto body = encodeMultipart({{"f", path, true, "", "", true}}, "b");
        QVERIFY(!body.ok());
        QCOMPARE(kindOf(body.error()), QStringLiteral("io"));
        QCOMPARE(q(body.error().message),
                 q("cannot send file \"" + path + "\": No such file or directory"));

        auto directory = fileBody(dir.path().toStdString(), "");
        QVERIFY(!directory.ok());
        QCOMPARE(q(directory.error().message),
                 q("cannot send file \"" + dir.path().toStdString() + "\": it is a directory"));
    }

    void unreadableFileIsAnIoError() {
        if (::geteuid() == 0)
            QSKIP("root can read any file");
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "secret.txt", "s");
        QFile::setPermissions(q(path), QFileDevice::WriteOwner);
        auto body = fileBody(path, "");
        QVERIFY(!body.ok());
        QCOMPARE(q(body.error().message),
                 q("cannot send file \"" + path + "\": Permission denied"));
    }

    void rejectsBadBoundary() {
        QVERIFY(!encodeMultipart({}, "").ok());
        QVERIFY(!encodeMultipart({}, "has space").ok());
        QVERIFY(!encodeMultipart({}, std::string(71, 'a')).ok());
        QVERIFY(encodeMultipart({}, std::string(70, 'a')).ok());
    }

    void fileBodyStreamsOneFile() {
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "report.json", "{\"a\":1}");
        auto guessed = fileBody(path, "");
        QVERIFY(guessed.ok());
        QCOMPARE(q(guessed->contentType), QStringLiteral("application/json"));
        QCOMPARE(guessed->length, std::uint64_t(7));
        QCOMPARE(guessed->segments.size(), std::size_t(1));
        QCOMPARE(q(guessed->segments[0].filePath), q(path));
        auto given = fileBody(path, "text/x-mine");
        QVERIFY(given.ok());
        QCOMPARE(q(given->contentType), QStringLiteral("text/x-mine"));
    }

    void encodesUrlencodedForms() {
        const std::vector<FormField> fields{
            {"name", "Ada Lovelace", false, "", "", true}, {"off", "x", false, "", "", false},
            {"sym", "a+b&c=d/é~*", false, "", "", true},   {"empty", "", false, "", "", true},
            {"up", "/tmp/dir/cv.pdf", true, "", "", true},
        };
        QCOMPARE(
            q(encodeFormUrlencoded(fields)),
            QStringLiteral("name=Ada+Lovelace&sym=a%2Bb%26c%3Dd%2F%C3%A9%7E*&empty=&up=cv.pdf"));
        QCOMPARE(q(encodeFormUrlencoded({})), QString());
    }

    void guessesMimeTypes() {
        QCOMPARE(QString::fromLatin1(mimeTypeForPath("/a/b/photo.JPG").data()),
                 QStringLiteral("image/jpeg"));
        QCOMPARE(std::string(mimeTypeForPath("x.json")), std::string("application/json"));
        QCOMPARE(std::string(mimeTypeForPath("archive.tar.gz")), std::string("application/gzip"));
        QCOMPARE(std::string(mimeTypeForPath("dir.d/README")),
                 std::string("application/octet-stream"));
        QCOMPARE(std::string(mimeTypeForPath(".bashrc")), std::string("application/octet-stream"));
        QCOMPARE(std::string(mimeTypeForPath("f.unknownext")),
                 std::string("application/octet-stream"));
        QCOMPARE(std::string(mimeTypeForPath("C:\\docs\\a.svg")), std::string("image/svg+xml"));
    }

    void boundariesAreValid() {
        const std::string boundary = makeMultipartBoundary(0x0123456789abcdefull);
        QCOMPARE(q(boundary), QStringLiteral("----QuiverFormBoundaryfedcba9876543210"));
        QVERIFY(encodeMultipart({}, boundary).ok());
    }
};

QTEST_GUILESS_MAIN(TestMultipart)
#include "test_multipart.moc"
