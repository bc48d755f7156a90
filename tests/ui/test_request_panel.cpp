// The first window end to end: type a URL, send it to a real server, read the answer; save
// the request into a workspace and find it again after a restart; paste a curl command.

#include "bridge/engine_bridge.h"
#include "main/main_window.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "request/url_edit.h"
#include "response/response_view.h"
#include "support/python_peer.h"
#include "widgets/body_view.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace quiver;

class RequestPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
        QVERIFY2(m_peer.start("aiohttp_server.py"), qPrintable(m_peer.errorString()));
    }

    void typedUrlIsSentAndAnswerShown() {
        ui::EngineBridge bridge;
        ui::RequestPanel panel(bridge);
        panel.resize(900, 700);
        panel.show();
        auto* url = panel.editor()->urlEdit();
        QTest::keyClicks(url, m_peer.baseUrl() + "/echo?who=ada");
        QSignalSpy finished(&panel, &ui::RequestPanel::finished);
        QTest::mouseClick(panel.editor()->sendButton(), Qt::LeftButton);
        QVERIFY(panel.isBusy());
        QCOMPARE(panel.editor()->sendButton()->text(), QString("Cancel"));
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(panel.responseView()->statusText(), QString("200 OK"));
        auto* body = panel.responseView()->bodyView();
        if (!body->isIndexed()) {
            QSignalSpy indexed(body, &ui::BodyView::indexed);
            QVERIFY(indexed.wait(20000));
        }
        QString text;
        for (int i = 0; i < body->lineCount(); ++i)
            text += body->lineText(i) + "\n";
        QVERIFY2(text.contains("\"method\": \"GET\""), qPrintable(text));
        QVERIFY2(text.contains("\"who\""), qPrintable(text));
        QCOMPARE(panel.editor()->sendButton()->text(), QString("Send"));
    }

    void errorsAreShownInWords() {
        ui::EngineBridge bridge;
        ui::RequestPanel panel(bridge);
        core::model::Request request;
        request.url = "http://127.0.0.1:1/";
        panel.setRequest(request);
        QSignalSpy finished(&panel, &ui::RequestPanel::finished);
        panel.send();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), false);
        auto* title = panel.responseView()->findChild<QLabel*>("errorTitle");
        auto* message = panel.responseView()->findChild<QLabel*>("errorMessage");
        QVERIFY(title && message);
        QCOMPARE(title->text(), QString("Could not connect"));
        QVERIFY2(message->text().contains("127.0.0.1:1"), qPrintable(message->text()));
    }

    void cancelEndsTheRequest() {
        ui::EngineBridge bridge;
        ui::RequestPanel panel(bridge);
        core::model::Request request;
        request.url = (m_peer.baseUrl() + "/slow?ms=30000").toStdString();
        panel.setRequest(request);
        QSignalSpy finished(&panel, &ui::RequestPanel::finished);
        panel.send();
        panel.cancel();
        QVERIFY(finished.wait(20000));
        auto* title = panel.responseView()->findChild<QLabel*>("errorTitle");
        QCOMPARE(title->text(), QString("Cancelled"));
    }

    void pastedCurlFillsTheRequest() {
        ui::EngineBridge bridge;
        ui::RequestPanel panel(bridge);
        panel.show();
        QApplication::clipboard()->setText("curl 'https://api.example.com/v1/items?x=1' \\\n"
                                           "  -H 'accept: application/json' \\\n"
                                           "  -H $'cookie: a=b; c=d' \\\n"
                                           "  --data-raw $'{\"name\":\"it\\'s\"}' \\\n"
                                           "  --compressed");
        auto* url = panel.editor()->urlEdit();
        url->setFocus();
        QTest::keySequence(url, QKeySequence::Paste);
        const auto request = panel.request();
        QCOMPARE(QString::fromStdString(request.url),
                 QString("https://api.example.com/v1/items?x=1"));
        QCOMPARE(QString::fromStdString(request.method), QString("POST"));
        QCOMPARE(QString::fromStdString(request.body.text), QString("{\"name\":\"it's\"}"));
        QCOMPARE(
            QString::fromStdString(core::model::findHeader(request.headers, "cookie").value_or("")),
            QString("a=b; c=d"));
    }

    void savedRequestReopensAfterRestart() {
        QTemporaryDir dir;
        const QString workspace = dir.filePath("ws");
        ui::Theme theme;
        {
            ui::EngineBridge bridge;
            ui::MainWindow window(bridge, theme, workspace);
            core::model::Request request;
            request.method = "PUT";
            request.url = "http://127.0.0.1:9/things/{{$counter}}";
            request.headers.push_back({"X-Trace", "on", true});
            window.requestPanel()->setRequest(request);
            QVERIFY(window.saveCurrentRequest());
        }
        QVERIFY(QFile::exists(workspace + "/quiver.json"));
        ui::EngineBridge bridge;
        ui::MainWindow reopened(bridge, theme, workspace);
        const auto request = reopened.requestPanel()->request();
        QCOMPARE(QString::fromStdString(request.method), QString("PUT"));
        QCOMPARE(QString::fromStdString(request.url),
                 QString("http://127.0.0.1:9/things/{{$counter}}"));
        QCOMPARE(request.headers.size(), std::size_t(1));
    }

    void firstRunCreatesTheDefaultWorkspace() {
        QTemporaryDir data;
        qputenv("XDG_DATA_HOME", data.path().toUtf8());
        qputenv("QUIVER_DEMO_PORT", "0"); // any free port: tests never take 8080
        QSettings().remove("workspace");
        QSettings().remove("lastRequest");
        ui::Theme theme;
        ui::EngineBridge bridge;
        ui::MainWindow window(bridge, theme);
        qunsetenv("XDG_DATA_HOME");
        // The demo workspace is the default one, with its mock server and requests.
        QVERIFY(QFile::exists(data.filePath("quiver/workspace/quiver.json")));
        QVERIFY(QFile::exists(data.filePath("quiver/workspace/mocks/demo.json")));
        QVERIFY(QFile::exists(data.filePath("quiver/workspace/files/readme.txt")));
        QVERIFY(QFileInfo(data.filePath("quiver/workspace/mocks/demo.json")).isWritable());
        QCOMPARE(QSettings().value("workspace").toString(), data.filePath("quiver/workspace"));
        // Its server starts and the open request calls it: the first Send works offline.
        auto url = [&window] {
            return QString::fromStdString(window.requestPanel()->request().url);
        };
        QTRY_VERIFY_WITH_TIMEOUT(url().endsWith("/hello") && !url().contains(":8080"), 20000);
        qunsetenv("QUIVER_DEMO_PORT");
        QVERIFY2(QRegularExpression("^http://127\\.0\\.0\\.1:\\d+/hello$").match(url()).hasMatch(),
                 qPrintable(url()));
        QSignalSpy finished(window.requestPanel(), &ui::RequestPanel::finished);
        window.requestPanel()->send();
        QVERIFY(finished.wait(20000));
        QCOMPARE(window.requestPanel()->responseView()->statusText(), QString("200 OK"));
        QTRY_COMPARE(window.requestPanel()->responseView()->bodyView()->lineText(0),
                     QString("Hello, World!"));
    }

    void shortcutsDriveTheWindow() {
        QTemporaryDir dir;
        ui::Theme theme;
        ui::EngineBridge bridge;
        ui::MainWindow window(bridge, theme, dir.filePath("ws"));
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        core::model::Request request;
        request.url = (m_peer.baseUrl() + "/echo").toStdString();
        window.requestPanel()->setRequest(request);
        auto* body = window.requestPanel()->responseView()->bodyView();
        body->setFocus();
        QSignalSpy finished(window.requestPanel(), &ui::RequestPanel::finished);
        QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier); // send
        QVERIFY(finished.wait(20000));
        QCOMPARE(window.requestPanel()->responseView()->statusText(), QString("200 OK"));

        QTest::keyClick(body, Qt::Key_L, Qt::ControlModifier); // focus URL
        QCOMPARE(QApplication::focusWidget(), window.requestPanel()->editor()->urlEdit());
        QTest::keyClick(body, Qt::Key_S, Qt::ControlModifier); // save
        QVERIFY(QFile::exists(dir.filePath("ws/requests/get-127-0-0-1-echo.json")));
        QTest::keyClick(body, Qt::Key_N, Qt::ControlModifier); // new request
        QCOMPARE(QString::fromStdString(window.requestPanel()->request().url), QString());
    }

    void bridgeCoalescesProgressFloods() {
        ui::EngineBridge bridge;
        QList<quint64> seen;
        connect(&bridge, &ui::EngineBridge::httpProgress, this,
                [&](quint64, quint64 received, quint64) { seen << received; });
        constexpr int kEvents = 20000;
        std::thread flood([&] {
            for (int i = 1; i <= kEvents; ++i)
                bridge.post(core::HttpProgressEvent{4242, quint64(i), quint64(kEvents)});
        });
        flood.join();
        QTRY_VERIFY_WITH_TIMEOUT(!seen.isEmpty() && seen.last() == quint64(kEvents), 20000);
        QVERIFY2(seen.size() < kEvents / 10, qPrintable(QString::number(seen.size())));
    }

private:
    test::PythonPeer m_peer;
};

QTEST_MAIN(RequestPanelTest)
#include "test_request_panel.moc"
