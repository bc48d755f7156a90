// The engine's own contract: threads, ids, clean stop, virtual time, repeatable randomness.

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/random.h"
#include "engine/waiting_sink.h"

#include <QtTest>
#include <set>
#include <thread>
#include <vector>

using namespace quiver::core;

class EngineTest : public QObject {
    Q_OBJECT
private slots:
    void runsAtLeastTwoThreadsByDefault() {
        WaitingSink sink;
        Engine engine(sink);
        QVERIFY(engine.threadCount() >= 2);
        QVERIFY(engine.threadCount() >= std::thread::hardware_concurrency());
        Engine one(sink, {.threads = 3});
        QCOMPARE(one.threadCount(), 3u);
    }

    void idsAreUniqueAcrossThreads() {
        WaitingSink sink;
        Engine engine(sink);
        std::vector<std::vector<OperationId>> ids(4);
        std::vector<std::thread> threads;
        for (auto& list : ids)
            threads.emplace_back([&engine, &list] {
                for (int i = 0; i < 10000; ++i)
                    list.push_back(engine.nextId());
            });
        for (auto& t : threads)
            t.join();
        std::set<OperationId> all;
        for (const auto& list : ids)
            all.insert(list.begin(), list.end());
        QCOMPARE(all.size(), std::size_t(40000));
        QVERIFY(!all.count(0));
    }

    void stopIsCleanAndIdempotent() {
        WaitingSink sink;
        Engine engine(sink);
        engine.stop();
        QCOMPARE(engine.threadCount(), 0u);
        engine.stop();
    }

    void manualClockMovesOnlyWhenAdvanced() {
        ManualClock clock;
        const auto start = clock.now();
        const auto wall = clock.wallNow();
        QCOMPARE(clock.now(), start);
        clock.advance(std::chrono::milliseconds(1500));
        QCOMPARE(clock.now() - start, Clock::Duration(std::chrono::milliseconds(1500)));
        QCOMPARE(clock.wallNow() - wall, Clock::Duration(std::chrono::milliseconds(1500)));
    }

    void engineUsesTheInjectedClock() {
        WaitingSink sink;
        auto clock = std::make_shared<ManualClock>();
        Engine engine(sink, {.clock = clock});
        clock->advance(std::chrono::seconds(7));
        QCOMPARE(engine.clock().now().time_since_epoch(), Clock::Duration(std::chrono::seconds(7)));
    }

    void seededRandomRepeats() {
        Random a(42), b(42), c(43);
        std::vector<std::uint64_t> sa, sb, sc;
        for (int i = 0; i < 100; ++i) {
            sa.push_back(a.next());
            sb.push_back(b.next());
            sc.push_back(c.next());
        }
        QVERIFY(sa == sb);
        QVERIFY(sa != sc);
        Random d(42), e(42);
        QCOMPARE(QString::fromStdString(d.uuid()), QString::fromStdString(e.uuid()));
        QCOMPARE(d.uniform(1, 6), e.uniform(1, 6));
    }

    void uuidIsVersionFour() {
        Random random(7);
        for (int i = 0; i < 100; ++i) {
            const QString id = QString::fromStdString(random.uuid());
            QVERIFY2(QRegularExpression(
                         "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
                         .match(id)
                         .hasMatch(),
                     qPrintable(id));
        }
    }

    void uniformStaysInRange() {
        Random random(1);
        std::set<std::int64_t> seen;
        for (int i = 0; i < 1000; ++i) {
            const auto v = random.uniform(1, 6);
            QVERIFY(v >= 1 && v <= 6);
            seen.insert(v);
        }
        QCOMPARE(seen.size(), std::size_t(6));
    }
};

QTEST_GUILESS_MAIN(EngineTest)
#include "test_engine.moc"
