// `quiver-cli run` on a workspace against an in-process mock server: exit codes 0, 1 and 2,
// the JUnit report read back by python3's xml.etree, redaction of --var values, and the
// workspace's files byte-identical after every run.

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "integration/run_workspace.h"
#include "mock/server.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver::core;

namespace {

constexpr int kProcessCapMs = 60'000; // bounds a broken test, not the code's speed

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runProcess(const QString& program, const QStringList& args) {
    QProcess process;
    process.start(program, args);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(kProcessCapMs)) {
        process.kill();
        process.waitForFinished(kProcessCapMs);
        run.err = "did not finish";
        return run;
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return run;
}

Run runCli(const QStringList& args) {
    return runProcess(qEnvironmentVariable("QUIVER_CLI"), QStringList{"run"} + args);
}

// "tests failures errors skipped testcases failure-elements", as python3's xml reads them.
QString junitCounts(const QString& file) {
    const Run run = runProcess(
        "/usr/bin/python3",
        {"-c",
         "import sys, xml.etree.ElementTree as ET\n"
         "root = ET.parse(sys.argv[1]).getroot()\n"
         "assert root.tag == 'testsuites', root.tag\n"
         "print(root.get('tests'), root.get('failures'), root.get('errors'), root.get('skipped'),\n"
         "      len(root.findall('.//testcase')), len(root.findall('.//failure')))\n",
         file});
    return run.exitCode == 0 ? run.out.trimmed() : "python3 failed: " + run.err;
}

// Every file under root (hidden ones too) and the SHA-256 of its bytes.
QMap<QString, QByteArray> hashTree(const QString& root) {
    QMap<QString, QByteArray> hashes;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            hashes[QDir(root).relativeFilePath(path)] =
                QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
    }
    return hashes;
}

QString describe(const Run& run) {
    return QString("exit %1\nstdout:\n%2\nstderr:\n%3").arg(run.exitCode).arg(run.out, run.err);
}

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;    // the workspace
    QTemporaryDir m_outDir; // reports and data files, outside the workspace
    WaitingSink m_sink;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<mock::Server> m_server;
    QMap<QString, QByteArray> m_before;

    QString ws() const { return m_dir.path(); }
    QString out(const QString& name) const { return m_outDir.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY2(QFileInfo(qEnvironmentVariable("QUIVER_CLI")).isExecutable(),
                 "QUIVER_CLI does not name the built quiver-cli");
        m_engine = std::make_unique<Engine>(m_sink);
        auto server = mock::Server::start(*m_engine, quiver::test::runMockServer());
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        m_server = std::move(*server);
        const std::filesystem::path root = ws().toStdString();
        QVERIFY(quiver::test::writeRunWorkspace(root));
        auto workspace = io::Workspace::open(root);
        QVERIFY(workspace);
        model::Environment local;
        local.id = "local";
        local.name = "Local";
        local.variables = {{"base", m_server->url(), false, true}};
        QVERIFY(workspace->saveEnvironment(local, nullptr));
        m_before = hashTree(ws());
        QVERIFY(m_before.contains("requests/auth/login.json"));
        QVERIFY(m_before.contains("environments/local.json"));
    }

    void cleanupTestCase() {
        m_server.reset();
        m_engine.reset();
    }

    void passingFolderExitsZero() {
        const Run run =
            runCli({ws(), "--folder", "auth", "--env", "local", "--reporter",
                    "junit:" + out("auth.xml"), "--reporter", "json:" + out("auth.json")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.out.contains("✓ login  200"), qPrintable(run.out));
        QVERIFY(run.out.contains("✓ profile  200"));
        QVERIFY2(run.out.contains("2 requests (0 failed, 0 skipped), 6 assertions (0 failed)"),
                 qPrintable(run.out));
        QCOMPARE(junitCounts(out("auth.xml")), QString("2 0 0 0 2 0"));
        QFile json(out("auth.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(report["environment"].toString(), QString("Local"));
        QCOMPARE(report["summary"].toObject()["passed"].toBool(), true);
        QCOMPARE(report["results"].toArray().size(), 2);
    }

    void failuresExitOne() {
        const Run run = runCli(
            {ws(), "--env", "local", "--var", "user=cy", "--reporter", "junit:" + out("all.xml")});
        QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
        QVERIFY2(run.out.contains("✗ fail  500"), qPrintable(run.out));
        QVERIFY(run.out.contains("\n    ✗ status is 500, expected 200"));
        QVERIFY(run.out.contains("- bad  skipped: "));
        QVERIFY(run.out.contains("✓ after  500"));
        // 6 test cases: one failed (one failed assertion), the broken file skipped.
        QCOMPARE(junitCounts(out("all.xml")), QString("6 1 0 1 6 1"));
    }

    void bailStopsAtTheFirstFailure() {
        const Run run = runCli({ws(), "--folder", "fail", "--env", "local", "--bail",
                                "--iterations", "3", "--reporter", "junit:" + out("bail.xml")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(!run.out.contains("after"));
        QVERIFY(run.out.contains("stopped early"));
        QCOMPARE(junitCounts(out("bail.xml")), QString("1 1 0 0 1 1"));
    }

    void dataRowsAndRedactedVars() {
        QFile csv(out("users.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("user,unused\r\nann,\"a, b\"\r\nbob,x\r\n");
        csv.close();
        const Run run = runCli({ws(), "--folder", "data", "--var",
                                "base=" + QString::fromStdString(m_server->url()), "--data",
                                out("users.csv"), "--reporter", "json:" + out("data.json"),
                                "--reporter", "junit:" + out("data.xml")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY(run.out.contains("[1] ✓ echo  200"));
        QVERIFY(run.out.contains("[2] ✓ echo  200"));
        QCOMPARE(junitCounts(out("data.xml")), QString("2 0 0 0 2 0"));
        QFile json(out("data.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray text = json.readAll();
        // The --var value (the server's URL) is treated as a secret in reports.
        QVERIFY(!text.contains(QByteArray::fromStdString(m_server->url())));
        const QJsonArray results = QJsonDocument::fromJson(text).object()["results"].toArray();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[1].toObject()["url"].toString(), QString("<redacted>/echo/bob"));
    }

    void usageErrorsExitTwo() {
        Run run = runCli({ws(), "--env", "nope"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("unknown environment 'nope' (available: local)"),
                 qPrintable(run.err));
        run = runCli({ws(), "--folder", "nowhere"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("no folder 'nowhere'"));
        run = runCli({ws(), "--data", out("missing.csv")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("missing.csv"));
        QFile broken(out("broken.csv"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("a,b\n1\n");
        broken.close();
        run = runCli({ws(), "--data", out("broken.csv")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("broken.csv: line 2"), qPrintable(run.err));
        run = runCli({ws(), "--var", "novalue"});
        QCOMPARE(run.exitCode, 2);
        run = runCli({ws(), "--reporter", "html:x"});
        QCOMPARE(run.exitCode, 2);
        run = runCli({m_outDir.filePath("no-workspace")});
        QCOMPARE(run.exitCode, 2);
        run = runCli({ws(), "--iterations", "0"});
        QCOMPARE(run.exitCode, 2);
    }

    void workspaceIsUntouched() {
        // Runs after the others (Qt Test keeps declaration order).
        const auto after = hashTree(ws());
        QCOMPARE(after.keys(), m_before.keys());
        for (const auto& path : m_before.keys())
            QVERIFY2(after[path] == m_before[path], qPrintable(path + " changed"));
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "test_cli_run.moc"
