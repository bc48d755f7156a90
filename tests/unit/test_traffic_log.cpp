// The traffic ring: ids, batched reads, eviction by count and by bytes, truncated bodies with
// their mark, redaction of secrets (and keeping them when asked), concurrent writers.

#include "mock/traffic_log.h"

#include <QtTest>
#include <thread>

using namespace quiver;
using core::mock::TrafficEntry;
using core::mock::TrafficLog;

namespace {

// An entry costing exactly `cost` bytes: "GET" and a target of cost - 3 characters.
TrafficEntry entryOfCost(std::size_t cost) {
    TrafficEntry entry;
    entry.method = "GET";
    entry.target = "/" + std::string(cost - 4, 'a');
    return entry;
}

std::vector<std::uint64_t> idsOf(const std::vector<TrafficEntry>& entries) {
    std::vector<std::uint64_t> ids;
    for (const auto& entry : entries)
        ids.push_back(entry.id);
    return ids;
}

using Ids = std::vector<std::uint64_t>;

} // namespace

class TrafficLogTest : public QObject {
    Q_OBJECT
private slots:
    void idsGrowAndSnapshotSinceReadsTheRest() {
        TrafficLog log;
        QCOMPARE(log.append(entryOfCost(10)), std::uint64_t(1));
        QCOMPARE(log.append(entryOfCost(10)), std::uint64_t(2));
        QCOMPARE(log.append(entryOfCost(10)), std::uint64_t(3));
        QCOMPARE(idsOf(log.snapshotSince(0)), (Ids{1, 2, 3}));
        QCOMPARE(idsOf(log.snapshotSince(2)), (Ids{3}));
        QVERIFY(log.snapshotSince(3).empty());
        QVERIFY(log.snapshotSince(99).empty());
        QCOMPARE(log.counters().bytes, std::uint64_t(30));
    }

    void theOldestGoWhenTheCountIsPassed() {
        TrafficLog log({.maxEntries = 3});
        for (int i = 0; i < 5; ++i)
            log.append(entryOfCost(10));
        QCOMPARE(idsOf(log.snapshotSince(0)), (Ids{3, 4, 5}));
        QCOMPARE(idsOf(log.snapshotSince(1)), (Ids{3, 4, 5})); // a reader that fell behind
        QCOMPARE(idsOf(log.snapshotSince(4)), (Ids{5}));
        const auto counters = log.counters();
        QCOMPARE(counters.appended, std::uint64_t(5));
        QCOMPARE(counters.evicted, std::uint64_t(2));
        QCOMPARE(counters.entries, std::uint64_t(3));
        QCOMPARE(counters.bytes, std::uint64_t(30));
    }

    void theOldestGoWhenTheBytesArePassed() {
        TrafficLog log({.maxEntries = 100, .maxBytes = 250});
        QCOMPARE(core::mock::byteCost(entryOfCost(100)), std::uint64_t(100));
        for (int i = 0; i < 3; ++i)
            log.append(entryOfCost(100));
        QCOMPARE(idsOf(log.snapshotSince(0)), (Ids{2, 3}));
        QCOMPARE(log.counters().bytes, std::uint64_t(200));
        log.append(entryOfCost(50)); // exactly at the bound: nothing goes
        QCOMPARE(idsOf(log.snapshotSince(0)), (Ids{2, 3, 4}));
        QCOMPARE(log.counters().bytes, std::uint64_t(250));
        log.append(entryOfCost(10));
        QCOMPARE(idsOf(log.snapshotSince(0)), (Ids{3, 4, 5}));
        QCOMPARE(log.counters().bytes, std::uint64_t(160));
        // Alone over the bound, the newest is still kept so the last request can be seen.
        log.append(entryOfCost(400));
        QCOMPARE(idsOf(log.snapshotSince(0)), (Ids{6}));
        QCOMPARE(log.counters().evicted, std::uint64_t(5));
    }

    void everyStringCountsInTheCost() {
        TrafficEntry entry = entryOfCost(10);
        entry.requestHeaders = {{"Accept", "x/y", true}};          // 9
        entry.responseHeaders = {{"ETag", "\"1\"", true}};         // 7
        entry.requestBody = core::mock::captureBody("abc", 10);    // 3
        entry.responseBody = core::mock::captureBody("hello", 10); // 5
        entry.layers = {{"cors", {}, {}}};                         // 4
        entry.clientAddress = "1.2.3.4:5";                         // 9
        entry.routeId = "get-x";                                   // 5
        QCOMPARE(core::mock::byteCost(entry), std::uint64_t(10 + 9 + 7 + 3 + 5 + 4 + 9 + 5));
    }

    void bodiesAreCutWithAMark() {
        auto body = core::mock::captureBody("hello world", 5);
        QCOMPARE(QString::fromStdString(body.text), QString("hello"));
        QVERIFY(body.truncated);
        QCOMPARE(body.size, std::uint64_t(11));
        body = core::mock::captureBody("hello", 5);
        QVERIFY(!body.truncated);

        TrafficLog log({.maxBodyBytes = 4});
        TrafficEntry entry = entryOfCost(10);
        entry.requestBody = core::mock::captureBody("abcdefgh", 100);
        entry.responseBody = core::mock::captureBody("xyz", 100);
        log.append(entry);
        const auto kept = log.snapshotSince(0).at(0);
        QCOMPARE(QString::fromStdString(kept.requestBody.text), QString("abcd"));
        QVERIFY(kept.requestBody.truncated);
        QCOMPARE(kept.requestBody.size, std::uint64_t(8));
        QCOMPARE(QString::fromStdString(kept.responseBody.text), QString("xyz"));
        QVERIFY(!kept.responseBody.truncated);
        QCOMPARE(log.counters().bytes, std::uint64_t(10 + 4 + 3));
    }

    void secretsAreRedactedByDefault() {
        TrafficLog log;
        TrafficEntry entry = entryOfCost(10);
        entry.requestHeaders = {{"authorization", "Bearer s3cret", true},
                                {"Proxy-Authorization", "Basic eDp5", true},
                                {"Cookie", "sid=1", true},
                                {"Accept", "text/plain", true}};
        entry.responseHeaders = {{"Set-Cookie", "sid=2; HttpOnly", true},
                                 {"X-Authorization-Hint", "visible", true}};
        log.append(entry);
        const auto kept = log.snapshotSince(0).at(0);
        const core::model::Headers request{{"authorization", "[redacted]", true},
                                           {"Proxy-Authorization", "[redacted]", true},
                                           {"Cookie", "[redacted]", true},
                                           {"Accept", "text/plain", true}};
        const core::model::Headers response{{"Set-Cookie", "[redacted]", true},
                                            {"X-Authorization-Hint", "visible", true}};
        QVERIFY(kept.requestHeaders == request);
        QVERIFY(kept.responseHeaders == response);
    }

    void secretsAreKeptWhenAsked() {
        TrafficLog log({}, false);
        TrafficEntry entry = entryOfCost(10);
        entry.requestHeaders = {{"Authorization", "Bearer s3cret", true}};
        entry.responseHeaders = {{"Set-Cookie", "sid=2", true}};
        log.append(entry);
        const auto kept = log.snapshotSince(0).at(0);
        QVERIFY(kept.requestHeaders == entry.requestHeaders);
        QVERIFY(kept.responseHeaders == entry.responseHeaders);
    }

    void clearEmptiesButIdsGoOn() {
        TrafficLog log;
        log.append(entryOfCost(10));
        log.append(entryOfCost(10));
        log.clear();
        QVERIFY(log.snapshotSince(0).empty());
        QCOMPARE(log.counters().entries, std::uint64_t(0));
        QCOMPARE(log.counters().bytes, std::uint64_t(0));
        QCOMPARE(log.append(entryOfCost(10)), std::uint64_t(3));
        QCOMPARE(idsOf(log.snapshotSince(0)), (Ids{3}));
    }

    void smallerLimitsEvictAtOnce() {
        TrafficLog log;
        for (int i = 0; i < 6; ++i)
            log.append(entryOfCost(10));
        log.setLimits({.maxEntries = 2});
        QCOMPARE(idsOf(log.snapshotSince(0)), (Ids{5, 6}));
        QCOMPARE(log.limits().maxEntries, std::uint64_t(2));
    }

    void concurrentWritersKeepTheRingConsistent() {
        TrafficLog log({.maxEntries = 100});
        std::vector<std::thread> writers;
        for (int t = 0; t < 4; ++t)
            writers.emplace_back([&log] {
                for (int i = 0; i < 2000; ++i)
                    log.append(entryOfCost(10));
            });
        for (int i = 0; i < 200; ++i)
            log.snapshotSince(0); // a reader at the same time
        for (auto& writer : writers)
            writer.join();
        const auto counters = log.counters();
        QCOMPARE(counters.appended, std::uint64_t(8000));
        QCOMPARE(counters.entries, std::uint64_t(100));
        QCOMPARE(counters.bytes, std::uint64_t(1000));
        Ids expected;
        for (std::uint64_t id = 7901; id <= 8000; ++id)
            expected.push_back(id);
        QCOMPARE(idsOf(log.snapshotSince(0)), expected);
    }
};

QTEST_GUILESS_MAIN(TrafficLogTest)
#include "test_traffic_log.moc"
