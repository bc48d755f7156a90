// The load panel's parts without a run: the snapshot's mapping to text, the saved-runs store,
// the comparison of two runs, the configuration form and the custom-painted charts.

#include "load/chart_style.h"
#include "load/histogram_view.h"
#include "load/load_config_form.h"
#include "load/load_stats_view.h"
#include "load/load_summary.h"
#include "load/rps_plot.h"
#include "load/run_comparison.h"
#include "load/run_comparison_view.h"
#include "load/run_list.h"
#include "load/run_store.h"
#include "widgets/theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

using namespace quiver;
using core::load::HistogramBin;
using core::load::LoadReport;
using core::load::LoadSnapshot;

namespace {

LoadSnapshot snapshot(double rps, double p50, std::uint64_t errors) {
    LoadSnapshot s;
    s.completed = 200;
    s.errors = errors;
    s.late = 1;
    s.elapsedSeconds = 2.5;
    s.requestsPerSecond = rps;
    s.latency = {0.4, 1.5, p50, p50 * 2, p50 * 4, p50 * 8, p50 * 10};
    s.statusCounts = {{200, 190}, {503, 10}};
    if (errors)
        s.errorCounts = {{"timeout", errors}};
    s.histogram = {{p50 * 0.99, p50, 150}, {p50 * 3.9, p50 * 4, 50}};
    s.requestsPerSecondSeries = {rps * 0.9, rps};
    s.finished = true;
    return s;
}

LoadReport report(const std::string& date, const std::string& name, double rps) {
    LoadReport r;
    r.name = name;
    r.method = "GET";
    r.url = "http://127.0.0.1/x";
    r.date = date;
    r.options.totalRequests = 200;
    r.options.concurrency = 4;
    r.result = snapshot(rps, 2.0, 0);
    return r;
}

std::vector<HistogramBin> manyBins(int n) {
    std::vector<HistogramBin> bins;
    double lower = 0.05;
    for (int i = 0; i < n; ++i) {
        const double upper = lower * 1.01;
        bins.push_back({lower, upper, static_cast<std::uint64_t>(1 + (i * 37) % 50)});
        lower = upper;
    }
    return bins;
}

// Pixels that differ from the widget's background after painting.
int paintedPixels(QWidget& widget) {
    widget.resize(480, 220);
    QImage image(widget.size(), QImage::Format_ARGB32);
    image.fill(Qt::magenta);
    widget.render(&image);
    const QRgb background = widget.palette().color(QPalette::Base).rgb();
    int changed = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) != background)
                ++changed;
    return changed;
}

// Pixels in the chart's highlight colour: the bars or the line themselves.
int highlightPixels(QWidget& widget) {
    widget.resize(480, 220);
    QImage image(widget.size(), QImage::Format_ARGB32);
    widget.render(&image);
    const QColor highlight = widget.palette().color(QPalette::Highlight);
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - highlight.red()) + std::abs(c.green() - highlight.green()) +
                    std::abs(c.blue() - highlight.blue()) <
                60)
                ++count;
        }
    return count;
}

} // namespace

class LoadViewsTest : public QObject {
    Q_OBJECT

private slots:
    void snapshotMapsToText() {
        const ui::LoadSummary s = ui::summarize(snapshot(1234.56, 2.0, 3));
        QVERIFY(!s.empty);
        QCOMPARE(s.requestsPerSecond, QLocale().toString(1235.0, 'f', 0));
        QCOMPARE(s.completed, QStringLiteral("200"));
        QCOMPARE(s.errors, QStringLiteral("3"));
        QCOMPARE(s.late, QStringLiteral("1"));
        QCOMPARE(s.elapsed, QStringLiteral("2.5 s"));
        QCOMPARE(s.percentiles.size(), 7u);
        QCOMPARE(s.percentiles[0], std::make_pair(QString("min"), QString("400 µs")));
        QCOMPARE(s.percentiles[2], std::make_pair(QString("p50"), QString("2.00 ms")));
        QCOMPARE(s.percentiles[5], std::make_pair(QString("p99.9"), QString("16.0 ms")));
        QCOMPARE(s.percentiles[6].second, QStringLiteral("20.0 ms"));
        QCOMPARE(s.statuses.size(), 2u);
        QCOMPARE(s.statuses[1], std::make_pair(QString("503"), quint64(10)));
        QCOMPARE(s.errorKinds.front(), std::make_pair(QString("timeout"), quint64(3)));

        const ui::LoadSummary none = ui::summarize({});
        QVERIFY(none.empty);
        QCOMPARE(none.percentiles[2].second, QStringLiteral("—"));
        QCOMPARE(ui::formatLatency(2500), QStringLiteral("2.50 s"));
        QCOMPARE(ui::formatLatency(340), QStringLiteral("340 ms"));
    }

    void statsViewShowsTheSnapshot() {
        ui::LoadStatsView view;
        view.showSnapshot(snapshot(100, 2.0, 3));
        QAbstractItemModelTester percentiles(view.percentileModel());
        QAbstractItemModelTester counts(view.countsModel());
        QCOMPARE(view.percentileModel()->columnCount(), 7);
        QCOMPARE(view.percentileModel()->headerData(4, Qt::Horizontal).toString(), "p99");
        QCOMPARE(view.percentileModel()->index(0, 4).data().toString(), "8.00 ms");
        QCOMPARE(view.countsModel()->rowCount(), 3); // 200, 503, timeout
        QCOMPARE(view.countsModel()->index(2, 0).data().toString(), "error: timeout");
        QCOMPARE(view.histogram()->series().front().bins.size(), 2u);
        QCOMPARE(view.rpsPlot()->series().front().perSecond.size(), 2u);
    }

    void comparisonMath() {
        const auto rows = ui::compareRuns(snapshot(100, 2.0, 0), snapshot(150, 3.0, 4));
        QCOMPARE(rows.size(), 7u);
        QCOMPARE(rows[0].name, QStringLiteral("Requests/s"));
        QCOMPARE(rows[0].ratio, 1.5);
        QCOMPARE(rows[0].delta, 50.0);
        QCOMPARE(ui::verdict(rows[0]), 1); // more requests per second is better
        QCOMPARE(rows[1].name, QStringLiteral("p50"));
        QCOMPARE(rows[1].ratio, 1.5);
        QCOMPARE(ui::verdict(rows[1]), -1); // slower is worse
        QCOMPARE(ui::formatDelta(rows[1]), QStringLiteral("+1.00 ms"));
        QCOMPARE(rows[4].name, QStringLiteral("p99.9"));
        QCOMPARE(rows[4].a, 16.0);
        QCOMPARE(rows[5].b, 30.0);
        QCOMPARE(rows[6].name, QStringLiteral("Errors"));
        QVERIFY(std::isnan(rows[6].ratio)); // 0 errors before: no ratio
        QCOMPARE(ui::formatRatio(rows[6].ratio), QStringLiteral("—"));
        QCOMPARE(ui::formatDelta(rows[6]), QStringLiteral("+4"));
        QCOMPARE(ui::formatRatio(rows[0].ratio), QStringLiteral("×1.50"));
        const auto same = ui::compareRuns(snapshot(100, 2.0, 0), snapshot(100, 2.0, 0));
        QCOMPARE(ui::verdict(same[0]), 0);
    }

    void comparisonViewShowsBothRuns() {
        ui::RunComparisonView view;
        view.showRuns(report("2026-11-23T06:00:00.000Z", "before", 100),
                      report("2026-11-23T06:05:00.000Z", "after", 150));
        QAbstractItemModelTester tester(view.model());
        QCOMPARE(view.model()->rowCount(), 7);
        QCOMPARE(view.model()->index(0, 3).data().toString(), QStringLiteral("×1.50"));
        QCOMPARE(view.histogram()->series().size(), 2u);
        QCOMPARE(view.rpsPlot()->series().size(), 2u);
        QVERIFY(paintedPixels(*view.histogram()) > 0);
    }

    void storeSavesListsLoadsAndDeletes() {
        QTemporaryDir dir;
        const ui::RunStore store(dir.path().toStdString());
        QVERIFY(store.list().empty()); // no folder yet is no runs, not an error
        auto older = store.save(report("2026-11-23T06:00:00.000Z", "Get items", 100));
        QVERIFY2(older.ok(), older.ok() ? "" : older.error().message.c_str());
        QCOMPARE(older.value(), QStringLiteral("20261123-060000-000-get-items.json"));
        auto newer = store.save(report("2026-11-23T06:05:00.250Z", "Get items", 150));
        QVERIFY(newer.ok());
        auto again = store.save(report("2026-11-23T06:05:00.250Z", "Get items", 150));
        QVERIFY(again.ok());
        QVERIFY(again.value() != newer.value()); // same millisecond, another file
        QVERIFY(QFile::exists(dir.filePath(".quiver/runs/" + older.value())));
        QFile ignore(dir.filePath(".quiver/.gitignore")); // local state stays out of commits
        QVERIFY(ignore.open(QIODevice::ReadOnly));
        QCOMPARE(ignore.readAll(), QByteArray("*\n"));

        // A broken file and a foreign one beside them.
        const QString broken = dir.filePath(".quiver/runs/20261123-070000-000-broken.json");
        std::ofstream(broken.toStdString()) << "{\"format\": 1, \"name\": ";
        std::ofstream(dir.filePath(".quiver/runs/notes.txt").toStdString()) << "not a run";

        const auto runs = store.list();
        QCOMPARE(runs.size(), 4u);
        QCOMPARE(runs[0].fileName, QStringLiteral("20261123-070000-000-broken.json"));
        QVERIFY(!runs[0].report);
        QVERIFY2(runs[0].error.contains("20261123-070000-000-broken.json"),
                 qPrintable(runs[0].error));
        QVERIFY2(runs[0].error.contains("line"), qPrintable(runs[0].error));
        QCOMPARE(runs[3].fileName, older.value()); // newest first
        QVERIFY(runs[3].report);
        QCOMPARE(runs[3].report->result.requestsPerSecond, 100.0);
        QCOMPARE(runs[3].report->options.concurrency, 4u);

        // Listing never rewrites the broken file.
        QFile file(broken);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{\"format\": 1, \"name\": "));
        file.close();

        QVERIFY(!store.remove(older.value()));
        QVERIFY(store.remove(older.value())); // already gone: an error, not a crash
        QVERIFY(store.remove("../quiver.json"));
        QCOMPARE(store.list().size(), 3u);
    }

    void runListShowsBrokenRowsAndEnablesCompare() {
        std::vector<ui::RunEntry> entries;
        entries.push_back({"b.json", report("2026-11-23T06:05:00Z", "after", 150), {}});
        entries.push_back({"bad.json", std::nullopt, ".quiver/runs/bad.json: line 1: oops"});
        entries.push_back({"a.json", report("2026-11-23T06:00:00Z", "before", 100), {}});
        ui::RunList list;
        list.setEntries(entries);
        QAbstractItemModelTester tester(list.model());
        QCOMPARE(list.model()->rowCount(), 3);
        QCOMPARE(list.model()->index(1, 0).data().toString(), QStringLiteral("unreadable"));
        const QString reason = list.model()->index(1, 1).data().toString();
        QVERIFY(reason.contains("bad.json") && reason.contains("oops"));
        QSignalSpy compare(&list, &ui::RunList::compareRequested);
        list.select({"a.json", "b.json"});
        QCOMPARE(list.selectedFiles(), QStringList({"b.json", "a.json"}));
        for (auto* b : list.findChildren<QPushButton*>())
            if (b->text() == "Compare") {
                QVERIFY(b->isEnabled());
                b->click();
            }
        QCOMPARE(compare.size(), 1);
        QCOMPARE(compare.first().at(0).toString(), QStringLiteral("a.json")); // older is A
        list.select({"a.json", "bad.json"});
        for (auto* b : list.findChildren<QPushButton*>())
            if (b->text() == "Compare")
                QVERIFY(!b->isEnabled());
    }

    void formRoundTripsOptions() {
        ui::LoadConfigForm form;
        core::load::LoadOptions o;
        o.durationMs = 15'000;
        o.concurrency = 7;
        o.rate = 25;
        o.keepAlive = false;
        o.timeoutMs = 2'500;
        o.warmupMs = 1'000;
        o.connectionsPerHost = 3;
        form.setOptions(o);
        const auto read = form.options();
        QCOMPARE(read.totalRequests, 0u);
        QCOMPARE(read.durationMs, 15'000u);
        QCOMPARE(read.concurrency, 7u);
        QCOMPARE(read.rate, 25.0);
        QCOMPARE(read.keepAlive, false);
        QCOMPARE(read.timeoutMs, 2'500u);
        QCOMPARE(read.warmupMs, 1'000u);
        QCOMPARE(read.connectionsPerHost, 3u);
        core::model::Request r;
        r.method = "POST";
        r.url = "http://x/<b>bold</b>";
        form.setTarget(r);
        QCOMPARE(form.targetText(), QStringLiteral("POST http://x/<b>bold</b>"));
    }

    void chartsPaintEmptyOneAndManyBins_data() {
        QTest::addColumn<int>("bins");
        QTest::addColumn<bool>("dark");
        for (bool dark : {false, true}) {
            const char* theme = dark ? "dark" : "light";
            QTest::newRow(qPrintable(QString("empty %1").arg(theme))) << 0 << dark;
            QTest::newRow(qPrintable(QString("one %1").arg(theme))) << 1 << dark;
            QTest::newRow(qPrintable(QString("1000 %1").arg(theme))) << 1000 << dark;
        }
    }

    void chartsPaintEmptyOneAndManyBins() {
        QFETCH(int, bins);
        QFETCH(bool, dark);
        const QPalette palette = dark ? ui::Theme::darkPalette() : ui::Theme::lightPalette();
        ui::HistogramView histogram;
        histogram.setPalette(palette);
        histogram.setBins(bins == 1 ? std::vector<HistogramBin>{{2.0, 2.02, 5}} : manyBins(bins));
        ui::RpsPlot plot;
        plot.setPalette(palette);
        std::vector<double> series(static_cast<std::size_t>(bins));
        for (int i = 0; i < bins; ++i)
            series[std::size_t(i)] = 100 + (i * 13) % 40;
        plot.setValues(series);
        // Even empty charts draw their frame and a note; data draws bars and a line.
        QVERIFY(paintedPixels(histogram) > 0);
        QVERIFY(paintedPixels(plot) > 0);
        if (bins > 0) {
            QVERIFY(highlightPixels(histogram) > 20);
            QVERIFY(highlightPixels(plot) > 3);
        } else {
            QCOMPARE(highlightPixels(histogram), 0);
        }
    }

    void logAxisCoversTheBins() {
        const std::vector<ui::HistogramSeries> series{{"", {{0.35, 0.36, 1}, {45, 46, 1}}}};
        const ui::LogAxis axis = ui::logAxisFor(series);
        QCOMPARE(axis.lowMs, 0.1);
        QCOMPARE(axis.highMs, 100.0);
        const auto buckets = ui::rebinLog(series[0].bins, axis, 3); // one decade each
        QCOMPARE(buckets, (std::vector<double>{1, 0, 1}));
        QCOMPARE(ui::niceCeiling(730), 1000.0);
        QCOMPARE(ui::niceCeiling(130), 200.0);
        QCOMPARE(ui::niceCeiling(0), 1.0);
    }
};

QTEST_MAIN(LoadViewsTest)
#include "test_load_views.moc"
