// The event-stream interpretation of the HTML standard, fed in every split a network can make.

#include "http/sse_parser.h"

#include <QtTest>
#include <vector>

using quiver::core::http::ServerEvent;
using quiver::core::http::SseParser;

namespace {

struct Collected {
    std::vector<ServerEvent> events;
    SseParser parser{[this](ServerEvent e) { events.push_back(std::move(e)); }};
};

QString describe(const std::vector<ServerEvent>& events) {
    QStringList parts;
    for (const auto& e : events)
        parts << QStringLiteral("[%1|%2|%3]")
                     .arg(QString::fromStdString(e.id), QString::fromStdString(e.type),
                          QString::fromStdString(e.data));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestSseParser : public QObject {
    Q_OBJECT
private slots:
    void fields_data();
    void fields();
    void everySplitGivesTheSameEvents();
    void retryTakesDigitsOnly();
    void resetKeepsTheLastIdButDropsAHalfEvent();
};

void TestSseParser::fields_data() {
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QString>("expected");
    QTest::newRow("lf") << QByteArray("data: a\n\n") << "[|message|a]";
    QTest::newRow("crlf") << QByteArray("data: a\r\n\r\n") << "[|message|a]";
    QTest::newRow("cr") << QByteArray("data: a\r\r") << "[|message|a]";
    QTest::newRow("multi-line data")
        << QByteArray("data: a\ndata:b\ndata\n\n") << "[|message|a\nb\n]";
    QTest::newRow("one leading space only") << QByteArray("data:  a\n\n") << "[|message| a]";
    QTest::newRow("event type and id")
        << QByteArray("id: 7\nevent: tick\ndata: x\n\ndata: y\n\n") << "[7|tick|x] [7|message|y]";
    QTest::newRow("comment and unknown field")
        << QByteArray(": ping\nfoo: bar\ndata: z\n\n") << "[|message|z]";
    QTest::newRow("no data, no event") << QByteArray("event: e\n\ndata: q\n\n") << "[|message|q]";
    static const char withNul[] = "id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n";
    QTest::newRow("id with NUL ignored")
        << QByteArray(withNul, sizeof withNul - 1) << "[1|message|a] [1|message|b]";
    QTest::newRow("empty id resets")
        << QByteArray("id: 1\ndata: a\n\nid\ndata: b\n\n") << "[1|message|a] [|message|b]";
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                       "data: a\n\n")
                         << "[|message|a]";
    QTest::newRow("unfinished event is not dispatched") << QByteArray("data: a\n") << "";
}

void TestSseParser::fields() {
    QFETCH(QByteArray, stream);
    QFETCH(QString, expected);
    Collected c;
    c.parser.feed(std::string_view(stream.constData(), stream.size()));
    QCOMPARE(describe(c.events), expected);
}

void TestSseParser::everySplitGivesTheSameEvents() {
    const QByteArray stream("\xEF\xBB\xBF: hi\r\nretry: 15\r\nid: 1\r\nevent: a\r\ndata: x\r\n\r\n"
                            "data: y\rdata: z\r\rid: 2\ndata: w\n\n");
    Collected whole;
    whole.parser.feed(std::string_view(stream.constData(), stream.size()));
    const QString expected = describe(whole.events);
    QCOMPARE(expected, QStringLiteral("[1|a|x] [1|message|y\nz] [2|message|w]"));
    for (int a = 0; a <= stream.size(); ++a) {
        for (int b = a; b <= stream.size(); ++b) {
            Collected split;
            split.parser.feed(std::string_view(stream.constData(), a));
            split.parser.feed(std::string_view(stream.constData() + a, b - a));
            split.parser.feed(std::string_view(stream.constData() + b, stream.size() - b));
            QVERIFY2(describe(split.events) == expected,
                     qPrintable(QStringLiteral("split at %1 and %2: %3")
                                    .arg(a)
                                    .arg(b)
                                    .arg(describe(split.events))));
            QCOMPARE(split.parser.retryMs().value_or(0), 15u);
        }
    }
}

void TestSseParser::retryTakesDigitsOnly() {
    Collected c;
    c.parser.feed("retry: 250\n\n");
    QCOMPARE(c.parser.retryMs().value_or(0), 250u);
    c.parser.feed("retry: 12a\nretry: -1\nretry:\nretry: 99999999999999\n\n");
    QCOMPARE(c.parser.retryMs().value_or(0), 250u);
}

void TestSseParser::resetKeepsTheLastIdButDropsAHalfEvent() {
    Collected c;
    c.parser.feed("id: 9\ndata: done\n\nid: 10\ndata: half");
    c.parser.reset();
    c.parser.feed("data: next\n\n");
    QCOMPARE(describe(c.events), QStringLiteral("[9|message|done] [9|message|next]"));
    QCOMPARE(c.parser.lastEventId(), std::string("9"));
    c.parser.feed("id: 11\n\n"); // an id-only block still moves the last id
    QCOMPARE(c.parser.lastEventId(), std::string("11"));
}

QTEST_APPLESS_MAIN(TestSseParser)
#include "test_sse_parser.moc"
