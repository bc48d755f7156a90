// The event-stream panel: a bounded event list, and a live stream from an independent server
// (python3-aiohttp's /events) shown through the bridge.

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "support/python_peer.h"
#include "ws/event_stream_panel.h"
#include "ws/sse_event_model.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTableView>
#include <QtTest>

using namespace quiver;
using ui::SseEventModel;
using ui::TimedEvent;

namespace {

std::vector<TimedEvent> numbered(int from, int count) {
    std::vector<TimedEvent> batch;
    for (int i = from; i < from + count; ++i) {
        TimedEvent e;
        e.event.id = std::to_string(i);
        e.event.data = "line one\nline two " + std::to_string(i);
        batch.push_back(e);
    }
    return batch;
}

} // namespace

class TestEventStreamPanel : public QObject {
    Q_OBJECT
private slots:
    void modelKeepsTheNewestWithinItsBound();
    void previewShowsLineBreaksAndTruncates();
    void liveStreamFromAnIndependentServer();
};

void TestEventStreamPanel::modelKeepsTheNewestWithinItsBound() {
    SseEventModel model;
    model.setMaxEvents(100);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.append(numbered(1, 60));
    model.append(numbered(61, 60));
    QCOMPARE(inserted.count(), 2); // one insertion per batch
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.evicted(), 20u);
    QCOMPARE(model.event(0).event.id, std::string("21"));
    QCOMPARE(model.event(99).event.id, std::string("120"));
    model.append(numbered(121, 250)); // larger than the model: its newest 100 stay
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.event(0).event.id, std::string("271"));
    QCOMPARE(model.evicted(), 270u);
    model.setMaxEvents(10);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.event(0).event.id, std::string("361"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.evicted(), 0u);
}

void TestEventStreamPanel::previewShowsLineBreaksAndTruncates() {
    SseEventModel model;
    auto batch = numbered(1, 1);
    batch.push_back(batch.front());
    batch.back().event.data = std::string(5000, 'x');
    model.append(batch);
    const QString first = model.index(0, SseEventModel::payload).data().toString();
    QVERIFY2(first.contains(QStringLiteral("line one ⏎ line two 1")), qPrintable(first));
    const QString second = model.index(1, SseEventModel::payload).data().toString();
    QCOMPARE(second.size(), SseEventModel::kPreviewChars + 1);
    QVERIFY(second.endsWith(QStringLiteral("…")));
    QCOMPARE(model.event(1).event.data.size(), 5000u); // the whole data stays a click away
}

void TestEventStreamPanel::liveStreamFromAnIndependentServer() {
    test::PythonPeer peer;
    QVERIFY2(peer.start(QStringLiteral("aiohttp_server.py")), qPrintable(peer.errorString()));
    core::WaitingSink sink;
    core::Engine engine(sink);
    {
        ui::EventStreamPanel panel(engine);
        core::model::Request request;
        request.url = (peer.baseUrl() + "/events?count=2").toStdString();
        request.settings.useEnvironmentProxy = false;
        panel.openRequest(request);
        // Two events, the peer closes, the stream reconnects with Last-Event-ID: 2.
        QTRY_VERIFY_WITH_TIMEOUT(panel.model().rowCount() >= 4, 20000);
        QCOMPARE(panel.model().event(3).event.data, std::string("n=4\nlast=2"));
        QCOMPARE(panel.model().index(0, SseEventModel::type).data().toString(),
                 QStringLiteral("tick"));

        auto* table = panel.findChild<QTableView*>();
        table->selectRow(3);
        auto* detail = panel.findChild<QPlainTextEdit*>();
        QCOMPARE(detail->toPlainText(), QStringLiteral("n=4\nlast=2"));

        panel.closeStream();
        QTRY_VERIFY(panel.statusText().startsWith(QStringLiteral("Closed")));
        QVERIFY(!panel.host().isOpen());
    }
    engine.stop();
}

QTEST_MAIN(TestEventStreamPanel)
#include "test_event_stream_panel.moc"
