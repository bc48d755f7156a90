#include "response/response_view.h"
#include "response/set_cookie.h"
#include "response/timing_view.h"
#include "widgets/body_view.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>
#include <memory>

using quiver::core::model::Response;
using quiver::ui::BodyView;
using quiver::ui::ResponseView;

namespace {

Response sampleResponse() {
    Response r;
    r.status = 404;
    r.reason = "Not Found";
    r.headers = {
        {"Content-Type", "application/json"},
        {"Set-Cookie", "session=abc123; Domain=example.com; Path=/; Expires=Wed, 21 Oct 2026 "
                       "07:28:00 GMT; Secure; HttpOnly; SameSite=Lax"},
        {"Set-Cookie", "theme=dark; Max-Age=3600"},
        {"X-Trace", "one"},
        {"X-Trace", "two"},
    };
    r.body = std::make_shared<const std::string>(R"({"error":"no such user","id":42})");
    r.bodySize = r.body->size();
    r.remoteAddress = "93.184.216.34:443";
    r.bytesSent = 312;
    r.bytesReceived = 2048;
    r.connectionReused = true;
    r.timings = {1.5, 10.25, 22.0, 0.4, 120.0, 3.0, 157.15};
    r.tls.protocol = "TLSv1.3";
    r.tls.cipher = "TLS_AES_256_GCM_SHA384";
    r.tls.serverName = "example.com";
    r.tls.verified = true;
    r.tls.chain = {
        {"CN=example.com", "CN=Example CA", "2025-01-01", "2026-01-01", "01", "AA:BB", ""},
        {"CN=Example CA", "CN=Example CA", "2020-01-01", "2030-01-01", "02", "CC:DD", ""},
    };
    return r;
}

template <typename T> T* child(QWidget& parent, const char* name) {
    T* widget = parent.findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qFatal("missing child %s", name);
    return widget;
}

} // namespace

class TestResponseView : public QObject {
    Q_OBJECT

private slots:
    void showsStatusHeadersCookiesTimingAndTls();
    void showsErrorPendingAndClear();
    void parsesSetCookie();
    void formatsSizes();
};

void TestResponseView::showsStatusHeadersCookiesTimingAndTls() {
    ResponseView view;
    view.resize(1000, 700);
    view.show();
    QSignalSpy indexed(view.bodyView(), &BodyView::indexed);
    view.showResponse(sampleResponse());

    QCOMPARE(view.statusText(), QStringLiteral("404 Not Found"));
    QVERIFY(child<QLabel>(view, "statusChip")->styleSheet().contains(QStringLiteral("#e65c00")));
    QCOMPARE(child<QLabel>(view, "timeLabel")->text(), QStringLiteral("157 ms"));
    QCOMPARE(child<QLabel>(view, "sizeLabel")->text(), QStringLiteral("32 B"));

    auto* headers = child<QTableView>(view, "headersTable")->model();
    QAbstractItemModelTester headersTester(headers);
    QCOMPARE(headers->rowCount(), 5);
    QCOMPARE(headers->columnCount(), 2);
    QCOMPARE(headers->index(3, 0).data().toString(), QStringLiteral("X-Trace"));
    QCOMPARE(headers->index(4, 1).data().toString(), QStringLiteral("two"));

    auto* cookies = child<QTableView>(view, "cookiesTable")->model();
    QAbstractItemModelTester cookiesTester(cookies);
    QCOMPARE(cookies->rowCount(), 2);
    QStringList first;
    for (int column = 0; column < cookies->columnCount(); ++column)
        first << cookies->index(0, column).data().toString();
    QCOMPARE(first,
             (QStringList{"session", "abc123", "example.com", "/", "Wed, 21 Oct 2026 07:28:00 GMT",
                          "Secure, HttpOnly, SameSite=Lax"}));
    QCOMPARE(cookies->index(1, 4).data().toString(), QStringLiteral("Max-Age 3600 s"));

    auto* tabs = child<QTabWidget>(view, "responseTabs");
    QCOMPARE(tabs->tabText(1), QStringLiteral("Headers (5)"));
    QCOMPARE(tabs->tabText(2), QStringLiteral("Cookies (2)"));
    QVERIFY(tabs->isTabEnabled(4));

    auto* timing = child<quiver::ui::TimingView>(view, "timingView");
    QCOMPARE(timing->phases().size(), 6);
    QCOMPARE(timing->phases().at(4).ms, 120.0);
    QCOMPARE(child<QLabel>(view, "remoteAddress")->text(), QStringLiteral("93.184.216.34:443"));
    QCOMPARE(child<QLabel>(view, "bytesReceived")->text(), QStringLiteral("2.0 KB"));
    QCOMPARE(child<QLabel>(view, "connectionReused")->text(), QStringLiteral("Yes"));

    QCOMPARE(child<QLabel>(view, "tlsProtocol")->text(), QStringLiteral("TLSv1.3"));
    auto* chain = child<QTreeWidget>(view, "tlsChain");
    QCOMPARE(chain->topLevelItemCount(), 1); // root first, the leaf nested under it
    QCOMPARE(chain->topLevelItem(0)->text(0), QStringLiteral("CN=Example CA"));
    QCOMPARE(chain->topLevelItem(0)->child(0)->text(0), QStringLiteral("CN=example.com"));
    QCOMPARE(chain->topLevelItem(0)->child(0)->text(4), QStringLiteral("AA:BB"));

    QVERIFY(view.bodyView()->isIndexed() || indexed.wait(10'000));
    QCOMPARE(view.bodyView()->lineText(1), QStringLiteral(R"(  "error": "no such user",)"));
    QCOMPARE(child<QLabel>(view, "bodyNote")->text(), QStringLiteral("4 lines"));
}

void TestResponseView::showsErrorPendingAndClear() {
    ResponseView view;
    auto* stack = view.findChild<QStackedWidget*>();
    QVERIFY(stack);
    view.showPending();
    QCOMPARE(stack->currentIndex(), 2);

    view.showError(QStringLiteral("Timeout"), QStringLiteral("No response within 30 s"));
    QCOMPARE(stack->currentIndex(), 3);
    QCOMPARE(child<QLabel>(view, "errorTitle")->text(), QStringLiteral("Timeout"));
    QCOMPARE(child<QLabel>(view, "errorMessage")->text(),
             QStringLiteral("No response within 30 s"));

    view.showResponse(sampleResponse());
    QCOMPARE(stack->currentIndex(), 1);
    view.clear();
    QCOMPARE(stack->currentIndex(), 0);
    QCOMPARE(child<QTableView>(view, "headersTable")->model()->rowCount(), 0);
    QVERIFY(!view.bodyView()->isIndexed());
    QVERIFY(!child<QTabWidget>(view, "responseTabs")->isTabEnabled(4));
}

void TestResponseView::parsesSetCookie() {
    const auto c = quiver::ui::parseSetCookie(QStringLiteral("id=a=b; path=/x; HttpOnly"));
    QCOMPARE(c.name, QStringLiteral("id"));
    QCOMPARE(c.value, QStringLiteral("a=b"));
    QCOMPARE(c.path, QStringLiteral("/x"));
    QCOMPARE(c.flags, QStringList{QStringLiteral("HttpOnly")});
}

void TestResponseView::formatsSizes() {
    QCOMPARE(quiver::ui::formatByteSize(0), QStringLiteral("0 B"));
    QCOMPARE(quiver::ui::formatByteSize(1536), QStringLiteral("1.5 KB"));
    QCOMPARE(quiver::ui::formatByteSize(50ULL * 1024 * 1024), QStringLiteral("50 MB"));
}

QTEST_MAIN(TestResponseView)
#include "test_response_view.moc"
