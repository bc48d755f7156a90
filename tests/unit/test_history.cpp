#include "io/history.h"
#include "io/redaction.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace quiver::core;
using namespace quiver::core::io;
using namespace quiver::core::model;
namespace fs = std::filesystem;

namespace {

HistoryEntry entry(std::string method, std::string url, int status, std::int64_t sentAtMs = 0) {
    HistoryEntry e;
    e.sentAtMs = sentAtMs;
    e.request.method = std::move(method);
    e.request.url = std::move(url);
    e.status = status;
    e.reason = status == 200 ? "OK" : "Not Found";
    e.responseHeaders = {{"Content-Type", "text/plain"}};
    e.bodyPreview = "hello";
    e.bodySize = 5;
    e.timings.totalMs = 12.5;
    return e;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::size_t lineCount(const fs::path& path) {
    std::string text = readText(path);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    fs::path freshFile() {
        return fs::path(m_dir.path().toStdString()) / ("h" + std::to_string(++m_counter)) /
               ".quiver" / "history.jsonl";
    }

private slots:
    void appendsAndReopens() {
        fs::path file = freshFile();
        auto store = HistoryStore::open(file);
        QVERIFY(store.ok());
        QVERIFY(store->entries().empty());
        QVERIFY(!store->append(entry("GET", "http://a/1", 200, 1000)));
        QVERIFY(!store->append(entry("POST", "http://a/2", 404, 1000)));
        QVERIFY(!store->append(entry("GET", "http://a/3", 200, 999))); // clock went back
        QCOMPARE(store->entries().size(), std::size_t(3));
        const auto& e = store->entries();
        QVERIFY(!e[0].id.empty());
        QVERIFY(e[0].id < e[1].id);
        QVERIFY(e[1].id < e[2].id);
        QCOMPARE(lineCount(file), std::size_t(3));

        auto reopened = HistoryStore::open(file);
        QVERIFY(reopened.ok());
        QVERIFY(reopened->lineErrors().empty());
        QCOMPARE(reopened->entries(), store->entries());
    }

    void boundedByTheLimit() {
        fs::path file = freshFile();
        auto store = HistoryStore::open(file, 3);
        QVERIFY(store.ok());
        for (int i = 0; i < 5; ++i)
            QVERIFY(!store->append(entry("GET", "http://a/" + std::to_string(i), 200)));
        QCOMPARE(store->entries().size(), std::size_t(3));
        QCOMPARE(store->entries().front().request.url, std::string("http://a/2"));
        QCOMPARE(lineCount(file), std::size_t(3));

        QVERIFY(!store->setLimit(2));
        QCOMPARE(lineCount(file), std::size_t(2));
        auto reopened = HistoryStore::open(file, 1); // a smaller limit shows the newest only
        QCOMPARE(reopened->entries().size(), std::size_t(1));
        QCOMPARE(reopened->entries().front().request.url, std::string("http://a/4"));

        QVERIFY(!store->clear());
        QVERIFY(store->entries().empty());
        QCOMPARE(lineCount(file), std::size_t(0));
    }

    void damagedLinesAreSkippedAndReported() {
        fs::path file = freshFile();
        {
            auto store = HistoryStore::open(file);
            QVERIFY(!store->append(entry("GET", "http://a/1", 200)));
        }
        {
            std::ofstream out(file, std::ios::app | std::ios::binary);
            out << "{not json\n";
            out << "{\"id\": 5, \"request\": {}}\n";                  // wrong type
            out << "{\"id\": \"x\", \"request\": {\"method\": 3}}\n"; // bad request
            out << "{\"id\": \"torn";                                 // a crash mid-write
        }
        auto store = HistoryStore::open(file);
        QVERIFY(store.ok());
        QCOMPARE(store->entries().size(), std::size_t(1));
        QCOMPARE(store->lineErrors().size(), std::size_t(4));
        QVERIFY2(store->lineErrors()[0].find("line 2") != std::string::npos,
                 store->lineErrors()[0].c_str());
        QVERIFY(store->lineErrors()[0].find(file.string()) != std::string::npos);

        // Appending after a torn line keeps the new entry whole.
        QVERIFY(!store->append(entry("GET", "http://a/2", 200)));
        auto reopened = HistoryStore::open(file);
        QCOMPARE(reopened->entries().size(), std::size_t(2));
        QCOMPARE(reopened->entries().back().request.url, std::string("http://a/2"));
        QCOMPARE(reopened->lineErrors().size(), std::size_t(4));
    }

    void searchesMethodUrlStatusAndSource() {
        auto store = HistoryStore::open(freshFile());
        auto a = entry("GET", "http://Example.com/users", 200);
        auto b = entry("DELETE", "http://other/items", 404);
        b.sourcePath = "requests/api/Delete-Item.json";
        QVERIFY(!store->append(a));
        QVERIFY(!store->append(b));
        QCOMPARE(store->search("").size(), std::size_t(2));
        QCOMPARE(store->search("example.COM").size(), std::size_t(1));
        QCOMPARE(store->search("delete").size(), std::size_t(1));
        QCOMPARE(store->search("404").front()->request.method, std::string("DELETE"));
        QCOMPARE(store->search("api/delete-item").size(), std::size_t(1));
        QVERIFY(store->search("nothing-like-this").empty());
    }

    void makeEntrySummarisesTheResponse() {
        Request sent;
        sent.url = "http://h/x?key=CANARY-7f3a";
        sent.headers = {{"Authorization", "Bearer CANARY-7f3a"}, {"X-Key", "CANARY-7f3a"}};
        sent.auth.kind = Auth::Kind::bearer;
        sent.auth.token = "CANARY-7f3a";
        Request redacted = Redaction{{"CANARY-7f3a"}, false}.apply(sent);

        Response response;
        response.status = 200;
        response.reason = "OK";
        response.headers = {{"Content-Type", "application/octet-stream"},
                            {"Set-Cookie", "sid=CANARY-7f3a"}};
        std::string big(HistoryStore::kPreviewBytes + 10, 'x');
        response.body = std::make_shared<const std::string>(big);
        response.bodySize = big.size();
        response.timings.totalMs = 3;
        response.remoteAddress = "127.0.0.1:8080";

        HistoryEntry made = HistoryStore::makeEntry(redacted, response, "requests/x.json");
        QCOMPARE(made.status, 200);
        QCOMPARE(made.bodyPreview.size(), HistoryStore::kPreviewBytes);
        QVERIFY(made.bodyTruncated);
        QCOMPARE(made.bodySize, std::uint64_t(big.size()));
        QCOMPARE(made.bodyContentType, std::string("application/octet-stream"));
        QCOMPARE(made.sourcePath, std::string("requests/x.json"));
        QVERIFY(made.sentAtMs > 0);

        fs::path file = freshFile();
        auto store = HistoryStore::open(file);
        QVERIFY(!store->append(made));
        std::string text = readText(file);
        QVERIFY(text.find("CANARY-7f3a") == std::string::npos);
        QVERIFY(text.find("<redacted>") != std::string::npos);
        auto reopened = HistoryStore::open(file);
        QCOMPARE(reopened->entries().front().request, redacted);
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "test_history.moc"
