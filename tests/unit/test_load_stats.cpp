// Load-run statistics without sockets: percentiles of known distributions within 1 %, the
// pacer's schedule, and a server stall on virtual time showing in p99 (no coordinated omission).

#include "engine/clock.h"
#include "load/latency_histogram.h"
#include "load/load_stats.h"
#include "load/pacer.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <queue>
#include <random>
#include <vector>

using namespace quiver::core;
using namespace quiver::core::load;
using namespace std::chrono_literals;

namespace {

// The value of rank ceil(q × n) in the sorted sample: what the histogram estimates.
double exactPercentile(std::vector<double> sorted, double q) {
    std::sort(sorted.begin(), sorted.end());
    const auto rank = std::max<std::size_t>(1, std::size_t(std::ceil(q * double(sorted.size()))));
    return sorted[rank - 1];
}

std::chrono::nanoseconds fromMs(double ms) {
    return std::chrono::nanoseconds(std::llround(ms * 1e6));
}

void checkPercentiles(const LatencyHistogram& h, const std::vector<double>& samples) {
    for (double q : {0.01, 0.1, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0}) {
        const double exact = exactPercentile(samples, q);
        const double estimate = h.percentileMs(q);
        const double error = std::abs(estimate - exact) / exact;
        if (error > 0.01)
            QFAIL(qPrintable(QString("p%1: estimate %2 ms, exact %3 ms (%4 % off)")
                                 .arg(q * 100)
                                 .arg(estimate)
                                 .arg(exact)
                                 .arg(error * 100)));
    }
}

// A connection in the simulation below: when it is next free, what it is doing.
struct SimEvent {
    Clock::SteadyPoint at;
    int connection;
    enum Kind { free, send, done } kind;
    Slot slot;
    bool operator>(const SimEvent& o) const { return at > o.at; }
};

} // namespace

class LoadStatsTest : public QObject {
    Q_OBJECT
private slots:
    void uniformPercentilesWithinOnePercent() {
        LatencyHistogram h;
        std::vector<double> samples;
        for (int ms = 1; ms <= 10'000; ++ms) {
            samples.push_back(ms);
            h.record(fromMs(ms));
        }
        checkPercentiles(h, samples);
        const LatencySummary s = h.summary();
        QCOMPARE(s.minMs, 1.0);
        QCOMPARE(s.maxMs, 10'000.0);
        QCOMPARE(s.meanMs, 5000.5);
        QVERIFY(std::abs(s.p50Ms - 5000) <= 50);
        QVERIFY(std::abs(s.p999Ms - 9990) <= 99.9);
    }

    void lognormalPercentilesWithinOnePercent() {
        std::mt19937_64 random(20240601);
        std::lognormal_distribution<double> delay(std::log(20.0), 1.2); // ms, a long tail
        LatencyHistogram h;
        std::vector<double> samples;
        for (int i = 0; i < 200'000; ++i) {
            // Whole microseconds, as a clock would give them.
            const double ms = std::max(0.001, std::round(delay(random) * 1000) / 1000);
            samples.push_back(ms);
            h.record(fromMs(ms));
        }
        checkPercentiles(h, samples);
    }

    void mergeAddsUpConnections() {
        LatencyHistogram a, b, total;
        for (int i = 1; i <= 1000; ++i)
            (i % 2 ? a : b).record(fromMs(i * 0.5));
        total.merge(a);
        total.merge(b);
        QCOMPARE(total.count(), 1000u);
        QCOMPARE(total.summary().minMs, 0.5);
        QCOMPARE(total.summary().maxMs, 500.0);
        std::uint64_t inBins = 0;
        double lastUpper = 0;
        for (const HistogramBin& bin : total.bins()) {
            QVERIFY(bin.count > 0);
            QVERIFY(bin.lowerMs >= lastUpper - 1e-9);
            QVERIFY(bin.upperMs / bin.lowerMs <= LatencyHistogram::kMaxBinRatio + 1e-9);
            lastUpper = bin.upperMs;
            inBins += bin.count;
        }
        QCOMPARE(inBins, 1000u);
    }

    void statsCountStatusesAndErrors() {
        ConnectionStats one, two;
        one.countSent(100);
        one.recordResponse(200, 2ms, 50);
        two.countSent(100);
        two.recordResponse(500, 4ms, 70);
        two.countSent(100);
        two.recordError(ErrorKind::timeout);
        StatsTotals totals;
        totals.add(one);
        totals.add(two);
        LoadSnapshot s;
        totals.fill(s);
        QCOMPARE(s.sent, 3u);
        QCOMPARE(s.completed, 2u);
        QCOMPARE(s.errors, 1u);
        QCOMPARE(s.bytesSent, 300u);
        QCOMPARE(s.bytesReceived, 120u);
        QCOMPARE(s.statusCounts.at(200), 1u);
        QCOMPARE(s.statusCounts.at(500), 1u);
        QCOMPARE(s.errorCounts.at("timeout"), 1u);
        QCOMPARE(s.latency.maxMs, 4.0);
    }

    void unpacedPacerHandsOutExactlyN() {
        ManualClock clock;
        Pacer pacer({clock.now(), clock.now(), 0, 7, std::nullopt});
        int taken = 0;
        for (int i = 0; i < 20; ++i)
            if (auto slot = pacer.take(clock.now())) {
                ++taken;
                QCOMPARE(slot->scheduled, clock.now());
                QVERIFY(!slot->late && !slot->warmup);
            }
        QCOMPARE(taken, 7);
    }

    void pacedSlotsFollowTheScheduleAndCountLate() {
        ManualClock clock;
        const auto start = clock.now();
        Pacer pacer({start, start, 100, 0, start + 1s}); // 100/s for 1 s: 100 slots
        auto first = pacer.take(clock.now());
        QVERIFY(first && first->scheduled == start && !first->late);
        auto second = pacer.take(clock.now());
        QVERIFY(second && second->scheduled == start + 10ms && !second->late);
        clock.advance(500ms); // a connection that comes back late sends at once, marked late
        auto third = pacer.take(clock.now());
        QVERIFY(third && third->scheduled == start + 20ms && third->late);
        // The run stopped at 500 ms with 3 sent: the 47 others due by then were dropped.
        QCOMPARE(pacer.dropped(clock.now(), 3), 47u);
        QCOMPARE(pacer.dropped(start + 5s, 100), 0u);
        clock.advance(1s);
        QVERIFY(!pacer.take(clock.now())); // past the end: no more
    }

    void warmupSlotsAreExtra() {
        ManualClock clock;
        const auto start = clock.now();
        Pacer pacer({start, start + 1s, 10, 5, std::nullopt}); // 10/s, 1 s warm-up, then 5
        int warmup = 0, measured = 0;
        for (int i = 0; i < 30; ++i)
            if (auto slot = pacer.take(clock.now()))
                ++(slot->warmup ? warmup : measured);
        QCOMPARE(warmup, 10);
        QCOMPARE(measured, 5);
    }

    // C connections on one global schedule of 100/s for 20 s against a server that answers in
    // 5 ms but stalls for one second at t = 5 s. Latency from the scheduled time shows the stall
    // in p99; latency from the send time (coordinated omission) would hide it.
    void stallShowsInP99OnVirtualTime() {
        ManualClock clock;
        const auto start = clock.now();
        const auto stallFrom = start + 5s, stallTo = start + 6s;
        Pacer pacer({start, start, 100, 0, start + 20s});
        const int connections = 5;
        std::vector<ConnectionStats> stats(connections);
        LatencyHistogram fromSend; // what a closed-loop tool would report
        std::priority_queue<SimEvent, std::vector<SimEvent>, std::greater<>> events;
        for (int c = 0; c < connections; ++c)
            events.push({start, c, SimEvent::free, {}});
        std::vector<Clock::SteadyPoint> sentAt(connections);
        while (!events.empty()) {
            SimEvent e = events.top();
            events.pop();
            clock.advance(e.at - clock.now());
            if (e.kind == SimEvent::free) {
                if (auto slot = pacer.take(clock.now()))
                    events.push({std::max(slot->scheduled, clock.now()), e.connection,
                                 SimEvent::send, *slot});
            } else if (e.kind == SimEvent::send) {
                stats[e.connection].countSent(100);
                if (e.slot.late)
                    stats[e.connection].countLate();
                sentAt[e.connection] = clock.now();
                const bool stalled = clock.now() >= stallFrom && clock.now() < stallTo;
                events.push({(stalled ? stallTo : clock.now()) + 5ms, e.connection, SimEvent::done,
                             e.slot});
            } else {
                stats[e.connection].recordResponse(200, clock.now() - e.slot.scheduled, 100);
                fromSend.record(clock.now() - sentAt[e.connection]);
                events.push({clock.now(), e.connection, SimEvent::free, {}});
            }
        }
        StatsTotals totals;
        for (const auto& s : stats)
            totals.add(s);
        LoadSnapshot snapshot;
        totals.fill(snapshot);
        QCOMPARE(snapshot.sent, 2000u);
        QCOMPARE(snapshot.completed, 2000u);
        QCOMPARE(pacer.dropped(clock.now(), snapshot.sent), 0u);
        QVERIFY2(snapshot.late >= 90, qPrintable(QString::number(snapshot.late)));
        // About 100 of 2,000 requests (5 %) waited up to a second: p99 is ~800 ms.
        QVERIFY2(snapshot.latency.p99Ms > 700, qPrintable(QString::number(snapshot.latency.p99Ms)));
        QVERIFY(std::abs(snapshot.latency.maxMs - 1005) < 1);
        QVERIFY(snapshot.latency.p50Ms < 6);
        // Measured from the send, only the 5 requests caught in the stall look slow.
        QVERIFY2(fromSend.percentileMs(0.99) < 6,
                 qPrintable(QString::number(fromSend.percentileMs(0.99))));
    }
};

QTEST_GUILESS_MAIN(LoadStatsTest)
#include "test_load_stats.moc"
