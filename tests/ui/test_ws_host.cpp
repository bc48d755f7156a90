// WsHost: engine-side observer calls queue and return; the UI thread drains them in order, in
// batches, and a flood is capped (the rest counted as dropped from view).

#include "bridge/ws_host.h"
#include "ws_test_support.h"

#include <QtTest>
#include <thread>

using namespace quiver;
using ui::WsHost;
using wstest::FakeSessions;
namespace ws = core::ws;

namespace {

ws::StateChange stateOf(ws::State state) {
    ws::StateChange change;
    change.state = state;
    return change;
}

} // namespace

class WsHostTest : public QObject {
    Q_OBJECT
private slots:
    void drainsStatesAndMessagesInOrder() {
        FakeSessions fakes;
        WsHost host(fakes.factory());
        ws::SessionOptions options;
        options.url = "ws://127.0.0.1:1/";
        host.open("a", options);
        QCOMPARE(fakes.made.size(), std::size_t(1));
        QCOMPARE(fakes.made[0]->connects, 1);
        QCOMPARE(fakes.options[0].url, std::string("ws://127.0.0.1:1/"));

        // The order the UI sees: who-said-what, including states between messages.
        QStringList events;
        connect(&host, &WsHost::stateChanged, this,
                [&](const QString& key, const ws::StateChange& change) {
                    events << key + ":state" + QString::number(int(change.state));
                });
        connect(&host, &WsHost::messagesArrived, this,
                [&](const QString& key, const ui::WsBatch& batch, quint64) {
                    events << key + ":batch" + QString::number(batch->size());
                });
        auto observer = fakes.made[0]->observer;
        std::thread engine([&] {
            observer->onState(stateOf(ws::State::open));
            for (const auto& m : wstest::numbered(3))
                observer->onMessage(m);
            ws::StateChange closed = stateOf(ws::State::closed);
            closed.closeCode = 1000;
            observer->onState(closed);
            observer->onMessage(wstest::message("late"));
        });
        engine.join();
        QCOMPARE(host.state("a"), ws::State::connecting); // nothing reaches the UI until a drain
        QTRY_COMPARE(events.size(), 4);                   // one wake-up, one drain
        QCOMPARE(events, (QStringList{"a:state1", "a:batch3", "a:state3", "a:batch1"}));
        QCOMPARE(host.state("a"), ws::State::closed);

        host.sendText("a", "hi");
        host.close("a", 4001, "bye");
        QCOMPARE(fakes.made[0]->sentText, std::vector<std::string>{"hi"});
        QCOMPARE(fakes.made[0]->closeCode, std::uint16_t(4001));
    }

    void floodIsCappedAndCounted() {
        FakeSessions fakes;
        WsHost host(fakes.factory());
        host.open("flood", {});
        QSignalSpy batches(&host, &WsHost::messagesArrived);
        auto observer = fakes.made[0]->observer;
        constexpr int kFlood = 200'000;
        // The engine side never blocks on the UI: all of it is pushed before the UI runs.
        std::thread engine([&] {
            auto payload = std::make_shared<const std::string>(64, 'x');
            ws::Message m;
            m.payload = payload;
            for (int i = 0; i < kFlood; ++i) {
                m.closeCode = std::uint16_t(i); // a marker to check which ones were kept
                observer->onMessage(m);
            }
        });
        engine.join();
        QVERIFY(host.queuedHighWater("flood") <= WsHost::kMaxQueued);
        host.drainNow();
        QCOMPARE(batches.count(), 1);
        const auto batch = batches.first().at(1).value<ui::WsBatch>();
        QCOMPARE(batch->size(), WsHost::kMaxQueued);
        QCOMPARE(batch->back().closeCode, std::uint16_t((kFlood - 1) & 0xffff)); // newest kept
        const auto dropped = batches.first().at(2).toULongLong();
        QCOMPARE(dropped, quint64(kFlood - WsHost::kMaxQueued));
        QCOMPARE(host.droppedFromView("flood"), std::uint64_t(kFlood - WsHost::kMaxQueued));
        QCOMPARE(host.queuedHighWater("flood"), WsHost::kMaxQueued);

        // And while the UI drains at the same time, the inbox still never passes the cap.
        std::atomic_bool done{false};
        std::thread again([&] {
            for (int i = 0; i < kFlood; ++i)
                observer->onMessage(wstest::message("y"));
            done = true;
        });
        quint64 received = 0;
        connect(&host, &WsHost::messagesArrived, this,
                [&](const QString&, const ui::WsBatch& b, quint64) { received += b->size(); });
        while (!done)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        again.join();
        host.drainNow();
        QVERIFY(host.queuedHighWater("flood") <= WsHost::kMaxQueued);
        QCOMPARE(received + host.droppedFromView("flood") - dropped, quint64(kFlood));
    }

    void removeAbortsAndLateEventsAreIgnored() {
        FakeSessions fakes;
        auto host = std::make_unique<WsHost>(fakes.factory());
        host->open("k", {});
        auto observer = fakes.made[0]->observer;
        host->open("k", {}); // a reconnect replaces the session
        QCOMPARE(fakes.made[0]->aborts, 1);
        QSignalSpy batches(host.get(), &WsHost::messagesArrived);
        observer->onMessage(wstest::message("from the old session"));
        fakes.made[1]->observer->onMessage(wstest::message("new"));
        QTRY_COMPARE(batches.count(), 1);
        QCOMPARE(batches.first().at(1).value<ui::WsBatch>()->front().payload->c_str(), "new");
        host->remove("k");
        QCOMPARE(fakes.made[1]->aborts, 1);
        QVERIFY(!host->has("k"));
        fakes.made[1]->observer->onMessage(wstest::message("after remove"));
        host.reset(); // the observer outlives the host: its calls must stay harmless
        fakes.made[1]->observer->onMessage(wstest::message("after the host"));
        QCoreApplication::processEvents();
    }
};

QTEST_MAIN(WsHostTest)
#include "test_ws_host.moc"
