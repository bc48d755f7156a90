// Feeds the real traffic panel as a mock server under 50,000 requests a second would: one
// batch of ~1,667 entries every 33 ms (what MockHost emits at ~30 Hz), for a few seconds,
// while a 1 ms timer on the UI thread measures the gaps between its ticks. The longest gap
// and the 99th percentile are the stalls a user would feel while the table follows.
// Usage: quiver-traffic-stall-bench [seconds=5] [filter text]
//        quiver-traffic-stall-bench --screenshot PATH.png [dark]   (a still of the panel)
#include "mock/traffic_detail.h"
#include "mock/traffic_filter.h"
#include "mock/traffic_model.h"
#include "mock/traffic_panel.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <string_view>

using quiver::core::mock::TrafficEntry;
using namespace std::chrono_literals;

namespace {

constexpr int kRatePerSecond = 50'000;
constexpr int kTickMs = 33;
constexpr int kPerTick = (kRatePerSecond + 29) / 30; // 1,667 per ~33 ms tick

// Entries as a demo server logs them: a few routes, statuses, headers, small bodies and
// three layers each.
std::shared_ptr<const std::vector<TrafficEntry>> makeBatch(std::uint64_t firstId) {
    static const char* const targets[] = {
        "/hello", "/users/17", "/users/42?verbose=1", "/private", "/echo", "/flaky", "/limited"};
    static const int statuses[] = {200, 200, 200, 401, 201, 500, 429};
    auto batch = std::make_shared<std::vector<TrafficEntry>>();
    batch->reserve(kPerTick);
    for (int i = 0; i < kPerTick; ++i) {
        TrafficEntry e;
        e.id = firstId + i;
        e.time = quiver::core::Clock::WallPoint(std::chrono::seconds(1'700'000'000) + e.id * 20us);
        e.method = i % 7 == 4 ? "POST" : "GET";
        e.target = targets[i % 7];
        e.status = statuses[i % 7];
        e.requestHeaders = {{"Host", "127.0.0.1:8080"}, {"User-Agent", "wrk"}, {"Accept", "*/*"}};
        e.responseHeaders = {{"Content-Type", "application/json"},
                             {"X-Request-ID", "abc"},
                             {"Content-Length", "27"}};
        e.responseBody = {R"({"id":"17","name":"Ada"})", 27, false};
        e.total = 180us;
        e.layers = {{"request-log", 2us, 0us}, {"request-id", 5us, 3us}, {"cors", 4us, 6us}};
        e.clientAddress = "127.0.0.1:50000";
        e.routeId = "get-users-id";
        batch->push_back(std::move(e));
    }
    return batch;
}

// A few dozen varied entries, one selected with its layers shown, grabbed into a PNG: for
// looking at the panel, not for timing it.
int screenshot(QApplication& app, const char* path, bool dark) {
    QApplication::setPalette(dark ? quiver::ui::Theme::darkPalette()
                                  : quiver::ui::Theme::lightPalette());
    quiver::ui::TrafficPanel panel;
    panel.setServerUrl(QStringLiteral("http://127.0.0.1:8080"));
    panel.resize(1200, 820);
    const auto source = makeBatch(1);
    std::vector<TrafficEntry> entries(source->begin(), source->begin() + 40);
    entries[37].fault = quiver::core::mock::MockReply::Fault::reset;
    TrafficEntry& rich = entries[38];
    rich.method = "POST";
    rich.target = "/users?notify=true";
    rich.status = 201;
    rich.requestHeaders = {{"Host", "127.0.0.1:8080"},
                           {"Content-Type", "application/json"},
                           {"Authorization", "[redacted]"},
                           {"Content-Length", "28"}};
    rich.requestBody = {R"({"name":"Ada","role":"admin"})", 29, false};
    rich.total = 2350us;
    rich.layers = {{"request-log", 4us, 0us}, {"request-id", 6us, 3us}, {"cors", 12us, 9us},
                   {"auth", 35us, 2us},       {"latency", 1500us, 4us}, {"gzip", 3us, 180us}};
    panel.appendBatch(entries);
    panel.show();
    panel.table()->selectRow(38);
    panel.detail()->tabs()->setCurrentIndex(quiver::ui::TrafficDetail::timingTab);
    QTimer::singleShot(200, [&] {
        bool ok = panel.grab().save(QString::fromLocal8Bit(path));
        // The request tab too, beside it: "x.png" gives "x-request.png".
        panel.detail()->tabs()->setCurrentIndex(quiver::ui::TrafficDetail::requestTab);
        QString requestPath = QString::fromLocal8Bit(path);
        requestPath.insert(requestPath.lastIndexOf(QLatin1Char('.')), QStringLiteral("-request"));
        QTimer::singleShot(200, [&, requestPath, ok]() mutable {
            ok = panel.grab().save(requestPath) && ok;
            std::printf("%s %s %s\n", ok ? "saved" : "could not save", path,
                        qPrintable(requestPath));
            app.exit(ok ? 0 : 1);
        });
    });
    return app.exec();
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc > 2 && std::string_view(argv[1]) == "--screenshot")
        return screenshot(app, argv[2], argc > 3 && std::string_view(argv[3]) == "dark");
    const int seconds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    quiver::ui::TrafficPanel panel;
    panel.setServerUrl(QStringLiteral("http://127.0.0.1:8080"));
    panel.resize(1200, 800);
    panel.show();
    if (argc > 2)
        panel.findChild<QLineEdit*>(QStringLiteral("trafficFilterText"))
            ->setText(QString::fromLocal8Bit(argv[2]));

    // Batches are built beforehand: producing them is the engine's and the bridge's work,
    // not the panel's. A few distinct ones, each handed over as the shared buffer it would be.
    std::vector<std::shared_ptr<const std::vector<TrafficEntry>>> batches;
    for (int i = 0; i < 8; ++i)
        batches.push_back(makeBatch(1 + std::uint64_t(i) * kPerTick));

    QElapsedTimer clock;
    std::vector<qint64> gaps;
    gaps.reserve(std::size_t(seconds) * 1100);
    qint64 last = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back(now - last);
        last = now;
    });

    int fed = 0;
    std::vector<qint64> appendNs; // the panel's own share of each tick, painting excluded
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    feeder.setInterval(kTickMs);
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        QElapsedTimer append;
        append.start();
        panel.appendBatch(batches[std::size_t(fed) % batches.size()]);
        appendNs.push_back(append.nsecsElapsed());
        ++fed;
        if (fed == 3) // the user picks a row while traffic flows
            panel.table()->selectRow(panel.table()->model()->rowCount() / 2);
    });

    QTimer::singleShot(300, [&] { // let the window settle first
        clock.start();
        last = clock.nsecsElapsed();
        probe.start();
        feeder.start();
        QTimer::singleShot(seconds * 1000, [&] {
            feeder.stop();
            probe.stop();
            std::sort(gaps.begin(), gaps.end());
            const double maxMs = gaps.empty() ? 0 : gaps.back() / 1e6;
            const double p99Ms = gaps.empty() ? 0 : gaps[gaps.size() * 99 / 100] / 1e6;
            std::sort(appendNs.begin(), appendNs.end());
            const double appendMedianMs =
                appendNs.empty() ? 0 : appendNs[appendNs.size() / 2] / 1e6;
            const double rate = double(fed) * kPerTick / (clock.elapsed() / 1000.0);
            std::printf("batches %d entries %lld rows %d shown %d rate %.0f/s max-stall-ms %.1f "
                        "p99-stall-ms %.1f probes %zu append-median-ms %.2f\n",
                        fed, static_cast<long long>(fed) * kPerTick, panel.model()->rowCount(),
                        panel.filter()->rowCount(), rate, maxMs, p99Ms, gaps.size(),
                        appendMedianMs);
            app.quit();
        });
    });
    return app.exec();
}
