#include "widgets/body_document.h"
#include "widgets/body_view.h"
#include "widgets/json_format.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <string>

using quiver::ui::BodyView;

namespace {

constexpr int kIndexTimeoutMs = 120'000;
constexpr int kItems = 800'000; // ~50 MB with one item per line
constexpr int kNeedleItem = kItems - 7;

// An array of one object per line, so the raw view has a line per item: line 0 is "[", item i
// is line i + 1 and the last line is "]".
std::shared_ptr<const std::string> makeLargeJson() {
    auto json = std::make_shared<std::string>();
    json->reserve(64ULL * 1024 * 1024);
    json->append("[\n");
    for (int i = 0; i < kItems; ++i) {
        json->append(R"({"id":)").append(std::to_string(i));
        json->append(i == kNeedleItem ? R"(,"name":"the Needle here")" : R"(,"name":"item")");
        json->append(R"(,"tags":["alpha","beta"],"ok":true,"score":12.5,"none":null})");
        json->append(i + 1 < kItems ? ",\n" : "\n");
    }
    json->append("]\n");
    return json;
}

std::shared_ptr<const std::string> bytes(const char* text) {
    return std::make_shared<const std::string>(text);
}

bool waitIndexed(BodyView& view) {
    if (view.isIndexed())
        return true;
    QSignalSpy spy(&view, &BodyView::indexed);
    return spy.wait(kIndexTimeoutMs);
}

} // namespace

class TestBodyView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { m_large = makeLargeJson(); }

    void largeBodyIndexesOffTheUiThread();
    void prettyPrintsSmallJsonExactly();
    void prettyFallsBackToRawForNonJson();
    void largeBodyPretty();
    void searchMovesBothWaysAndWraps();
    void tokenizerColoursKeysAndValues();
    void fileBodyAndSave();
    void longLinesAreCapped();

private:
    std::shared_ptr<const std::string> m_large;
};

void TestBodyView::largeBodyIndexesOffTheUiThread() {
    BodyView view;
    view.resize(900, 600);
    view.show();
    view.setMode(BodyView::Mode::raw);
    view.setBody(m_large);
    QVERIFY(!view.isIndexed());
    QVERIFY(waitIndexed(view));
    QVERIFY(view.indexedOffUiThread());
    QCOMPARE(view.lineCount(), kItems + 2);
    QCOMPARE(view.lineText(0), QStringLiteral("["));
    QVERIFY(view.lineText(1).startsWith(QStringLiteral(R"({"id":0,)")));

    view.scrollToLine(view.lineCount());
    QVERIFY(view.firstVisibleLine() > kItems - 100);
    QCOMPARE(view.lineText(view.lineCount() - 1), QStringLiteral("]"));
    QVERIFY(view.lineText(view.lineCount() - 2)
                .startsWith(QStringLiteral(R"({"id":%1,)").arg(kItems - 1)));

    // Search from the top: the needle is near the end and the view must scroll to it.
    view.scrollToLine(0);
    QSignalSpy found(&view, &BodyView::searchFinished);
    view.find(QStringLiteral("needle"), true, false);
    QVERIFY(found.wait(kIndexTimeoutMs));
    QCOMPARE(found.at(0).at(0).toBool(), true);
    QCOMPARE(view.matchLine(), kNeedleItem + 1);
    QVERIFY(view.firstVisibleLine() <= view.matchLine());
    QVERIFY(view.matchLine() < view.firstVisibleLine() + 60);

    // Case-sensitive, the lower-case needle is not there.
    view.find(QStringLiteral("needle"), true, true);
    QVERIFY(found.wait(kIndexTimeoutMs));
    QCOMPARE(found.last().at(0).toBool(), false);
}

void TestBodyView::prettyPrintsSmallJsonExactly() {
    BodyView view;
    view.setBody(bytes(R"( {"a":1,"b":[true,null,"x\"y,]"],"c":{},"d":[ ],"e":{"f":-2.5e3}} )"));
    QVERIFY(waitIndexed(view));
    QVERIFY(view.isPrettyApplied());
    const QStringList expected{
        QStringLiteral("{"),
        QStringLiteral(R"(  "a": 1,)"),
        QStringLiteral(R"(  "b": [)"),
        QStringLiteral(R"(    true,)"),
        QStringLiteral(R"(    null,)"),
        QStringLiteral(R"(    "x\"y,]")"),
        QStringLiteral(R"(  ],)"),
        QStringLiteral(R"(  "c": {},)"),
        QStringLiteral(R"(  "d": [],)"),
        QStringLiteral(R"(  "e": {)"),
        QStringLiteral(R"(    "f": -2.5e3)"),
        QStringLiteral(R"(  })"),
        QStringLiteral("}"),
    };
    QStringList actual;
    for (int i = 0; i < view.lineCount(); ++i)
        actual << view.lineText(i);
    QCOMPARE(actual, expected);

    // Switching to raw shows the bytes as they came.
    QSignalSpy spy(&view, &BodyView::indexed);
    view.setMode(BodyView::Mode::raw);
    QVERIFY(spy.count() == 1 || spy.wait(kIndexTimeoutMs));
    QCOMPARE(view.lineCount(), 1);
    QVERIFY(!view.isPrettyApplied());
}

void TestBodyView::prettyFallsBackToRawForNonJson() {
    for (const char* text : {"plain text\nsecond line", "{\"a\":1", "{\"a\":1}}", "[1,2] x"}) {
        BodyView view;
        view.setBody(bytes(text));
        QVERIFY(waitIndexed(view));
        QVERIFY2(!view.isPrettyApplied(), text);
        QCOMPARE(view.lineText(0), QString::fromUtf8(text).section(u'\n', 0, 0));
    }
}

void TestBodyView::largeBodyPretty() {
    BodyView view;
    view.setBody(m_large);
    QVERIFY(waitIndexed(view));
    QVERIFY(view.isPrettyApplied());
    QVERIFY(view.indexedOffUiThread());
    // Each item becomes 11 lines: {, id, name, "tags": [, alpha, beta, ], ok, score, none, }
    QCOMPARE(view.lineCount(), kItems * 11 + 2);
    QCOMPARE(view.lineText(view.lineCount() - 1), QStringLiteral("]"));
    QCOMPARE(view.lineText(2), QStringLiteral(R"(    "id": 0,)"));
}

void TestBodyView::searchMovesBothWaysAndWraps() {
    BodyView view;
    view.resize(600, 400);
    view.setMode(BodyView::Mode::raw);
    view.setBody(bytes("one x\ntwo X\nthree x\n"));
    QVERIFY(waitIndexed(view));
    QSignalSpy spy(&view, &BodyView::searchFinished);
    const auto findAndWait = [&](bool forward) {
        view.find(QStringLiteral("x"), forward, false);
        return spy.wait(5000) && spy.last().at(0).toBool();
    };
    QVERIFY(findAndWait(true));
    QCOMPARE(view.matchLine(), 0);
    QVERIFY(findAndWait(true));
    QCOMPARE(view.matchLine(), 1);
    QVERIFY(findAndWait(true));
    QCOMPARE(view.matchLine(), 2);
    QVERIFY(findAndWait(true)); // wraps to the top
    QCOMPARE(view.matchLine(), 0);
    QVERIFY(findAndWait(false)); // wraps to the bottom
    QCOMPARE(view.matchLine(), 2);
    QVERIFY(findAndWait(false));
    QCOMPARE(view.matchLine(), 1);
}

void TestBodyView::tokenizerColoursKeysAndValues() {
    using quiver::ui::JsonToken;
    const QString line = QStringLiteral(R"(  "key": "v", 12, true)");
    const auto spans = quiver::ui::tokenizeJsonLine(line);
    QCOMPARE(spans.size(), std::size_t(7));
    QCOMPARE(spans[0].kind, JsonToken::key);
    QCOMPARE(line.mid(spans[0].start, spans[0].length), QStringLiteral(R"("key")"));
    QCOMPARE(spans[1].kind, JsonToken::punctuation);
    QCOMPARE(spans[2].kind, JsonToken::string);
    QCOMPARE(spans[4].kind, JsonToken::number);
    QCOMPARE(spans[6].kind, JsonToken::keyword);
}

void TestBodyView::fileBodyAndSave() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("body.json"));
    {
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"streamed":[1,2,3]})");
    }
    BodyView view;
    view.setBodyFile(source);
    QVERIFY(waitIndexed(view));
    QVERIFY(view.isPrettyApplied());
    QCOMPARE(view.lineText(1), QStringLiteral(R"(  "streamed": [)"));

    // Saving writes the bytes as received, not the pretty copy.
    const QString target = dir.filePath(QStringLiteral("saved.json"));
    QSignalSpy saved(&view, &BodyView::saveFinished);
    view.saveToFile(target);
    QVERIFY(saved.wait(10'000));
    QVERIFY(saved.at(0).at(0).toBool());
    QFile result(target);
    QVERIFY(result.open(QIODevice::ReadOnly));
    QCOMPARE(result.readAll(), QByteArray(R"({"streamed":[1,2,3]})"));

    BodyView missing;
    missing.setBodyFile(dir.filePath(QStringLiteral("nope")));
    QVERIFY(waitIndexed(missing));
    QCOMPARE(missing.lineCount(), 0);
}

void TestBodyView::longLinesAreCapped() {
    // A minified body is one long line; it must index and keep its full text for copying.
    auto line = std::make_shared<std::string>(200'000, 'a');
    BodyView view;
    view.resize(600, 300);
    view.show();
    view.setBody(line);
    QVERIFY(waitIndexed(view));
    QCOMPARE(view.lineCount(), 1);
    QCOMPARE(view.lineText(0).size(), qsizetype(200'000));
    view.repaint(); // paints the capped line without tripping over its length
}

QTEST_MAIN(TestBodyView)
#include "test_body_view.moc"
