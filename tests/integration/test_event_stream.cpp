// core::http::EventStream against an independent server (python3-aiohttp's /events route):
// events arrive whole though written in 7-byte pieces, the stream reconnects after the
// server's `retry` and sends Last-Event-ID, and answers that are not event streams end it.

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "http/event_stream.h"
#include "integration/closed_port.h"
#include "support/python_peer.h"

#include <QtTest>
#include <mutex>
#include <vector>

using namespace quiver::core;
using quiver::test::PythonPeer;
using Kind = http::EventStreamState::Kind;

namespace {

class Recorder final : public http::EventStreamObserver {
public:
    void onState(const http::EventStreamState& state) override {
        std::lock_guard lock(m_mutex);
        m_states.push_back(state);
    }
    void onEvent(const http::ServerEvent& event, Clock::WallPoint) override {
        std::lock_guard lock(m_mutex);
        m_events.push_back(event);
    }
    std::vector<http::EventStreamState> states() {
        std::lock_guard lock(m_mutex);
        return m_states;
    }
    std::vector<http::ServerEvent> events() {
        std::lock_guard lock(m_mutex);
        return m_events;
    }
    bool closed() {
        std::lock_guard lock(m_mutex);
        return !m_states.empty() && m_states.back().kind == Kind::closed;
    }
    int count(Kind kind) {
        std::lock_guard lock(m_mutex);
        return static_cast<int>(std::count_if(m_states.begin(), m_states.end(),
                                              [kind](const auto& s) { return s.kind == kind; }));
    }

private:
    std::mutex m_mutex;
    std::vector<http::EventStreamState> m_states;
    std::vector<http::ServerEvent> m_events;
};

model::Request get(const QString& url) {
    model::Request request;
    request.kind = model::RequestKind::sse;
    request.url = url.toStdString();
    request.settings.useEnvironmentProxy = false;
    return request;
}

} // namespace

class TestEventStream : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void reconnectsWithLastEventId();
    void anAnswerThatIsNotAStreamEndsIt_data();
    void anAnswerThatIsNotAStreamEndsIt();
    void refusedConnectionsStopAfterTheLimit();
    void closeEndsAnOpenStream();

private:
    PythonPeer m_peer;
    WaitingSink m_sink;
    Engine m_engine{m_sink};
};

void TestEventStream::initTestCase() {
    QVERIFY2(m_peer.start(QStringLiteral("aiohttp_server.py")), qPrintable(m_peer.errorString()));
}

void TestEventStream::reconnectsWithLastEventId() {
    auto recorder = std::make_shared<Recorder>();
    auto stream =
        http::EventStream::create(m_engine, get(m_peer.baseUrl() + "/events?count=3"), recorder);
    stream->start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder->events().size() >= 6, 20000);
    stream->close();
    QTRY_VERIFY(recorder->closed());

    const auto events = recorder->events();
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(events[i].id, std::to_string(i + 1));
        QCOMPARE(events[i].type, std::string("tick"));
    }
    QCOMPARE(events[0].data, std::string("n=1\nlast=none"));
    QCOMPARE(events[2].data, std::string("n=3\nlast=none"));
    // The second connection carried Last-Event-ID: 3 and the peer continued from there.
    QCOMPARE(events[3].data, std::string("n=4\nlast=3"));
    QCOMPARE(events[5].data, std::string("n=6\nlast=3"));

    const auto states = recorder->states();
    QCOMPARE(states.front().kind, Kind::connecting);
    QCOMPARE(states[1].kind, Kind::open);
    QCOMPARE(states[1].status, 200);
    auto reconnecting = std::find_if(states.begin(), states.end(),
                                     [](const auto& s) { return s.kind == Kind::reconnecting; });
    QVERIFY(reconnecting != states.end());
    QCOMPARE(reconnecting->delayMs, 20u); // the server's `retry: 20`, not the 3 s default
    QCOMPARE(reconnecting->lastEventId, std::string("3"));
    QVERIFY(!states.back().error);
}

void TestEventStream::anAnswerThatIsNotAStreamEndsIt_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::newRow("404") << "/status/404" << 404 << "answered 404";
    QTest::newRow("json") << "/echo" << 200 << "not text/event-stream";
}

void TestEventStream::anAnswerThatIsNotAStreamEndsIt() {
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, reason);
    auto recorder = std::make_shared<Recorder>();
    auto stream = http::EventStream::create(m_engine, get(m_peer.baseUrl() + path), recorder);
    stream->start();
    QTRY_VERIFY(recorder->closed());
    const auto last = recorder->states().back();
    QCOMPARE(last.status, status);
    QVERIFY(last.error.kind == ErrorKind::protocol);
    QVERIFY2(QString::fromStdString(last.error.message).contains(reason),
             last.error.message.c_str());
    QCOMPARE(recorder->count(Kind::reconnecting), 0);
    QCOMPARE(recorder->count(Kind::open), 0);
}

void TestEventStream::refusedConnectionsStopAfterTheLimit() {
    quiver::test::ClosedPort closed;
    auto recorder = std::make_shared<Recorder>();
    http::EventStreamOptions options;
    options.defaultRetryMs = 1;
    options.maxReconnects = 2;
    auto stream = http::EventStream::create(
        m_engine, get(QStringLiteral("http://127.0.0.1:%1/events").arg(closed.port)), recorder,
        options);
    stream->start();
    QTRY_VERIFY(recorder->closed());
    QCOMPARE(recorder->count(Kind::reconnecting), 2);
    QCOMPARE(recorder->count(Kind::connecting), 3);
    QVERIFY(recorder->states().back().error.kind == ErrorKind::connect);
}

void TestEventStream::closeEndsAnOpenStream() {
    // The peer writes its events and closes; between connections the stream waits 20 ms.
    // Closing at any point (open, waiting or connecting) ends with `closed` and no error.
    auto recorder = std::make_shared<Recorder>();
    auto stream =
        http::EventStream::create(m_engine, get(m_peer.baseUrl() + "/events?count=1"), recorder);
    stream->start();
    QTRY_VERIFY(!recorder->events().empty());
    stream->close();
    QTRY_VERIFY(recorder->closed());
    QVERIFY(!recorder->states().back().error);
    const int closedCount = recorder->count(Kind::closed);
    QCOMPARE(closedCount, 1);
}

QTEST_GUILESS_MAIN(TestEventStream)
#include "test_event_stream.moc"
