// Environments, workspace variables and globals edited in the dialog: secret values go to
// the session's secret store (.quiver/secrets.json, 0600) and never into a shared file; the
// selector makes an environment active and the choice survives a reopen.

#include "workspace/environment_editor.h"
#include "workspace/environment_selector.h"
#include "workspace/keychain_secret_store.h"
#include "workspace/variables_table.h"
#include "workspace/workspace_session.h"
#include "workspace_test_support.h"

#include <QDirIterator>
#include <QListWidget>
#include <QtTest>
#include <sys/stat.h>

using namespace quiver;

namespace {
const std::string kCanary = "CANARY-7f3a9c-do-not-leak";
}

class EnvironmentEditorTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QCoreApplication::setOrganizationName("QuiverTest"); }

    void init() {
        QVERIFY(m_dir.emplace().isValid());
        test::isolateUserFolders(*m_dir);
        m_root = m_dir->filePath("ws");
    }

    void secretsGoToTheStoreNotTheFiles() {
        ui::WorkspaceSession session;
        QVERIFY(session.open(m_root));
        {
            ui::EnvironmentEditor editor(session);
            const QString id = editor.addEnvironment("Staging");
            QCOMPARE(id, QString("staging"));
            QCOMPARE(editor.environmentList()->count(), 1);
            editor.environmentTable()->setVariables({{"base", "http://127.0.0.1:9", false, true},
                                                     {"token", kCanary, true, true},
                                                     {"off", "x", false, false}});
            editor.workspaceTable()->setVariables(
                {{"wsToken", kCanary + "-ws", true, true}, {"region", "eu", false, true}});
            editor.globalsTable()->setVariables({{"globalToken", kCanary + "-global", true, true}});
            QVERIFY2(editor.save(), qPrintable(editor.lastError()));
        }
        const QByteArray env = test::readAll(m_root + "/environments/staging.json");
        QVERIFY2(env.contains("\"token\"") && env.contains("\"secret\": true"), env.constData());
        QVERIFY(env.contains("http://127.0.0.1:9"));
        QVERIFY(env.contains("\"enabled\": false"));
        // No shared file anywhere holds the canary; the secret store does, mode 0600.
        for (QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden,
                             QDirIterator::Subdirectories);
             it.hasNext();) {
            const QString path = it.next();
            if (path.endsWith(".quiver/secrets.json"))
                continue;
            QVERIFY2(!test::readAll(path).contains("CANARY-7f3a9c"), qPrintable(path));
        }
        QVERIFY(QFile::exists(m_dir->filePath("config/quiver/globals.json")));
        const QString secretsFile = m_root + "/.quiver/secrets.json";
        QVERIFY(test::readAll(secretsFile).contains("CANARY-7f3a9c"));
        struct stat info {};
        QCOMPARE(::stat(secretsFile.toLocal8Bit().constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, 0600u);
        QCOMPARE(session.secrets()->get(core::io::secretKeyForEnvironment("staging", "token")),
                 std::optional<std::string>(kCanary));
        QCOMPARE(session.secrets()->get(core::io::secretKeyForWorkspace("wsToken")),
                 std::optional<std::string>(kCanary + "-ws"));
        QCOMPARE(session.secrets()->get(core::io::secretKeyForGlobal("globalToken")),
                 std::optional<std::string>(kCanary + "-global"));

        // A new session (a restart) reads them back: the editor shows the values again.
        ui::WorkspaceSession again;
        QVERIFY(again.open(m_root));
        ui::EnvironmentEditor editor(again);
        editor.selectEnvironment("staging");
        const auto variables = editor.environmentTable()->variables();
        QCOMPARE(variables.size(), std::size_t(3));
        QCOMPARE(variables[1].value, kCanary);
        QVERIFY(variables[1].secret);
        QVERIFY(!variables[2].enabled);
        QCOMPARE(editor.globalsTable()->variables().at(0).value, kCanary + "-global");
        // And the scope of a send resolves them in their order of precedence.
        again.setActiveEnvironment("staging");
        auto lookup = again.makeScope()->variablesFor({});
        QCOMPARE(lookup->find("token"), std::optional<std::string>(kCanary));
        QCOMPARE(lookup->find("region"), std::optional<std::string>("eu"));
        QCOMPARE(lookup->find("globalToken"), std::optional<std::string>(kCanary + "-global"));
        QVERIFY(!lookup->find("off"));
    }

    void renameDeleteAndSelector() {
        ui::WorkspaceSession session;
        QVERIFY(session.open(m_root));
        ui::EnvironmentSelector selector(session);
        QCOMPARE(selector.count(), 1); // "No environment"
        ui::EnvironmentEditor editor(session);
        editor.addEnvironment("Dev");
        editor.addEnvironment("Prod");
        QCOMPARE(selector.count(), 3);
        QVERIFY(editor.renameEnvironment("prod", "Production"));
        QVERIFY(editor.save());
        QVERIFY(test::readAll(m_root + "/environments/prod.json").contains("Production"));
        QCOMPARE(selector.itemText(selector.findData("prod")), QString("Production"));

        selector.setCurrentIndex(selector.findData("dev"));
        QCOMPARE(session.activeEnvironment(), QString("dev"));
        QVERIFY(test::readAll(m_root + "/.quiver/state.json").contains("dev"));
        {
            ui::WorkspaceSession reopened;
            QVERIFY(reopened.open(m_root));
            QCOMPARE(reopened.activeEnvironment(), QString("dev"));
            QVERIFY(reopened.environment());
        }
        QVERIFY(editor.deleteEnvironment("dev"));
        QVERIFY(!QFile::exists(m_root + "/environments/dev.json"));
        QCOMPARE(session.activeEnvironment(), QString()); // gone with its file
        QCOMPARE(selector.count(), 2);
        QCOMPARE(selector.currentIndex(), 0);
    }

    void keychainFallsBackToTheFileStore() {
        // No session bus here (as on a headless CI machine): no keychain answers.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        ui::setKeychainChosen(true);
        ui::WorkspaceSession session;
        const bool opened = session.open(m_root);
        ui::setKeychainChosen(false);
        QVERIFY(opened);
        QVERIFY2(session.secretsStatus().contains("not reachable") &&
                     session.secretsStatus().contains(".quiver/secrets.json"),
                 qPrintable(session.secretsStatus()));
        QVERIFY(!session.secrets()->set(core::io::secretKeyForGlobal("k"), kCanary));
        QVERIFY(test::readAll(m_root + "/.quiver/secrets.json").contains("CANARY-7f3a9c"));
        // Without the setting, the file store is used silently.
        ui::WorkspaceSession plain;
        QVERIFY(plain.open(m_root));
        QCOMPARE(plain.secretsStatus(), QString());
        QCOMPARE(plain.secrets()->get(core::io::secretKeyForGlobal("k")),
                 std::optional<std::string>(kCanary));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    QString m_root;
};

QTEST_MAIN(EnvironmentEditorTest)
#include "test_environment_editor.moc"
