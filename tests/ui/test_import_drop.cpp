// Import by dropping a file on the main window: a Postman v2.1 collection dropped on the
// window is imported off the UI thread into the workspace, the session reloads (so the tree
// shows the new requests), and the report dialog lists what was not imported (a script).

#include "bridge/engine_bridge.h"
#include "gui5_test_support.h"
#include "main/workspace_actions.h"
#include "workspace/import_report_dialog.h"
#include "workspace/workspace_tree.h"
#include "workspace/workspace_tree_model.h"

#include <QDropEvent>
#include <QFile>
#include <QListWidget>
#include <QMainWindow>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace quiver;

namespace {

// A Postman v2.1 collection (tests/data/gui): a folder, two requests, a pre-request script.
QByteArray collection() {
    QFile file(qEnvironmentVariable("QUIVER_TEST_DATA") + "/gui/dropped.postman_collection.json");
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::vector<std::string> names(const core::io::Workspace& workspace) {
    std::vector<std::string> out;
    for (const auto* item : workspace.allItems())
        if (item->request)
            out.push_back(item->request->name);
    return out;
}

} // namespace

class ImportDropTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
        QVERIFY(m_dir.isValid());
        test::isolateUserConfig(m_dir);
    }

    void droppedPostmanFileIsImported() {
        const QString file = QDir(m_dir.path()).filePath("api.postman_collection.json");
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            const QByteArray data = collection();
            QVERIFY(!data.isEmpty());
            out.write(data);
        }
        ui::WorkspaceSession session;
        QVERIFY(session.open(QDir(m_dir.path()).filePath("ws")));
        QSignalSpy reloaded(&session, &ui::WorkspaceSession::itemsChanged);
        ui::EngineBridge bridge;
        QMainWindow window;
        ui::WorkspaceActions actions(window, bridge, session, {});
        auto* tree = new ui::WorkspaceTree(session, &window); // the sidebar, fed by the session
        window.setCentralWidget(tree);
        window.resize(800, 600);
        window.show();
        QVERIFY(window.acceptDrops());

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        const QPoint at(200, 200);
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());

        QTRY_VERIFY_WITH_TIMEOUT(actions.lastImportReport() != nullptr, 20000);
        QVERIFY(reloaded.count() >= 1);
        const auto imported = names(session.workspace());
        QVERIFY2(std::find(imported.begin(), imported.end(), "List users") != imported.end(),
                 "List users missing");
        QVERIFY(std::find(imported.begin(), imported.end(), "Login") != imported.end());
        for (const auto* item : session.workspace().allItems())
            QVERIFY2(tree->model()->indexOf(QString::fromStdString(item->relativePath)).isValid(),
                     item->relativePath.c_str());
        QVERIFY(session.workspace().findFolder("requests/Dropped API") ||
                session.workspace().findFolder("requests/dropped-api"));

        auto* report = actions.lastImportReport();
        QVERIFY(report->summaryText().contains("2 request"));
        QVERIFY(report->reportList()->count() >= 1);
        bool scriptListed = false;
        for (int i = 0; i < report->reportList()->count(); ++i)
            scriptListed |= report->reportList()->item(i)->text().contains("script");
        QVERIFY2(scriptListed, "the pre-request script is not in the report");
        test::screenshot(*report, "import_report");

        // A file that is not a collection is reported, nothing written.
        const QString junk = QDir(m_dir.path()).filePath("notes.json");
        {
            QFile out(junk);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write("{\"hello\": 1}");
        }
        report->close();
        QTRY_VERIFY(actions.lastImportReport() == nullptr);
        actions.importFiles({junk});
        QTRY_VERIFY_WITH_TIMEOUT(actions.lastImportReport() != nullptr, 20000);
        QVERIFY2(actions.lastImportReport()->summaryText().contains("not imported"),
                 qPrintable(actions.lastImportReport()->summaryText()));
        QCOMPARE(names(session.workspace()).size(), imported.size());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(ImportDropTest)
#include "test_import_drop.moc"
