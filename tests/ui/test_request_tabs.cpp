// Several requests open at once in the main window: an edit marks its tab unsaved, the
// autosave writes the request's file about a second later and clears the mark, a new request
// stays unsaved, and a second window on the same workspace brings back the tabs and the
// active one (.quiver/tabs.json).

#include "bridge/engine_bridge.h"
#include "main/main_window.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "request/url_edit.h"
#include "widgets/theme.h"
#include "workspace/request_tabs.h"
#include "workspace/workspace_tree.h"
#include "workspace_test_support.h"

#include <QDir>
#include <QTabWidget>
#include <QtTest>

using namespace quiver;

class RequestTabsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QCoreApplication::setOrganizationName("QuiverTest"); }

    void init() {
        QVERIFY(m_dir.emplace().isValid());
        test::isolateUserFolders(*m_dir);
        m_root = m_dir->filePath("ws");
        auto workspace = core::io::Workspace::create(m_root.toStdString(), "Tabs");
        QVERIFY(workspace);
        QVERIFY(workspace.value().saveRequest(
            test::makeRequest("First", "GET", "http://127.0.0.1:9/1")));
        QVERIFY(workspace.value().saveRequest(
            test::makeRequest("Second", "GET", "http://127.0.0.1:9/2")));
    }

    void unsavedMarkAutosaveAndRestore() {
        ui::Theme theme;
        ui::EngineBridge bridge;
        {
            ui::MainWindow window(bridge, theme, m_root);
            auto* tabs = window.requestTabs();
            auto* bar = tabs->tabWidget();
            window.openRequest("requests/first.json");
            window.openRequest("requests/second.json");
            QCOMPARE(tabs->count(), 2); // the empty start tab made room
            QCOMPARE(bar->tabText(0), QString("First"));
            QCOMPARE(bar->tabText(1), QString("Second"));
            QCOMPARE(window.requestPanel(), tabs->panelAt(1));
            window.openRequest("requests/first.json"); // already open: shown, not doubled
            QCOMPARE(tabs->count(), 2);
            QCOMPARE(bar->currentIndex(), 0);

            // Typing marks the tab; the file changes only with the autosave.
            auto* url = window.requestPanel()->editor()->urlEdit();
            url->setText("http://127.0.0.1:9/edited");
            QTRY_COMPARE(bar->tabText(0), QString("First \u2022"));
            QVERIFY(tabs->isDirty(0));
            QTRY_VERIFY(test::readAll(m_root + "/requests/first.json").contains("/edited"));
            QTRY_COMPARE(bar->tabText(0), QString("First"));
            QVERIFY(!tabs->isDirty(0));
            // A second edit is saved the same way.
            url->setText("http://127.0.0.1:9/edited-more");
            QTRY_VERIFY(tabs->isDirty(0));

            // A new request is unsaved until saved by hand, autosave or not.
            window.newRequest();
            QCOMPARE(tabs->count(), 3);
            window.requestPanel()->editor()->urlEdit()->setText("http://127.0.0.1:9/new");
            QTRY_VERIFY(bar->tabText(2).endsWith("\u2022"));
            QTRY_VERIFY(test::readAll(m_root + "/requests/first.json").contains("/edited-more"));
            QVERIFY(tabs->isDirty(2));
            QCOMPARE(tabs->pathAt(2), QString());
            QCOMPARE(QDir(m_root + "/requests").entryList({"*.json"}, QDir::Files).size(), 3);

            tabs->tabWidget()->setCurrentIndex(1); // "Second" is the active tab at exit
        }
        QVERIFY(test::readAll(m_root + "/.quiver/tabs.json").contains("requests/second.json"));

        ui::MainWindow reopened(bridge, theme, m_root);
        auto* tabs = reopened.requestTabs();
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->pathAt(0), QString("requests/first.json"));
        QCOMPARE(tabs->pathAt(1), QString("requests/second.json"));
        QCOMPARE(tabs->tabWidget()->currentIndex(), 1);
        QCOMPARE(reopened.requestPanel()->request().url, std::string("http://127.0.0.1:9/2"));
        QCOMPARE(tabs->panelAt(0)->request().url, std::string("http://127.0.0.1:9/edited-more"));
        QVERIFY(!tabs->isDirty(0));
    }

    void saveAsAndTreeFollows() {
        ui::Theme theme;
        ui::EngineBridge bridge;
        ui::MainWindow window(bridge, theme, m_root);
        window.newRequest();
        window.requestPanel()->editor()->urlEdit()->setText("http://127.0.0.1:9/made");
        QVERIFY(window.saveCurrentRequest());
        const QString path = window.requestPanel()->sourcePath();
        QVERIFY2(path.startsWith("requests/") && QFile::exists(m_root + "/" + path),
                 qPrintable(path));
        const int index = window.requestTabs()->indexOfPath(path);
        QVERIFY(index >= 0);
        QVERIFY(!window.requestTabs()->tabWidget()->tabText(index).endsWith("\u2022"));
        // Renamed in the tree: the tab follows the file.
        QVERIFY(window.workspaceTree()->renameEntry(path, "Made here"));
        QCOMPARE(window.requestTabs()->pathAt(index), QString("requests/made-here.json"));
        QCOMPARE(window.requestTabs()->tabWidget()->tabText(index), QString("Made here"));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    QString m_root;
};

QTEST_MAIN(RequestTabsTest)
#include "test_request_tabs.moc"
