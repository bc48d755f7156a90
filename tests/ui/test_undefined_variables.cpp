// {{variables}} in the URL and the header table are marked known or undefined against the
// active scope (environment, folders, workspace, globals), and Send refuses a request that
// uses undefined ones, naming them.

#include "bridge/engine_bridge.h"
#include "request/key_value_table.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "request/url_edit.h"
#include "response/response_view.h"
#include "workspace/workspace_session.h"
#include "workspace_test_support.h"

#include <QSignalSpy>
#include <QtTest>

using namespace quiver;

class UndefinedVariablesTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        QVERIFY(m_dir.emplace().isValid());
        test::isolateUserFolders(*m_dir);
        m_root = m_dir->filePath("ws");
        auto workspace = core::io::Workspace::create(m_root.toStdString(), "Vars");
        QVERIFY(workspace);
        core::model::Environment dev;
        dev.name = "Dev";
        dev.variables = {{"host", "127.0.0.1:9", false, true}};
        QVERIFY(workspace.value().saveEnvironment(dev, nullptr));
    }

    void highlightsAndRefusesUndefined() {
        ui::WorkspaceSession session;
        QVERIFY(session.open(m_root));
        session.setActiveEnvironment("dev");
        ui::EngineBridge bridge;
        ui::RequestPanel panel(bridge);
        panel.setScopeProvider([&session] { return session.makeScope(); });
        core::model::Request request;
        request.url = "http://{{host}}/items/{{itemId}}?t={{$timestamp}}";
        request.headers = {{"X-Key", "{{apiKey}}", true}, {"X-Off", "{{unused}}", false}};
        panel.setRequest(request);

        auto* url = panel.editor()->urlEdit();
        QCOMPARE(url->unknownVariables(), QStringList{"itemId"});
        const auto& marks = url->variableMarks();
        QCOMPARE(marks.size(), std::size_t(2)); // {{$timestamp}} is a dynamic value
        QVERIFY(marks[0].known);
        QCOMPARE(url->text().mid(marks[0].start, marks[0].length), QString("{{host}}"));
        QVERIFY(!marks[1].known);
        QCOMPARE(url->text().mid(marks[1].start, marks[1].length), QString("{{itemId}}"));
        QVERIFY(url->toolTip().contains("itemId"));
        QVERIFY(url->property("undefinedVariables").toBool());
        auto* headers = panel.editor()->headersTable();
        QCOMPARE(headers->unknownVariables(),
                 QStringList{"apiKey"}); // the disabled row is not sent
        QCOMPARE(headers->item(0, 1)->foreground().color(), QColor(0xd9, 0x53, 0x4f));
        QVERIFY(headers->item(0, 1)->toolTip().contains("apiKey"));

        QSignalSpy refused(&panel, &ui::RequestPanel::sendRefused);
        QSignalSpy finished(&panel, &ui::RequestPanel::finished);
        panel.send();
        QCOMPARE(refused.count(), 1);
        QCOMPARE(refused.at(0).at(0).toStringList(), (QStringList{"itemId", "apiKey"}));
        QVERIFY(!panel.isBusy());

        // Defining them (workspace variables here) turns the marks green and lets it go.
        QVERIFY(!session.workspace().saveVariables(
            {{"itemId", "7", false, true}, {"apiKey", "k", false, true}}, session.secrets()));
        session.notifyEnvironmentsChanged();
        panel.refreshVariables();
        QVERIFY(url->unknownVariables().isEmpty());
        QVERIFY(url->variableMarks()[1].known);
        QVERIFY(headers->unknownVariables().isEmpty());
        QVERIFY(!url->property("undefinedVariables").toBool());
        panel.send(); // to a closed port: it is sent, and fails to connect
        QVERIFY(finished.wait(20000));
        QCOMPARE(refused.count(), 1);

        // Without the environment, {{host}} is undefined again.
        session.setActiveEnvironment({});
        panel.refreshVariables();
        QCOMPARE(url->unknownVariables(), QStringList{"host"});
    }

    void typingUpdatesTheMarks() {
        ui::WorkspaceSession session;
        QVERIFY(session.open(m_root));
        ui::EngineBridge bridge;
        ui::RequestPanel panel(bridge);
        panel.setScopeProvider([&session] { return session.makeScope(); });
        auto* url = panel.editor()->urlEdit();
        panel.show();
        url->setFocus();
        QTest::keyClicks(url, "http://x/{{later}}");
        QCOMPARE(url->unknownVariables(), QStringList{"later"});
        QCOMPARE(url->text(), QString("http://x/{{later}}")); // the formats changed no text
        QTest::keyClick(url, Qt::Key_Backspace);
        QTest::keyClick(url, Qt::Key_Backspace);
        QVERIFY(url->unknownVariables().isEmpty()); // "{{later" is no variable yet
    }

private:
    std::optional<QTemporaryDir> m_dir;
    QString m_root;
};

QTEST_MAIN(UndefinedVariablesTest)
#include "test_undefined_variables.moc"
