// The Requests sidebar: folders and requests in their order, broken files marked with their
// error and not openable, and rename (F2), duplicate, move (drop) and delete with undo done
// through the tree acting on the files.

#include "workspace/folder_settings_editor.h"
#include "workspace/variables_table.h"
#include "workspace/workspace_session.h"
#include "workspace/workspace_tree.h"
#include "workspace/workspace_tree_model.h"
#include "workspace_test_support.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

using namespace quiver;
using Model = ui::WorkspaceTreeModel;

class WorkspaceTreeTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        QVERIFY(m_dir.emplace().isValid());
        test::isolateUserFolders(*m_dir);
        m_root = m_dir->filePath("ws");
        auto workspace = core::io::Workspace::create(m_root.toStdString(), "Tree");
        QVERIFY(workspace);
        auto& ws = workspace.value();
        QVERIFY(ws.saveRequest(test::makeRequest("Zeta", "GET", "http://127.0.0.1:9/z")));
        QVERIFY(ws.createFolder("requests", "api"));
        QVERIFY(ws.saveRequest(test::makeRequest("Alpha", "POST", "http://127.0.0.1:9/a")));
        QVERIFY(ws.saveRequest(test::makeRequest("Login", "PUT", "http://127.0.0.1:9/l"), "api"));
        QVERIFY(test::writeAll(m_root + "/requests/broken.json", "{\n  \"name\": oops\n}\n"));
    }

    void showsOrderAndErrors() {
        ui::WorkspaceSession session;
        QVERIFY(session.open(m_root));
        ui::WorkspaceTree tree(session);
        QAbstractItemModelTester tester(tree.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto* model = tree.model();
        // folder.json order: Zeta, then the folder, then Alpha; the unlisted broken file last.
        QCOMPARE(model->rowCount(), 4);
        QCOMPARE(model->index(0, 0).data().toString(), QString("Zeta"));
        QCOMPARE(model->index(1, 0).data().toString(), QString("api"));
        QVERIFY(model->index(1, 0).data(Model::IsFolderRole).toBool());
        QCOMPARE(model->index(2, 0).data().toString(), QString("Alpha"));
        QCOMPARE(model->index(2, 0).data(Model::MethodRole).toString(), QString("POST"));
        QCOMPARE(model->rowCount(model->index(1, 0)), 1);
        QCOMPARE(model->index(0, 0, model->index(1, 0)).data().toString(), QString("Login"));
        QVERIFY(tree.view()->isExpanded(model->index(1, 0)));

        const QModelIndex broken = model->index(3, 0);
        QCOMPARE(broken.data().toString(), QString("broken"));
        const QString error = broken.data(Model::ErrorRole).toString();
        QVERIFY2(error.contains("broken.json") && error.contains("line 2, column"),
                 qPrintable(error));
        QVERIFY(broken.data(Qt::ToolTipRole).toString().contains("requests/broken.json"));
        QVERIFY(!(model->flags(broken) & Qt::ItemIsEditable));
        QVERIFY(!(model->flags(broken) & Qt::ItemIsDragEnabled));
        QSignalSpy opened(&tree, &ui::WorkspaceTree::openRequested);
        emit tree.view()->activated(broken); // a broken file cannot be opened
        emit tree.view()->activated(model->index(0, 0));
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), QString("requests/zeta.json"));
    }

    void renameWithF2MovesTheFile() {
        ui::WorkspaceSession session;
        QVERIFY(session.open(m_root));
        ui::WorkspaceTree tree(session);
        tree.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tree));
        QSignalSpy moved(&tree, &ui::WorkspaceTree::pathChanged);
        tree.select("requests/zeta.json");
        tree.view()->setFocus();
        QTest::keyClick(tree.view(), Qt::Key_F2);
        auto* editor = tree.view()->findChild<QLineEdit*>();
        QVERIFY(editor);
        editor->setText("Omega");
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(QFile::exists(m_root + "/requests/omega.json"));
        QVERIFY(!QFile::exists(m_root + "/requests/zeta.json"));
        QVERIFY(test::readAll(m_root + "/requests/omega.json").contains("\"Omega\""));
        QCOMPARE(tree.model()->index(0, 0).data().toString(), QString("Omega")); // same place
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.at(0).at(1).toString(), QString("requests/omega.json"));
    }

    void duplicateMoveDeleteAndUndo() {
        ui::WorkspaceSession session;
        QVERIFY(session.open(m_root));
        ui::WorkspaceTree tree(session);
        auto action = [&](const char* name) {
            for (QAction* a : tree.view()->actions())
                if (a->objectName() == name)
                    return a;
            return static_cast<QAction*>(nullptr);
        };
        auto* model = tree.model();

        tree.select("requests/alpha.json");
        action("duplicateAction")->trigger();
        const QString copy = tree.currentPath();
        QVERIFY2(copy.startsWith("requests/") && copy != "requests/alpha.json", qPrintable(copy));
        QVERIFY(QFile::exists(m_root + "/" + copy));
        QCOMPARE(model->index(3, 0).data(Model::PathRole).toString(), copy); // right after
        QCOMPARE(action("duplicateAction")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));

        // Drag Alpha onto the api folder: its file moves there.
        const QModelIndex alpha = model->indexOf("requests/alpha.json");
        std::unique_ptr<QMimeData> data(model->mimeData({alpha}));
        const QModelIndex api = model->indexOf("requests/api");
        QVERIFY(model->canDropMimeData(data.get(), Qt::MoveAction, -1, 0, api));
        model->dropMimeData(data.get(), Qt::MoveAction, -1, 0, api);
        QTRY_VERIFY(QFile::exists(m_root + "/requests/api/alpha.json"));
        QVERIFY(!QFile::exists(m_root + "/requests/alpha.json"));
        QCOMPARE(model->rowCount(model->indexOf("requests/api")), 2);

        // Reorder inside the root: drop the copy in front of Zeta (row 0).
        data.reset(model->mimeData({model->indexOf(copy)}));
        model->dropMimeData(data.get(), Qt::MoveAction, 0, 0, {});
        QTRY_COMPARE(model->index(0, 0).data(Model::PathRole).toString(), copy);
        QVERIFY(test::readAll(m_root + "/requests/folder.json")
                    .indexOf(QFileInfo(copy).baseName().toUtf8()) <
                test::readAll(m_root + "/requests/folder.json").indexOf("zeta"));

        // Delete, then Ctrl+Z puts the file back at its place.
        tree.select("requests/api/login.json");
        const QByteArray before = test::readAll(m_root + "/requests/api/login.json");
        action("deleteAction")->trigger();
        QVERIFY(!QFile::exists(m_root + "/requests/api/login.json"));
        QVERIFY(!model->indexOf("requests/api/login.json").isValid());
        QCOMPARE(action("undoAction")->shortcut(), QKeySequence(QKeySequence::Undo));
        QVERIFY(tree.undoStack()->canUndo());
        action("undoAction")->trigger();
        QCOMPARE(test::readAll(m_root + "/requests/api/login.json"), before);
        QVERIFY(model->indexOf("requests/api/login.json").isValid());
        // The broken file is refused and left as it was.
        const QByteArray brokenBytes = test::readAll(m_root + "/requests/broken.json");
        QVERIFY(!tree.renameEntry("requests/broken.json", "Fixed"));
        QCOMPARE(test::readAll(m_root + "/requests/broken.json"), brokenBytes);
    }

    void newFolderAndFolderSettings() {
        ui::WorkspaceSession session;
        QVERIFY(session.open(m_root));
        ui::WorkspaceTree tree(session);
        QVERIFY(tree.newFolder("requests/api", "v2"));
        QVERIFY(QFileInfo(m_root + "/requests/api/v2").isDir());
        tree.select("requests/api");
        QCOMPARE(tree.folderEditor()->folder(), QString("requests/api"));
        tree.folderEditor()->variablesTable()->setVariables(
            {{"base", "http://127.0.0.1:9", false, true}, {"key", "FOLDER-CANARY", true, true}});
        QVERIFY(tree.folderEditor()->save());
        const QByteArray folderJson = test::readAll(m_root + "/requests/api/folder.json");
        QVERIFY2(folderJson.contains("\"base\""), folderJson.constData());
        QVERIFY(!folderJson.contains("FOLDER-CANARY"));
        QCOMPARE(session.secrets()->get(core::io::secretKeyForFolder("requests/api", "key")),
                 std::optional<std::string>("FOLDER-CANARY"));
        // The scope of a request in the folder sees both.
        auto scope = session.makeScope();
        auto lookup = scope->variablesFor("requests/api/login.json");
        QCOMPARE(lookup->find("key"), std::optional<std::string>("FOLDER-CANARY"));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    QString m_root;
};

QTEST_MAIN(WorkspaceTreeTest)
#include "test_workspace_tree.moc"
