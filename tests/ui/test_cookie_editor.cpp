// The workspace's cookies: a Set-Cookie from a real server lands in .quiver/cookies.json
// after the send; the cookie editor edits, adds, deletes and clears, persists on Save, and
// refuses incomplete rows; a new window on the same workspace loads the edited jar.

#include "bridge/engine_bridge.h"
#include "gui5_test_support.h"
#include "io/cookie_file.h"
#include "main/workspace_actions.h"
#include "request/request_panel.h"
#include "support/beast_test_server.h"
#include "workspace/cookie_editor.h"

#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>

using namespace quiver;
using Column = ui::CookieEditor::Column;

namespace {

QString readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

int rowOf(QTableWidget* table, const QString& name) {
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, Column::nameColumn)->text() == name)
            return row;
    return -1;
}

} // namespace

class CookieEditorTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
        QVERIFY(m_dir.isValid());
        test::isolateUserConfig(m_dir);
    }

    void fileRoundTrip() {
        core::http::Cookie cookie;
        cookie.name = "a";
        cookie.value = "1";
        cookie.domain = "example.com";
        cookie.path = "/x";
        cookie.secure = true;
        cookie.expires = core::Clock::WallPoint(std::chrono::seconds(4'000'000'000));
        cookie.created = core::Clock::WallPoint(std::chrono::seconds(1'700'000'000));
        auto back = core::io::cookiesFromJson(core::io::cookiesToJson({cookie}), "mem");
        QVERIFY(back);
        QCOMPARE(back.value().size(), std::size_t(1));
        QVERIFY(back.value().front() == cookie);
        auto broken = core::io::cookiesFromJson(R"({"cookies": [{"name": 3}]})", "jar.json");
        QVERIFY(!broken);
        QVERIFY2(QString::fromStdString(broken.error().message).contains("/cookies/0/name"),
                 broken.error().message.c_str());
    }

    void editPersistReload() {
        test::BeastTestServer server([](const test::ReceivedRequest&) {
            test::Reply reply;
            reply.headers = {{"Set-Cookie", "sid=abc123; Path=/"}};
            return reply;
        });
        const QString root = QDir(m_dir.path()).filePath("ws");
        const QString jarFile = root + "/.quiver/cookies.json";
        {
            ui::WorkspaceSession session;
            QVERIFY(session.open(root));
            ui::EngineBridge bridge;
            QMainWindow window;
            auto* panel = new ui::RequestPanel(bridge, &window);
            window.setCentralWidget(panel);
            ui::WorkspaceActions actions(window, bridge, session, {[panel] { return panel; }, {}});
            actions.watch(panel);

            core::model::Request request;
            request.url = server.url("/login");
            panel->setRequest(request);
            QSignalSpy finished(panel, &ui::RequestPanel::finished);
            panel->send();
            QVERIFY(finished.wait(20000));
            QTRY_VERIFY(readAll(jarFile).contains("abc123"));

            auto* editor = actions.openCookieEditor();
            editor->show();
            auto* table = editor->table();
            QCOMPARE(table->rowCount(), 1);
            QCOMPARE(table->item(0, Column::domainColumn)->text(), QString("127.0.0.1"));
            table->item(0, Column::valueColumn)->setText("edited");
            table->item(0, Column::httpOnlyColumn)->setCheckState(Qt::Checked);

            // An incomplete row is refused and nothing is written.
            const int added = editor->addRow();
            QString error;
            QVERIFY(!editor->apply(&error));
            QVERIFY2(error.contains("needs a domain and a name"), qPrintable(error));
            QVERIFY(editor->findChild<QLabel*>("cookieError")->isVisible());
            QVERIFY(readAll(jarFile).contains("abc123"));

            table->item(added, Column::domainColumn)->setText(".Example.COM");
            table->item(added, Column::nameColumn)->setText("theme");
            table->item(added, Column::valueColumn)->setText("dark");
            table->item(added, Column::expiresColumn)->setText("2099-01-02 03:04:05");
            table->item(added, Column::secureColumn)->setCheckState(Qt::Checked);
            const int third = editor->addRow();
            table->item(third, Column::domainColumn)->setText("gone.test");
            table->item(third, Column::nameColumn)->setText("gone");
            QVERIFY2(editor->apply(&error), qPrintable(error));
            QCOMPARE(bridge.cookies().all().size(), std::size_t(3));

            table->selectRow(rowOf(table, "gone"));
            editor->deleteSelected();
            QVERIFY2(editor->apply(&error), qPrintable(error));
            test::screenshot(*editor, "cookie_editor");
            editor->close();
        }
        // Persisted; a new window on the workspace loads it into its jar.
        const QString saved = readAll(jarFile);
        QVERIFY2(saved.contains("\"edited\"") && saved.contains("\"dark\"") &&
                     !saved.contains("gone"),
                 qPrintable(saved));
        QVERIFY((QFile::permissions(jarFile) & (QFile::ReadOther | QFile::ReadGroup)) == 0);
        ui::WorkspaceSession session;
        QVERIFY(session.open(root));
        ui::EngineBridge bridge;
        QMainWindow window;
        ui::WorkspaceActions actions(window, bridge, session, {});
        const auto cookies = bridge.cookies().all();
        QCOMPARE(cookies.size(), std::size_t(2));
        auto* editor = actions.openCookieEditor();
        auto* table = editor->table();
        const int sid = rowOf(table, "sid");
        const int theme = rowOf(table, "theme");
        QVERIFY(sid >= 0 && theme >= 0);
        QCOMPARE(table->item(sid, Column::valueColumn)->text(), QString("edited"));
        QCOMPARE(table->item(sid, Column::httpOnlyColumn)->checkState(), Qt::Checked);
        QCOMPARE(table->item(theme, Column::domainColumn)->text(), QString("example.com"));
        QCOMPARE(table->item(theme, Column::expiresColumn)->text(), QString("2099-01-02 03:04:05"));
        QCOMPARE(table->item(theme, Column::secureColumn)->checkState(), Qt::Checked);

        // Clear all empties the jar and the file.
        editor->clearAll();
        QVERIFY(editor->apply());
        QVERIFY(bridge.cookies().all().empty());
        QVERIFY(!readAll(jarFile).contains("edited"));
        delete editor;
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(CookieEditorTest)
#include "test_cookie_editor.moc"
