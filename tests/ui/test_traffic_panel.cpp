// The live traffic panel: a bounded model fed in batches (checked by QAbstractItemModelTester
// through appends, eviction and resets), the filter proxy, the detail of a selected row, the
// layer waterfall's geometry, the actions' converted request and route, and a stress run that
// keeps the row count at the cap.

#include "mock/traffic_detail.h"
#include "mock/traffic_filter.h"
#include "mock/traffic_model.h"
#include "mock/traffic_panel.h"
#include "mock/waterfall_view.h"
#include "widgets/body_view.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QGuiApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace std::chrono_literals;
using quiver::core::mock::LayerTiming;
using quiver::core::mock::MockReply;
using quiver::core::mock::TrafficEntry;
using quiver::core::model::MockRoute;
using quiver::core::model::Request;
using quiver::ui::TrafficDetail;
using quiver::ui::TrafficFilter;
using quiver::ui::TrafficModel;
using quiver::ui::TrafficPanel;
using quiver::ui::WaterfallView;
using Entries = std::vector<TrafficEntry>;

namespace {

TrafficEntry entry(std::uint64_t id, std::string method = "GET", std::string target = "/hello",
                   int status = 200) {
    TrafficEntry e;
    e.id = id;
    e.time = quiver::core::Clock::WallPoint(std::chrono::seconds(1'700'000'000) + id * 1ms);
    e.method = std::move(method);
    e.target = std::move(target);
    e.status = status;
    e.total = 1500us;
    e.responseBody = {"Hello, World!", 13, false};
    e.responseHeaders = {{"Content-Type", "text/plain"}};
    e.routeId = "get-hello";
    return e;
}

Entries batch(std::uint64_t firstId, int count) {
    Entries out;
    for (int i = 0; i < count; ++i)
        out.push_back(entry(firstId + i));
    return out;
}

// A POST through three layers, with a JSON body both ways.
TrafficEntry richEntry(std::uint64_t id) {
    TrafficEntry e = entry(id, "POST", "/users/42?x=1", 201);
    e.requestHeaders = {{"Host", "127.0.0.1:8080"},
                        {"Content-Type", "application/json"},
                        {"Content-Length", "12"},
                        {"X-Trace", "t1"}};
    e.requestBody = {R"({"name":"a"})", 12, false};
    e.responseHeaders = {{"Content-Type", "application/json"},
                         {"Date", "Mon, 01 Jan 2024 00:00:00 GMT"},
                         {"Content-Length", "9"}};
    e.responseBody = {R"({"id":42})", 9, false};
    e.layers = {{"request-log", 1ms, 4ms}, {"auth", 2ms, 5ms}, {"latency", 3ms, 6ms}};
    e.total = 30ms;
    e.clientAddress = "127.0.0.1:50000";
    return e;
}

QStringList column(const QAbstractItemModel& model, int col) {
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, col).data().toString();
    return out;
}

QString allText(const quiver::ui::BodyView* view) {
    QStringList lines;
    for (int line = 0; line < view->lineCount(); ++line)
        lines << view->lineText(line);
    return lines.join(QLatin1Char('\n'));
}

void selectRow(TrafficPanel& panel, int row) {
    panel.table()->setCurrentIndex(panel.filter()->index(row, 0));
}

} // namespace

class TrafficPanelTest : public QObject {
    Q_OBJECT
private slots:
    void modelPassesTesterUnderBatchesAndEviction();
    void statusIsColouredByClass();
    void filtersByTextStatusClassAndMethod();
    void selectingARowFillsTheDetail();
    void waterfallNestsLayersProportionally();
    void actionsCarryConvertedRequestAndRoute();
    void pausedTableKeepsTheRowsInView();
    void stressKeepsRowCountAtTheCap();
};

void TrafficPanelTest::modelPassesTesterUnderBatchesAndEviction() {
    TrafficModel model;
    model.setCapacity(100);
    TrafficFilter filter;
    filter.setTrafficModel(&model);
    QAbstractItemModelTester modelTester(&model,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    std::uint64_t next = 1;
    for (int i = 0; i < 10; ++i, next += 30)
        model.appendBatch(batch(next, 30)); // 300 appended, 200 evicted
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.entryAt(0).id, next - 100);
    QCOMPARE(model.entryAt(99).id, next - 1);
    // One insertion per batch; one removal per batch once the cap is reached.
    QCOMPARE(inserted.count(), 10);
    QCOMPARE(removed.count(), 7);
    QCOMPARE(reset.count(), 0);

    model.appendBatch(batch(next, 250)); // alone over the cap: the newest 100, by a reset
    next += 250;
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.entryAt(0).id, next - 100);
    QCOMPARE(model.receivedCount(), quint64(550));
    QCOMPARE(filter.rowCount(), 100);

    model.setCapacity(40);
    QCOMPARE(model.rowCount(), 40);
    QCOMPARE(model.entryAt(0).id, next - 40);
    model.appendBatch(Entries{});
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(filter.rowCount(), 0);
}

void TrafficPanelTest::statusIsColouredByClass() {
    TrafficModel model;
    TrafficEntry fault = entry(4, "GET", "/flaky", 200);
    fault.fault = MockReply::Fault::reset;
    model.appendBatch(Entries{entry(1, "GET", "/", 200), entry(2, "GET", "/", 404),
                              entry(3, "GET", "/", 503), fault});
    auto colour = [&](int row) {
        return model.index(row, TrafficModel::statusColumn)
            .data(Qt::ForegroundRole)
            .value<QBrush>()
            .color();
    };
    QVERIFY(colour(0) != colour(1));
    QVERIFY(colour(1) != colour(2));
    QVERIFY(colour(2) != colour(3));
    QCOMPARE(model.index(3, TrafficModel::statusColumn).data().toString(), QStringLiteral("reset"));
    QCOMPARE(model.index(1, TrafficModel::statusColumn).data().toString(), QStringLiteral("404"));
    QCOMPARE(model.index(0, TrafficModel::durationColumn).data().toString(),
             QStringLiteral("1.50"));
    QCOMPARE(model.index(0, TrafficModel::sizeColumn).data().toString(), QStringLiteral("13 B"));
}

void TrafficPanelTest::filtersByTextStatusClassAndMethod() {
    TrafficModel model;
    TrafficFilter filter;
    filter.setTrafficModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    TrafficEntry fault = entry(6, "GET", "/flaky", 200);
    fault.fault = MockReply::Fault::garbage;
    model.appendBatch(Entries{entry(1, "GET", "/users/1", 200), entry(2, "POST", "/users", 201),
                              entry(3, "GET", "/old", 301), entry(4, "DELETE", "/Users/2", 404),
                              entry(5, "GET", "/boom", 500), fault});
    QCOMPARE(filter.rowCount(), 6);

    filter.setText(QStringLiteral("USERS"));
    QCOMPARE(column(filter, TrafficModel::pathColumn),
             QStringList({"/users/1", "/users", "/Users/2"}));
    filter.setText(QStringLiteral("post /us"));
    QCOMPARE(column(filter, TrafficModel::pathColumn), QStringList({"/users"}));
    filter.setText({});

    using Status = TrafficFilter::Status;
    filter.setStatus(Status::success);
    QCOMPARE(column(filter, TrafficModel::pathColumn), QStringList({"/users/1", "/users"}));
    filter.setStatus(Status::redirect);
    QCOMPARE(column(filter, TrafficModel::pathColumn), QStringList({"/old"}));
    filter.setStatus(Status::errors); // 4xx, 5xx and faults
    QCOMPARE(column(filter, TrafficModel::pathColumn),
             QStringList({"/Users/2", "/boom", "/flaky"}));
    filter.setStatus(Status::serverError);
    QCOMPARE(column(filter, TrafficModel::pathColumn), QStringList({"/boom"}));
    filter.setStatus(Status::any);

    filter.setMethod(QStringLiteral("get"));
    QCOMPARE(filter.rowCount(), 4);
    filter.setText(QStringLiteral("users"));
    QCOMPARE(column(filter, TrafficModel::pathColumn), QStringList({"/users/1"}));
    // New rows go through the same filter as they arrive.
    model.appendBatch(Entries{entry(7, "GET", "/users/9"), entry(8, "PUT", "/users/9")});
    QCOMPARE(column(filter, TrafficModel::pathColumn), QStringList({"/users/1", "/users/9"}));
}

void TrafficPanelTest::selectingARowFillsTheDetail() {
    TrafficPanel panel;
    panel.resize(1000, 700);
    panel.show();
    TrafficEntry rich = richEntry(2);
    rich.responseBody = {R"({"id":42})", 90'000, true};
    panel.appendBatch(Entries{entry(1), rich, entry(3)});
    QCOMPARE(panel.counterText(), QStringLiteral("3 requests, 3 shown"));
    TrafficDetail* detail = panel.detail();
    QVERIFY(!detail->entry());

    QSignalSpy indexed(detail->responseBody(), &quiver::ui::BodyView::indexed);
    selectRow(panel, 1);
    QVERIFY(detail->entry());
    QCOMPARE(detail->entry()->id, std::uint64_t(2));
    QCOMPARE(detail->requestLine(), QStringLiteral("POST /users/42?x=1"));
    QCOMPARE(detail->statusText(), QStringLiteral("201"));
    QCOMPARE(detail->requestHeaders()->rowCount(), 4);
    QCOMPARE(detail->requestHeaders()->index(3, 1).data().toString(), QStringLiteral("t1"));
    QCOMPARE(detail->responseHeaders()->index(0, 0).data().toString(),
             QStringLiteral("Content-Type"));
    QTRY_VERIFY(detail->responseBody()->isIndexed());
    QVERIFY(allText(detail->responseBody()).contains(QStringLiteral("\"id\": 42")));
    QTRY_VERIFY(detail->requestBody()->isIndexed());
    QVERIFY(allText(detail->requestBody()).contains(QStringLiteral("\"name\"")));
    QCOMPARE(detail->waterfall()->layout().rows.size(), std::size_t(4));

    // The detail keeps its own copy: evicting the row does not change what it shows.
    panel.model()->setCapacity(1);
    panel.appendBatch(Entries{entry(4), entry(5)});
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(detail->entry()->id, std::uint64_t(2));
    QCOMPARE(detail->requestLine(), QStringLiteral("POST /users/42?x=1"));
    auto* sendAgain = detail->findChild<QToolButton*>("sendAgainButton");
    QVERIFY(sendAgain && sendAgain->isEnabled());

    // A request refused before its head was read (400) is shown, with nothing to act on.
    panel.appendBatch(Entries{entry(6, "", "", 400)});
    selectRow(panel, 0);
    QCOMPARE(detail->entry()->id, std::uint64_t(6));
    QCOMPARE(detail->statusText(), QStringLiteral("400"));
    for (const char* name : {"sendAgainButton", "makeRouteButton", "copyCurlButton"})
        QVERIFY2(!detail->findChild<QToolButton*>(name)->isEnabled(), name);

    panel.clear();
    QVERIFY(!detail->entry());
    QCOMPARE(panel.counterText(), QStringLiteral("0 requests, 0 shown"));
}

void TrafficPanelTest::waterfallNestsLayersProportionally() {
    const std::vector<LayerTiming> layers = {
        {"log", 1ms, 4ms}, {"auth", 2ms, 5ms}, {"latency", 3ms, 6ms}};
    const auto layout = quiver::ui::layoutWaterfall(layers, 30ms);
    QCOMPARE(layout.rows.size(), std::size_t(4));
    QCOMPARE(layout.totalMs, 30.0);
    QCOMPARE(layout.rows[0].label, QStringLiteral("log"));
    QCOMPARE(layout.rows[2].label, QStringLiteral("latency"));
    QVERIFY(layout.rows[3].handler);
    // Inward parts one after the other, in chain order.
    QCOMPARE(layout.rows[0].inward.startMs, 0.0);
    QCOMPARE(layout.rows[1].inward.startMs, 1.0);
    QCOMPARE(layout.rows[2].inward.startMs, 3.0);
    // The handler has the time no layer accounts for, in the middle: 30 - 21 = 9 ms.
    QCOMPARE(layout.rows[3].inward.startMs, 6.0);
    QCOMPARE(layout.rows[3].inward.lengthMs, 9.0);
    // Outward parts in reverse: innermost first, the outermost ends at the total.
    QCOMPARE(layout.rows[2].outward.startMs, 15.0);
    QCOMPARE(layout.rows[1].outward.startMs, 21.0);
    QCOMPARE(layout.rows[0].outward.startMs, 26.0);
    QCOMPARE(layout.rows[0].outward.endMs(), 30.0);
    for (std::size_t i = 0; i + 1 < layers.size(); ++i) { // each layer encloses the next
        QVERIFY(layout.rows[i].inward.endMs() <= layout.rows[i + 1].inward.startMs);
        QVERIFY(layout.rows[i + 1].outward.endMs() <= layout.rows[i].outward.startMs);
    }

    // Pixels: 300 px for 30 ms is 10 px per ms, from the track's left edge.
    const QRectF track(50, 0, 300, 10);
    const QRectF handler = quiver::ui::spanRect(layout.rows[3].inward, layout.totalMs, track);
    QCOMPARE(handler.left(), 110.0);
    QCOMPARE(handler.width(), 90.0);
    QCOMPARE(quiver::ui::spanRect(layout.rows[1].outward, layout.totalMs, track).width(), 50.0);
    QCOMPARE(quiver::ui::spanRect(layout.rows[0].outward, layout.totalMs, track).right(), 350.0);

    // A total shorter than the layers (clock granularity) never cuts bars off.
    const auto tight = quiver::ui::layoutWaterfall(layers, 10ms);
    QCOMPARE(tight.rows[3].inward.lengthMs, 0.0);
    QCOMPARE(tight.totalMs, 21.0);
    QCOMPARE(quiver::ui::formatLayerDuration(0.85), QStringLiteral("850 µs"));
    QCOMPARE(quiver::ui::formatLayerDuration(1.25), QStringLiteral("1.25 ms"));

    WaterfallView view;
    view.resize(700, view.sizeHint().height());
    view.setTimings(layers, 30ms);
    QVERIFY(view.trackRect(0).width() > 100);
    QCOMPARE(view.trackRect(0).left(), view.trackRect(3).left());
    QVERIFY(view.trackRect(1).top() > view.trackRect(0).top());
    QVERIFY(!view.grab().isNull());
}

void TrafficPanelTest::actionsCarryConvertedRequestAndRoute() {
    TrafficPanel panel;
    panel.setServerUrl(QStringLiteral("http://127.0.0.1:8080"));
    TrafficEntry rich = richEntry(1);
    rich.target = "/items/{id}?x=1";
    rich.responseBody = {R"({"id":)", 5000, true};
    panel.appendBatch(Entries{rich});
    QSignalSpy sendAgain(&panel, &TrafficPanel::sendAgainRequested);
    QSignalSpy makeRoute(&panel, &TrafficPanel::makeRouteRequested);
    panel.sendAgain(); // nothing selected: nothing happens
    QCOMPARE(sendAgain.count(), 0);
    selectRow(panel, 0);

    auto* sendButton = panel.detail()->findChild<QToolButton*>(QStringLiteral("sendAgainButton"));
    QVERIFY(sendButton && sendButton->isEnabled());
    QTest::mouseClick(sendButton, Qt::LeftButton);
    QCOMPARE(sendAgain.count(), 1);
    const auto request = sendAgain.at(0).at(0).value<Request>();
    QCOMPARE(request.method, std::string("POST"));
    QCOMPARE(request.url, std::string("http://127.0.0.1:8080/items/{id}?x=1"));
    QCOMPARE(request.headers.size(), std::size_t(2)); // Host and Content-Length dropped
    QCOMPARE(request.body.text, std::string(R"({"name":"a"})"));

    QTest::mouseClick(panel.detail()->findChild<QToolButton*>(QStringLiteral("makeRouteButton")),
                      Qt::LeftButton);
    QCOMPARE(makeRoute.count(), 1);
    const auto route = makeRoute.at(0).at(0).value<MockRoute>();
    QCOMPARE(route.pattern, std::string("/items/%7Bid%7D"));
    QCOMPARE(route.methods, std::vector<std::string>{"POST"});
    QCOMPARE(route.responses.at(0).status, 201);
    QCOMPARE(route.responses.at(0).headers.size(), std::size_t(1)); // Content-Type only
    const auto warnings = makeRoute.at(0).at(1).toStringList();
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings[0].contains(QStringLiteral("truncated")));
    QVERIFY(panel.detail()->noteText().contains(QStringLiteral("truncated")));

    panel.copyAsCurl();
    const QString curl = QGuiApplication::clipboard()->text();
    QVERIFY2(curl.startsWith(QStringLiteral("curl 'http://127.0.0.1:8080/items/{id}?x=1'")),
             qPrintable(curl));
    QVERIFY(curl.contains(QStringLiteral("X-Trace: t1")));
}

void TrafficPanelTest::pausedTableKeepsTheRowsInView() {
    TrafficPanel panel;
    panel.resize(900, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.model()->setCapacity(300);
    panel.appendBatch(batch(1, 300));
    QScrollBar* bar = panel.table()->verticalScrollBar();
    QVERIFY(panel.isFollowing());
    QTRY_VERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());

    panel.setPaused(true);
    QVERIFY(!panel.isFollowing());
    bar->setValue(100);
    QTRY_COMPARE(panel.topVisibleEntry()->id, std::uint64_t(101));
    panel.appendBatch(batch(301, 50)); // evicts ids 1..50, above the view
    QCOMPARE(panel.model()->entryAt(0).id, std::uint64_t(51));
    QTRY_COMPARE(panel.topVisibleEntry()->id, std::uint64_t(101));

    panel.setPaused(false);
    QVERIFY(panel.isFollowing());
    panel.appendBatch(batch(351, 10));
    QTRY_COMPARE(bar->value(), bar->maximum());
    QCOMPARE(panel.model()->entryAt(panel.model()->rowCount() - 1).id, std::uint64_t(360));

    // Scrolling up by hand stops following as pausing does.
    bar->setValue(10);
    QVERIFY(!panel.isFollowing());
    bar->setValue(bar->maximum());
    QVERIFY(panel.isFollowing());
}

void TrafficPanelTest::stressKeepsRowCountAtTheCap() {
    TrafficPanel panel;
    panel.resize(900, 600);
    panel.show();
    QCOMPARE(panel.model()->capacity(), 10'000);
    std::uint64_t next = 1;
    for (int i = 0; i < 50; ++i, next += 2000) {
        panel.appendBatch(batch(next, 2000));
        QVERIFY(panel.model()->rowCount() <= 10'000);
    }
    QCOMPARE(panel.model()->rowCount(), 10'000);
    QCOMPARE(panel.filter()->rowCount(), 10'000);
    QCOMPARE(panel.model()->receivedCount(), quint64(100'000));
    QCOMPARE(panel.model()->entryAt(0).id, std::uint64_t(90'001));
    QCOMPARE(panel.model()->entryAt(9'999).id, std::uint64_t(100'000));
    QCOMPARE(panel.counterText(), QStringLiteral("10,000 requests, 10,000 shown"));
}

QTEST_MAIN(TrafficPanelTest)
#include "test_traffic_panel.moc"
