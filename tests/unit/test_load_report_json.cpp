#include "load/load_report_json.h"

#include <QtTest>

using namespace quiver::core;
using namespace quiver::core::load;
using nlohmann::json;

namespace {

LoadReport sample() {
    LoadReport r;
    r.name = "Create user";
    r.method = "POST";
    r.url = "http://127.0.0.1:8080/users";
    r.date = "2026-11-23T06:01:02Z";
    r.options.totalRequests = 200;
    r.options.concurrency = 4;
    r.options.rate = 12.5;
    r.options.keepAlive = false;
    r.options.connectionsPerHost = 2;
    r.options.warmupMs = 500;
    r.options.timeoutMs = 1'500;
    LoadSnapshot& s = r.result;
    s.sent = 201;
    s.completed = 198;
    s.errors = 2;
    s.late = 3;
    s.dropped = 1;
    s.bytesReceived = 123'456;
    s.bytesSent = 7'890;
    s.elapsedSeconds = 2.25;
    s.requestsPerSecond = 88.0;
    s.latency = {0.5, 3.25, 2.0, 6.0, 20.0, 41.5, 42.0};
    s.statusCounts = {{200, 190}, {503, 8}};
    s.errorCounts = {{"timeout", 2}};
    s.histogram = {{0.5, 0.51, 3}, {2.0, 2.02, 150}, {41.5, 42.0, 1}};
    s.requestsPerSecondSeries = {80.0, 96.0};
    s.finished = true;
    s.failure = "connect: refused";
    return r;
}

} // namespace

class TestLoadReportJson : public QObject {
    Q_OBJECT

private slots:
    void roundTrips() {
        const LoadReport original = sample();
        const json written = toJson(original);
        // Through text, as it is stored.
        auto read = loadReportFromJson(json::parse(written.dump(2)), "run.json");
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().message.c_str());
        const LoadReport& r = read.value();
        QCOMPARE(r.name, original.name);
        QCOMPARE(r.method, original.method);
        QCOMPARE(r.url, original.url);
        QCOMPARE(r.date, original.date);
        QCOMPARE(r.options.totalRequests, 200u);
        QCOMPARE(r.options.concurrency, 4u);
        QCOMPARE(r.options.rate, 12.5);
        QCOMPARE(r.options.keepAlive, false);
        QCOMPARE(r.options.connectionsPerHost, 2u);
        QCOMPARE(r.options.warmupMs, 500u);
        QCOMPARE(r.options.timeoutMs, 1'500u);
        const LoadSnapshot& s = r.result;
        QCOMPARE(s.sent, 201u);
        QCOMPARE(s.completed, 198u);
        QCOMPARE(s.errors, 2u);
        QCOMPARE(s.late, 3u);
        QCOMPARE(s.dropped, 1u);
        QCOMPARE(s.bytesReceived, 123'456u);
        QCOMPARE(s.bytesSent, 7'890u);
        QCOMPARE(s.elapsedSeconds, 2.25);
        QCOMPARE(s.requestsPerSecond, 88.0);
        QCOMPARE(s.latency.p999Ms, 41.5);
        QCOMPARE(s.latency.meanMs, 3.25);
        QVERIFY(s.statusCounts == original.result.statusCounts);
        QVERIFY(s.errorCounts == original.result.errorCounts);
        QCOMPARE(s.histogram.size(), 3u);
        QCOMPARE(s.histogram[1].count, 150u);
        QCOMPARE(s.histogram[2].upperMs, 42.0);
        QVERIFY(s.requestsPerSecondSeries == original.result.requestsPerSecondSeries);
        QVERIFY(s.finished);
        QCOMPARE(s.failure, original.result.failure);
        // And back again to the same bytes.
        QCOMPARE(toJson(r).dump(2), written.dump(2));
    }

    void resultHasTheCliShape() {
        const json j = snapshotToJson(sample().result);
        QCOMPARE(j["requests"].get<std::uint64_t>(), 200u);
        QCOMPARE(j["latency_ms"]["p99_9"].get<double>(), 41.5);
        QCOMPARE(j["status"]["503"].get<std::uint64_t>(), 8u);
        QCOMPARE(j["errors"]["timeout"].get<std::uint64_t>(), 2u);
        QCOMPARE(j["late"].get<std::uint64_t>(), 3u);
        QVERIFY(j.contains("rps") && j.contains("duration_s"));
    }

    void notFiniteNumbersAreWrittenAsZero() {
        LoadReport r = sample();
        r.result.requestsPerSecond = std::numeric_limits<double>::quiet_NaN();
        auto read = loadReportFromJson(toJson(r), "run.json");
        QVERIFY(read.ok());
        QCOMPARE(read->result.requestsPerSecond, 0.0);
    }

    void badInputNamesWhereAndWhy_data() {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("replacement");
        QTest::addColumn<QString>("reason");
        QTest::newRow("format") << "/format"
                                << "7"
                                << "format 7 is not known";
        QTest::newRow("concurrency") << "/options/concurrency"
                                     << "-1"
                                     << "whole number";
        QTest::newRow("status key") << "/result/status"
                                    << R"({"OK": 1})"
                                    << "HTTP status";
        QTest::newRow("histogram") << "/result/histogram/0/count"
                                   << R"("many")"
                                   << "expected a number";
        QTest::newRow("series") << "/result/rps_series/1"
                                << "null"
                                << "expected a number";
        QTest::newRow("result") << "/result"
                                << "[]"
                                << "expected an object";
    }

    void badInputNamesWhereAndWhy() {
        QFETCH(QString, pointer);
        QFETCH(QString, replacement);
        QFETCH(QString, reason);
        json j = toJson(sample());
        j[json::json_pointer(pointer.toStdString())] = json::parse(replacement.toStdString());
        auto read = loadReportFromJson(j, "runs/x.json");
        QVERIFY(!read.ok());
        const QString message = QString::fromStdString(read.error().message);
        QVERIFY2(message.contains("runs/x.json"), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));

        QVERIFY(!loadReportFromJson(json::array(), "runs/x.json").ok());
        json noFormat = toJson(sample());
        noFormat.erase("format");
        QVERIFY(!loadReportFromJson(noFormat, "runs/x.json").ok());
    }
};

QTEST_GUILESS_MAIN(TestLoadReportJson)
#include "test_load_report_json.moc"
